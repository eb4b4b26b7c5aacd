import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { databaseUrl } from "./support/database.js";
import { freePort } from "../scripts/launch/service.mjs";
import { exited, startService as startServiceWith } from "./support/service-process.js";

// The service as users run it (`npm start` = node --import tsx src/main.ts): embedded PostgreSQL by
// default, or the server of DATABASE_URL; graceful stop on SIGTERM; recovery after kill -9.
const embedded = process.env.TEST_DB_TARGET !== "server";
let dataDir: string;
let env: Record<string, string>;
let serverDb: string | undefined;
const startService = () => startServiceWith(env);

const postmasterPid = () => {
  const file = path.join(dataDir, "pg", "postmaster.pid");
  return existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : undefined;
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  mkdirSync(".test-data", { recursive: true });
  dataDir = mkdtempSync(path.resolve(".test-data", "service-"));
  env = { DATA_DIR: dataDir, DATABASE_URL: "", AUTH: "false" };
  if (!embedded) {
    const admin = inject("adminDatabaseUrl");
    serverDb = `gw_service_${Date.now()}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${serverDb}`);
    await client.end();
    env.DATABASE_URL = databaseUrl(admin, serverDb);
  }
});

afterAll(async () => {
  const pid = postmasterPid();
  if (pid && alive(pid)) process.kill(pid, "SIGINT");
  rmSync(dataDir, { recursive: true, force: true });
  if (serverDb) {
    const client = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${serverDb} WITH (FORCE)`);
    await client.end();
  }
});

describe(`the service on ${embedded ? "its embedded PostgreSQL" : "DATABASE_URL"}`, () => {
  it("starts, migrates, serves, stops cleanly on SIGTERM and keeps its data across restarts", async () => {
    const first = await startService();
    const created = await fetch(`${first.url}/tmf-api/customerManagement/v4/customer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Persistent", engagedParty: { id: "p-1", "@referredType": "Individual" } }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const pgPid = postmasterPid();
    if (embedded) expect(pgPid && alive(pgPid)).toBe(true);

    first.child.kill("SIGTERM");
    expect(await exited(first.child)).toBe(0);
    if (embedded) {
      expect(alive(pgPid!)).toBe(false);
      expect(postmasterPid()).toBeUndefined();
    }

    const second = await startService();
    console.log(`restart with an existing ${embedded ? "data dir" : "database"}: ready in ${second.readyMs} ms`);
    const back = await fetch(`${second.url}/tmf-api/customerManagement/v4/customer/${created.id}`).then((r) => r.json() as Promise<{ name: string }>);
    expect(back.name).toBe("Persistent");
    second.child.kill("SIGINT");
    expect(await exited(second.child)).toBe(0);
  });

  it("recovers after kill -9: the orphaned PostgreSQL is stopped and every write is still there", async () => {
    const first = await startService();
    const created = await fetch(`${first.url}/tmf-api/customerManagement/v4/customer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Survivor", engagedParty: { id: "p-2", "@referredType": "Individual" } }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    first.child.kill("SIGKILL");
    await exited(first.child);

    const second = await startService();
    const back = await fetch(`${second.url}/tmf-api/customerManagement/v4/customer/${created.id}`).then((r) => r.json() as Promise<{ name: string }>);
    expect(back.name).toBe("Survivor");
    second.child.kill("SIGTERM");
    expect(await exited(second.child)).toBe(0);
  });

  it("loses no acknowledged payment when killed -9 in the middle of a burst", async () => {
    const first = await startService();
    const post = (path: string, body: unknown) =>
      fetch(`${first.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const customer = (await (
      await post("/tmf-api/customerManagement/v4/customer", { name: "Burst", engagedParty: { id: "p-3", "@referredType": "Individual" } })
    ).json()) as { id: string };
    const account = (await (
      await post("/tmf-api/accountManagement/v4/billingAccount", {
        name: "Burst account",
        relatedParty: [{ id: customer.id, name: "Burst", role: "customer", "@referredType": "Customer" }],
      })
    ).json()) as { id: string };

    const acknowledged: { id: string; value: number }[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const value = 1 + ((w * 31 + i) % 97) / 100;
        try {
          const res = await post("/tmf-api/paymentManagement/v4/payment", {
            account: { id: account.id },
            paymentMethod: { name: "card", "@type": "BankCard" },
            totalAmount: { unit: "EUR", value },
          });
          if (res.status === 201) acknowledged.push({ id: ((await res.json()) as { id: string }).id, value });
        } catch {
          return; // the connection died with the process: that request was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 16 }, (_, w) => writer(w));
    while (acknowledged.length < 100) await new Promise((r) => setTimeout(r, 5));
    first.child.kill("SIGKILL");
    stop = true;
    await exited(first.child);
    await Promise.all(writers);

    const second = await startService();
    const body = JSON.stringify({
      query: `query ($f: PaymentFilter) { payments(filter: $f, limit: 1000) { id } billingAccount(id: "${account.id}") { accountBalance { amount { value } } } }`,
      variables: { f: { account: { id: { eq: account.id } } } },
    });
    const result = (await fetch(`${second.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body }).then((r) => r.json())) as {
      data: { payments: { id: string }[]; billingAccount: { accountBalance: { amount: { value: number } }[] } };
    };
    const stored = result.data.payments.map((p) => p.id);
    expect(new Set(stored).size).toBe(stored.length);
    for (const { id } of acknowledged) expect(stored).toContain(id);
    // The balance is exactly minus the sum of the payments stored (acknowledged or committed just before the kill).
    const paidCents = await Promise.all(
      stored.map(async (id) => {
        const p = (await fetch(`${second.url}/tmf-api/paymentManagement/v4/payment/${id}?fields=totalAmount`).then((r) => r.json())) as {
          totalAmount: { value: number };
        };
        return Math.round(p.totalAmount.value * 100);
      }),
    );
    const balanceCents = Math.round(result.data.billingAccount.accountBalance[0]!.amount.value * 100);
    expect(balanceCents).toBe(-paidCents.reduce((a, b) => a + b, 0));
    second.child.kill("SIGTERM");
    expect(await exited(second.child)).toBe(0);
  });

  it("stops with everything it started when `npm start` itself is signalled (as a supervisor or a terminal tab does)", async () => {
    const port = await freePort();
    const npm = spawn("npm", ["start"], { env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" }, stdio: "ignore" });
    const npmExited = exited(npm);
    const deadline = Date.now() + 60_000;
    while (
      !(await fetch(`http://127.0.0.1:${port}/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      expect(Date.now(), "npm start did not become ready").toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const pgPid = postmasterPid();
    if (embedded) expect(pgPid && alive(pgPid)).toBe(true);

    npm.kill("SIGTERM");
    await npmExited;
    await expect(fetch(`http://127.0.0.1:${port}/ready`)).rejects.toThrow();
    if (embedded) {
      expect(alive(pgPid!)).toBe(false);
      expect(postmasterPid()).toBeUndefined();
    }
  });
});
