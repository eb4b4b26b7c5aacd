import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../scripts/launch/postgres.js";
import { loadConfig } from "../src/config.js";
import type { Database } from "../src/db/database.js";
import { applyMigrations } from "../src/db/migrate.js";
import { buildApp } from "../src/http/app.js";
import { startReplicatedPostgres, type ReplicatedPostgres } from "./support/streaming-replica.js";

// Every answer that acknowledges a write is as durable as a commit, the replay of an Idempotency-Key
// included: on a real PostgreSQL 15 primary with synchronous replication (synchronous_standby_names
// '*') and its standby stopped, a first create and a replay both wait for the standby; they answer
// once it is back. A replay that only read would answer at once, with a payment the standby may
// never have had (issue 27: a restarted old primary answered a retry, then pg_rewind discarded it).

const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";

let cluster: ReplicatedPostgres;
let database: Database;
let app: FastifyInstance;
let base: string;

async function call(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + route, {
    method,
    headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> & { id: string } };
}

const synchronousStandby = (on: boolean) =>
  withClient(cluster.primaryUrl, async (c) => {
    await c.query(on ? `ALTER SYSTEM SET synchronous_standby_names = '*'` : `ALTER SYSTEM RESET synchronous_standby_names`);
    await c.query(`SELECT pg_reload_conf()`);
  });

/** What `request` answered within `ms`, or "pending". */
const within = <T>(request: Promise<T>, ms: number) => Promise.race([request, new Promise<"pending">((r) => setTimeout(() => r("pending"), ms))]);

beforeAll(async () => {
  cluster = await startReplicatedPostgres();
  await applyMigrations(cluster.primaryUrl);
  const pool = new pg.Pool({ connectionString: cluster.primaryUrl, max: 10 });
  pool.on("error", () => undefined);
  database = { pool, url: cluster.primaryUrl, embedded: false, close: () => pool.end() };
  app = await buildApp(loadConfig({ LOG_LEVEL: "silent", AUTH: "false" }), database);
  await app.listen({ host: "127.0.0.1", port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
  cluster?.stop();
});

describe("durable acknowledgments (synchronous replication)", () => {
  it("an Idempotency-Key replay waits for the synchronous standby like a first create, on REST and GraphQL", async () => {
    const account = await call("POST", "/tmf-api/accountManagement/v4/billingAccount", {
      name: "Durable",
      relatedParty: [{ id: "org-d", name: "D", role: "partner", "@referredType": "Organization" }],
    });
    expect(account.status).toBe(201);
    const payment = (value: string) => ({
      account: { id: account.body.id },
      paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
      totalAmount: { unit: "EUR", value },
    });
    const first = await call("POST", PAYMENTS, payment("7.00"), { "idempotency-key": "durable-1" });
    expect(first.status).toBe(201);
    const graphqlInput = { account: { id: account.body.id }, paymentMethod: { name: "card", atType: "BankCard" }, totalAmount: { unit: "EUR", value: "3.00" } };
    const viaGraphql = () =>
      call("POST", "/graphql", {
        query: `mutation ($input: PaymentInput!) { createPayment(input: $input, idempotencyKey: "durable-gql") { id } }`,
        variables: { input: graphqlInput },
      });
    const firstGraphql = await viaGraphql();
    expect(firstGraphql.body.data).toBeDefined();

    await synchronousStandby(true);
    // What durability costs a replay (loopback, standby up): informative, not asserted.
    const timed = async (request: () => Promise<unknown>) => {
      const started = performance.now();
      for (let i = 0; i < 30; i++) await request();
      return ((performance.now() - started) / 30).toFixed(1);
    };
    const replayMs = await timed(() => call("POST", PAYMENTS, payment("7.00"), { "idempotency-key": "durable-1" }));
    const readMs = await timed(() => call("GET", `${PAYMENTS}/${first.body.id}`));
    console.info(`durable replay: ${replayMs} ms a replay, ${readMs} ms a GET of the same payment (synchronous standby on loopback)`);
    cluster.stopStandby();
    let standbyBack = false;
    try {
      const replay = call("POST", PAYMENTS, payment("7.00"), { "idempotency-key": "durable-1" });
      const replayGraphql = viaGraphql();
      const fresh = call("POST", PAYMENTS, payment("5.00"), { "idempotency-key": "durable-2" });
      // No standby: nothing is acknowledged, a replay no more than a first create.
      expect(await within(replay, 1500)).toBe("pending");
      expect(await within(replayGraphql, 10)).toBe("pending");
      expect(await within(fresh, 10)).toBe("pending");

      cluster.startStandby();
      standbyBack = true;
      const [replayed, replayedGraphql, created] = await Promise.all([replay, replayGraphql, fresh]);
      expect(replayed.status).toBe(201);
      expect(replayed.body.id).toBe(first.body.id);
      expect((replayedGraphql.body.data as { createPayment: { id: string } }).createPayment.id).toBe(
        (firstGraphql.body.data as { createPayment: { id: string } }).createPayment.id,
      );
      expect(created.status).toBe(201);
    } finally {
      if (!standbyBack) cluster.startStandby();
      await synchronousStandby(false);
    }
    await withClient(cluster.primaryUrl, async (c) => {
      const { rows } = await c.query(`SELECT count(*)::int AS n, sum("totalAmountValue")::text AS paid FROM payment WHERE "accountId" = $1`, [account.body.id]);
      expect(rows[0]).toEqual({ n: 3, paid: "15.0000" });
    });
  }, 60_000);
});
