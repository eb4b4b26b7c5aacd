import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../scripts/launch/postgres.js";
import { loadConfig } from "../src/config.js";
import { openDatabase, type Database } from "../src/db/database.js";
import { buildApp } from "../src/http/app.js";
import { startListener } from "./support/listener.js";
import { startAutoFailover, type AutoFailover } from "./support/auto-failover.js";

// A primary failover under load, with real parts: a pg_auto_failover formation (a monitor, a
// PostgreSQL 15 primary and its synchronous secondary); the gateway on the formation's multi-host
// URL `…h1,h2/db?target_session_attrs=read-write`. Two faults, the monitor promoting the secondary
// each time: the primary's PostgreSQL crashes and its keeper restarts it (issue 27: the restarted
// old primary, briefly read-write, answered a retried Idempotency-Key with a payment that pg_rewind
// then discarded), and the primary's machine is lost mid-burst (node and keeper killed). No
// acknowledged payment is lost.

let formation: AutoFailover;
let database: Database;
let app: FastifyInstance;
let base: string;
let dataDir: string;

async function call(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + route, {
    method,
    headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: parsed as Record<string, unknown> & { id: string } };
}

beforeAll(async () => {
  formation = await startAutoFailover();
  const url = formation.url;
  dataDir = mkdtempSync(path.join(tmpdir(), "gw-failover-"));
  database = await openDatabase({ databaseUrl: url, dataDir, poolSize: 20, log: () => undefined });
  app = await buildApp(loadConfig({ LOG_LEVEL: "silent", DATABASE_URL: url, AUTH: "false", EVENTS_CALLBACK_ALLOW: "*", EVENTS_POLL_MS: "200" }), database);
  await app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}, 120_000);

/** What the test opened beside the gateway (a WebSocket client, a listener), closed even when it fails. */
const closers: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const close of closers) await close().catch(() => undefined);
  await app?.close();
  await database?.close();
  await formation?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Answer = { key: string; status: number; id?: string; at: number };

/**
 * `count` writers post payments of 1.00 on `accountId`, each with an Idempotency-Key (also its
 * correlatorId), and retry a key until it is answered (no answer or a 503: again after 100 ms), as a
 * client that must not pay twice does. Runs until `stop()`; each writer then finishes its key.
 */
function keyedWriters(accountId: string, count: number) {
  const answers: Answer[] = [];
  let stopping = false;
  const post = (key: string) =>
    call(
      "POST",
      "/tmf-api/paymentManagement/v4/payment",
      {
        account: { id: accountId },
        correlatorId: key,
        paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
        totalAmount: { unit: "EUR", value: "1.00" },
      },
      { "idempotency-key": key },
    ).catch(() => ({ status: 0, retryAfter: null, body: { id: "" } }));
  const writer = async (w: number) => {
    for (let n = 0; !stopping; n++) {
      const key = `w${w}-${n}-${Date.now()}`;
      const giveUp = Date.now() + 60_000;
      for (;;) {
        const res = await post(key);
        answers.push({ key, status: res.status, id: res.status === 201 || res.status === 200 ? res.body.id : undefined, at: Date.now() });
        if ((res.status !== 503 && res.status !== 0) || Date.now() > giveUp) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const running = Promise.all(Array.from({ length: count }, (_, w) => writer(w)));
  return {
    answers,
    stop: () => {
      stopping = true;
      return running;
    },
  };
}

describe("primary failover", () => {
  it("20 writers with Idempotency-Keys, the primary's PostgreSQL crashes and its keeper restarts it: every key is one payment, every 201 a stored one", async () => {
    const account = await call("POST", "/tmf-api/accountManagement/v4/billingAccount", {
      name: "Crash",
      relatedParty: [{ id: "org-c", name: "C", role: "partner", "@referredType": "Organization" }],
    });
    expect(account.status).toBe(201);
    const writers = keyedWriters(account.body.id, 20);
    // The crash comes once payments are flowing (a bounded wait: a loaded machine warms up slowly).
    const warm = Date.now() + 15_000;
    while (writers.answers.filter((a) => a.status === 201).length < 40 && Date.now() < warm) await new Promise((r) => setTimeout(r, 100));
    await formation.waitForHealthy(10_000); // the fault strikes a synchronous formation: every 201 so far is on the secondary
    const crashed = formation.primary();
    const crashedAt = Date.now();
    await formation.crashPostgres(crashed, 300);
    const newPrimary = await formation.waitForPromotion(crashed, 30_000);
    const promotedAt = Date.now();
    const deadline = promotedAt + 20_000;
    while (writers.answers.filter((a) => a.status === 201 && a.at > promotedAt).length < 100 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await writers.stop();

    const answers = writers.answers;
    const unexpected = answers.find((a) => ![0, 201, 503].includes(a.status));
    expect(unexpected, JSON.stringify(unexpected)).toBeUndefined();
    const answered = new Map(answers.filter((a) => a.id).map((a) => [a.key, a.id!]));
    const keys = new Set(answers.map((a) => a.key));
    expect(answered.size, "every key is answered in the end").toBe(keys.size);
    const retried = new Set(answers.filter((a) => a.status !== 201).map((a) => a.key));
    await withClient(formation.nodeUrls[newPrimary]!, async (c) => {
      const { rows } = await c.query<{ key: string; id: string; n: number }>(
        `SELECT "correlatorId" AS key, min(id::text) AS id, count(*)::int AS n FROM payment WHERE "accountId" = $1 GROUP BY "correlatorId"`,
        [account.body.id],
      );
      const stored = new Map(rows.map((r) => [r.key, r]));
      const lost = [...answered].filter(([key, id]) => stored.get(key)?.id !== id);
      console.info(
        `postgres crash: ${answered.size} keys, ${retried.size} retried, ${answers.length - answered.size} attempts unanswered; ` +
          `promoted ${promotedAt - crashedAt} ms after the crash; ${lost.length} answered payments not on the new primary`,
      );
      expect(lost, "every 201 names the payment stored for its key on the new primary").toEqual([]);
      expect(
        rows.filter((r) => r.n !== 1),
        "every key is one payment",
      ).toEqual([]);
      expect(rows.length).toBe(keys.size);
      const ledger = await c.query(
        `SELECT (SELECT -"balanceValue" FROM billing_account WHERE id = $1)::text AS balance, (SELECT sum("totalAmountValue") FROM payment WHERE "accountId" = $1)::text AS paid`,
        [account.body.id],
      );
      expect(ledger.rows[0].balance).toBe(ledger.rows[0].paid);
    });
    await formation.waitForHealthy(60_000); // the old primary rejoins as the secondary: the next test has a formation again
  }, 120_000);

  it("50 writers, the primary is lost mid-burst: every 201 exists once, balances reconcile, 503s meanwhile, events and subscriptions carry on", async () => {
    const account = await call("POST", "/tmf-api/accountManagement/v4/billingAccount", {
      name: "Failover",
      relatedParty: [{ id: "org-f", name: "F", role: "partner", "@referredType": "Organization" }],
    });
    expect(account.status).toBe(201);
    const listener = await startListener();
    closers.push(async () => listener.close());
    expect((await call("POST", "/tmf-api/paymentManagement/v4/hub", { callback: listener.url, query: "eventType=PaymentCreateEvent" })).status).toBe(201);
    const subscribed: string[] = [];
    const ws = createClient({ url: `${base.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
    closers.push(async () => ws.dispose());
    ws.subscribe<{ paymentCreated: { id: string } }>(
      { query: `subscription ($a: ID) { paymentCreated(accountId: $a) { id } }`, variables: { a: account.body.id } },
      { next: (message) => message.data && subscribed.push(message.data.paymentCreated.id), error: () => undefined, complete: () => undefined },
    );
    await new Promise((r) => setTimeout(r, 300));

    const answers: { status: number; retryAfter: string | null; id?: string; at: number }[] = [];
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const res = await call("POST", "/tmf-api/paymentManagement/v4/payment", {
          account: { id: account.body.id },
          paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
          totalAmount: { unit: "EUR", value: "1.00" },
        }).catch(() => ({ status: 0, retryAfter: null, body: { id: "" } })); // no answer at all: counted, and refused below
        answers.push({ status: res.status, retryAfter: res.retryAfter, id: res.status === 201 ? res.body.id : undefined, at: Date.now() });
        if (res.status === 503) await new Promise((r) => setTimeout(r, 100)); // a polite client backs off a little (not Retry-After's 5 s: the test is bounded)
      }
    };
    const writers = Array.from({ length: 50 }, writer);

    // The crash comes mid-burst: once writes are flowing (bounded wait; a loaded machine is slow to warm up).
    const warm = Date.now() + 15_000;
    while (answers.filter((a) => a.status === 201).length <= 20 && Date.now() < warm) await new Promise((r) => setTimeout(r, 100));
    await formation.waitForHealthy(10_000); // as above: synchronous when the primary is lost
    const crashedAt = Date.now();
    const lost = formation.primary();
    formation.crash(lost);
    const newPrimary = await formation.waitForPromotion(lost, 30_000);
    const promotedAt = Date.now();
    const deadline = promotedAt + 30_000;
    while (answers.filter((a) => a.status === 201 && a.at > promotedAt).length < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await Promise.all(writers);

    // Never a 500: 201, or 503 with Retry-After while there is no primary.
    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].sort(), JSON.stringify(answers.find((a) => a.status !== 201 && a.status !== 503))).toEqual(statuses.has(503) ? [201, 503] : [201]);
    expect(answers.filter((a) => a.status === 503).every((a) => a.retryAfter === "5")).toBe(true);
    const ok = answers.filter((a) => a.status === 201);
    expect(ok.filter((a) => a.at < crashedAt).length).toBeGreaterThan(20);
    const resumed = ok.find((a) => a.at > promotedAt);
    expect(resumed, "writes resumed after the promotion").toBeDefined();
    expect(resumed!.at - crashedAt).toBeLessThan(30_000);
    console.info(
      `failover: ${ok.length} × 201, ${answers.length - ok.length} × 503, writes resumed ${resumed!.at - crashedAt} ms after the crash (${resumed!.at - promotedAt} ms after the monitor's promotion)`,
    );

    // On the new primary: every acknowledged payment exactly once, each with its event; the balance is their sum.
    const ids = ok.map((a) => a.id!);
    await withClient(formation.nodeUrls[newPrimary]!, async (c) => {
      const found = await c.query(`SELECT count(DISTINCT id)::int AS n FROM payment WHERE id = ANY($1::uuid[])`, [ids]);
      expect(found.rows[0].n).toBe(ids.length);
      const ledger = await c.query(
        `SELECT (SELECT -"balanceValue" FROM billing_account WHERE id = $1)::text AS balance,
                (SELECT sum("totalAmountValue") FROM payment WHERE "accountId" = $1)::text AS paid,
                (SELECT count(*) FROM payment p WHERE p."accountId" = $1
                   AND NOT EXISTS (SELECT 1 FROM event e WHERE e."resourceId" = p.id AND e."eventType" = 'PaymentCreateEvent'))::int AS without_event`,
        [account.body.id],
      );
      expect(ledger.rows[0].balance).toBe(ledger.rows[0].paid);
      expect(ledger.rows[0].without_event).toBe(0);
    });

    // The dispatcher carries on: every acknowledged payment reaches the listener; the subscription gets those made after the switch.
    const heard = () => new Set(listener.received.map((e) => e.event.payment!.id));
    const until = Date.now() + 60_000;
    let heardSet = heard();
    while (ids.some((id) => !heardSet.has(id)) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 200));
      heardSet = heard();
    }
    expect(ids.filter((id) => !heardSet.has(id))).toEqual([]);
    const afterSwitch = ok.filter((a) => a.at > promotedAt).map((a) => a.id!);
    const subscribedSet = new Set(subscribed);
    expect(afterSwitch.filter((id) => !subscribedSet.has(id))).toEqual([]);
  }, 120_000);
});
