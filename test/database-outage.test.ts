import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { exited, startService } from "./support/service-process.js";
import { startTcpProxy } from "./support/tcp-proxy.js";

// A database that goes away is the service's problem, not the client's: 503 with Retry-After, never a
// 500; the embedded PostgreSQL is restarted, and a service that cannot get it back exits non-zero.
const KEY = "outage-key-0123456789abcdef";
const auth = { AUTH: "true", API_KEYS: JSON.stringify([{ name: "ops", key: KEY, scopes: ["*"] }]) };
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const headers = { "x-api-key": KEY, "content-type": "application/json" };
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const get = (url: string, p: string) => fetch(`${url}${p}`, { headers });
const graphql = (url: string, query: string) => fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query }) });
const createCustomer = (url: string, name: string) =>
  fetch(`${url}${CUSTOMERS}`, { method: "POST", headers, body: JSON.stringify({ name, engagedParty: { id: "p", "@referredType": "Individual" } }) });

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a PostgreSQL server (DATABASE_URL) that becomes unreachable", () => {
  it("answers 503 with Retry-After on REST and GraphQL, /ready 503, and recovers when it is back", async () => {
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.close());
    const target = new URL(db.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    cleanups.push(() => proxy.close());
    const url = new URL(db.url);
    url.host = `127.0.0.1:${proxy.port}`;
    const service = await startService({ ...auth, DATABASE_URL: url.toString(), EVENTS_POLL_MS: "200" });
    cleanups.push(() => service.child.kill("SIGKILL"));
    expect((await createCustomer(service.url, "Before")).status).toBe(201);

    proxy.cut();
    const rest = await get(service.url, CUSTOMERS);
    expect(rest.status).toBe(503);
    expect(Number(rest.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await rest.json();
    expect(body).toMatchObject({ "@type": "Error", status: "503", code: "SERVICE_UNAVAILABLE" });
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|:\d{4,5}/);
    const write = await createCustomer(service.url, "During");
    expect(write.status).toBe(503);
    const gql = await graphql(service.url, "{ customersCount }");
    expect(gql.status).toBe(503);
    expect(((await gql.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("SERVICE_UNAVAILABLE");
    expect((await fetch(`${service.url}/ready`)).status).toBe(503);
    const metrics = await fetch(`${service.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).not.toMatch(/ECONNREFUSED/);

    proxy.restore();
    const back = await until(
      () => get(service.url, `${CUSTOMERS}?fields=name`),
      (r) => r.status === 200,
      15_000,
    );
    expect(back.status).toBe(200);
    expect(((await back.json()) as { name: string }[]).map((c: { name: string }) => c.name)).toEqual(["Before"]);
    service.child.kill("SIGTERM");
    expect(await exited(service.child)).toBe(0);
  });
});

describe.runIf(process.env.TEST_DB_TARGET !== "server")("the embedded PostgreSQL killed under the service", () => {
  const postmaster = (dataDir: string) => {
    const file = path.join(dataDir, "pg", "postmaster.pid");
    const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  };
  const newDataDir = () => {
    mkdirSync(".test-data", { recursive: true });
    const dir = mkdtempSync(path.resolve(".test-data", "outage-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it("is restarted: /health says so meanwhile, requests are 503 or served, never 500, and no data is lost", async () => {
    const dataDir = newDataDir();
    const service = await startService({ ...auth, DATA_DIR: dataDir, DATABASE_URL: "" });
    cleanups.push(() => service.child.kill("SIGKILL"));
    expect((await createCustomer(service.url, "Kept")).status).toBe(201);
    const { pid } = postmaster(dataDir);
    process.kill(pid, "SIGKILL");
    const statuses = new Set<number>();
    const recovered = await until(
      async () => {
        const res = await get(service.url, `${CUSTOMERS}?fields=name`);
        statuses.add(res.status);
        return res;
      },
      (r) => r.status === 200,
      20_000,
    );
    expect(recovered.status).toBe(200);
    expect([...statuses].every((s) => s === 200 || s === 503)).toBe(true);
    expect(((await recovered.json()) as { name: string }[]).map((c: { name: string }) => c.name)).toEqual(["Kept"]);
    expect(await (await fetch(`${service.url}/health`)).json()).toEqual({ status: "ok", embeddedDatabase: "up" });
    expect(postmaster(dataDir).pid).not.toBe(pid);
    service.child.kill("SIGTERM");
    expect(await exited(service.child)).toBe(0);
  });

  it("that cannot be started again makes the service exit non-zero, after answering 503 and /health 503", async () => {
    const dataDir = newDataDir();
    const service = await startService({ ...auth, DATA_DIR: dataDir, DATABASE_URL: "" });
    cleanups.push(() => service.child.kill("SIGKILL"));
    const { pid } = postmaster(dataDir);
    // The running server has read its PG_VERSION; without it no new server starts on that cluster.
    rmSync(path.join(dataDir, "pg", "PG_VERSION"));
    process.kill(pid, "SIGKILL");
    await until(
      () => fetch(`${service.url}/health`),
      (r) => r.status === 503,
      5_000,
    );
    const rest = await get(service.url, CUSTOMERS);
    expect(rest.status).toBe(503);
    expect(rest.headers.get("retry-after")).not.toBeNull();
    const health = await fetch(`${service.url}/health`);
    expect(health.status).toBe(503);
    expect(["restarting", "down"]).toContain(((await health.json()) as { embeddedDatabase: string }).embeddedDatabase);
    expect(await exited(service.child)).toBe(1);
  });
});
