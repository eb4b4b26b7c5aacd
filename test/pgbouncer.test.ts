import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createScratchDatabase, withClient, type ScratchDatabase } from "../scripts/launch/postgres.js";
import { loadConfig } from "../src/config.js";
import { applyMigrations } from "../src/db/migrate.js";
import { buildApp } from "../src/http/app.js";
import { startListener } from "./support/listener.js";
import { startPgBouncer, type PgBouncer } from "./support/pgbouncer.js";

// The gateway behind a real PgBouncer 1.18 in transaction pooling (Debian's): migrations (their
// lock is transaction-scoped), statements sent unnamed (DATABASE_PREPARED_STATEMENTS=false),
// LISTEN/NOTIFY and the dispatcher on a direct connection (DATABASE_LISTEN_URL), and the core
// REST, GraphQL and money flows through the pooler.

let scratch: ScratchDatabase;
let bouncer: PgBouncer;
let pool: pg.Pool;
let app: FastifyInstance;
let base: string;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const transactions = async () => (await bouncer.admin<{ database: string; total_xact_count: string }>("SHOW STATS")).find((s) => s.database === scratch.name)!;

beforeAll(async () => {
  scratch = await createScratchDatabase(inject("adminDatabaseUrl"), "gw_bouncer_");
  bouncer = await startPgBouncer(scratch.url, 8);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await pool?.end().catch(() => undefined);
  await bouncer?.stop();
  await scratch?.drop();
});

describe("behind PgBouncer in transaction pooling", () => {
  it("migrations run through it: two concurrent migrators apply each migration once", async () => {
    const [first, second] = await Promise.all([applyMigrations(bouncer.url), applyMigrations(bouncer.url)]);
    const all = [...first, ...second].sort();
    expect(all.length).toBeGreaterThan(10);
    expect(new Set(all).size).toBe(all.length);
    const recorded = await withClient(scratch.url, (c) => c.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`));
    expect(recorded.rows[0].n).toBe(all.length);
  });

  it("serves REST, GraphQL, money and events through it", async () => {
    pool = new pg.Pool({ connectionString: bouncer.url, max: 30 });
    pool.on("error", () => undefined);
    const database = { pool, url: bouncer.url, embedded: false, close: () => pool.end() };
    app = await buildApp(loadConfig({ LOG_LEVEL: "silent", DATABASE_PREPARED_STATEMENTS: "false", DATABASE_LISTEN_URL: scratch.url }), database);
    await app.listen({ host: "127.0.0.1", port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const before = Number((await transactions()).total_xact_count);

    const listener = await startListener();
    expect((await call("POST", "/tmf-api/paymentManagement/v4/hub", { callback: listener.url, query: "eventType=PaymentCreateEvent" })).status).toBe(201);
    const customer = await call("POST", "/tmf-api/customerManagement/v4/customer", {
      name: "Pooled",
      engagedParty: { id: "o", "@referredType": "Organization" },
    });
    expect(customer.status).toBe(201);
    const account = await call("POST", "/tmf-api/accountManagement/v4/billingAccount", {
      name: "Pooled account",
      relatedParty: [{ id: customer.body.id, name: "Pooled", role: "customer", "@referredType": "Customer" }],
    });
    expect(account.status).toBe(201);
    const bill = await call("POST", "/graphql", {
      query: `mutation ($a: String!) { createCustomerBill(input: { billingAccount: { id: $a }, amountDue: { unit: "EUR", value: "100.00" } }) { id } }`,
      variables: { a: account.body.id },
    });
    expect(bill.body.errors).toBeUndefined();

    // 40 payments at once: more requests than server connections; the balance is exact.
    const payments = await Promise.all(
      Array.from({ length: 40 }, () =>
        call("POST", "/tmf-api/paymentManagement/v4/payment", {
          account: { id: account.body.id },
          paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
          totalAmount: { unit: "EUR", value: "0.25" },
        }),
      ),
    );
    expect(
      payments.map((p) => p.status),
      JSON.stringify(payments[0]!.body),
    ).toEqual(Array(40).fill(201));
    const refund = await call("POST", "/tmf-api/paymentManagement/v4/refund", {
      account: { id: account.body.id },
      payment: { id: payments[0]!.body.id },
      paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
      totalAmount: { unit: "EUR", value: "0.25" },
    });
    expect(refund.status).toBe(201);

    const read = await call("POST", "/graphql", {
      query: `query ($id: ID!) { billingAccount(id: $id) { accountBalance { amount { value } } payments(limit: 50) { id } bills { remainingAmount { value } } customer { name } } paymentsCount }`,
      variables: { id: account.body.id },
    });
    expect(read.body.errors).toBeUndefined();
    // 100 due − 40 × 0.25 paid + 0.25 refunded.
    expect(read.body.data.billingAccount).toMatchObject({ accountBalance: [{ amount: { value: 90.25 } }], customer: { name: "Pooled" } });
    expect(read.body.data.billingAccount.payments).toHaveLength(40);
    expect(read.body.data.paymentsCount).toBe(40);
    const listed = await call("GET", `/tmf-api/paymentManagement/v4/payment?account.id=${account.body.id}&limit=5&fields=totalAmount`);
    expect(listed.status).toBe(200);
    expect(listed.headers.get("x-total-count")).toBe("40");

    // Events: the outbox's NOTIFY wakes the dispatcher on its direct connection.
    expect((await listener.waitFor(40)).length).toBe(40);
    await listener.close();

    // The gateway's statements went through PgBouncer.
    expect(Number((await transactions()).total_xact_count) - before).toBeGreaterThan(50);
  });
});

describe("behind PgBouncer 1.18 in transaction pooling with prepared statements left on", () => {
  it("answers 503 with Retry-After naming DATABASE_PREPARED_STATEMENTS=false, never 500, on REST and GraphQL", async () => {
    const named = new pg.Pool({ connectionString: bouncer.url, max: 30 });
    named.on("error", () => undefined);
    const database = { pool: named, url: bouncer.url, embedded: false, close: () => named.end() };
    const misconfigured = await buildApp(loadConfig({ LOG_LEVEL: "silent", DATABASE_LISTEN_URL: scratch.url }), database);
    await misconfigured.listen({ host: "127.0.0.1", port: 0 });
    const url = `http://127.0.0.1:${(misconfigured.server.address() as { port: number }).port}`;
    const rest = () => fetch(`${url}/tmf-api/customerManagement/v4/customer?limit=5`);
    const graphql = () =>
      fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ customers(limit: 5) { id } customersCount }" }),
      });
    const answers: {
      carrier: string;
      status: number;
      retryAfter: string | null;
      body: { message?: string; errors?: { message: string; extensions: { code: string } }[] };
    }[] = [];
    try {
      // Named statements prepared on one server connection and used on another: PostgreSQL answers
      // "prepared statement … already exists" (42P05) or "… does not exist" (26000).
      // Which requests meet a conflict is up to timing: rounds go on until each carrier has met one.
      const refusedOn = (carrier: string) => answers.some((a) => a.status === 503 && a.carrier === carrier);
      for (let round = 0; round < 10 && !(refusedOn("rest") && refusedOn("graphql")); round++) {
        const responses = await Promise.all([...Array.from({ length: 15 }, rest), ...Array.from({ length: 15 }, graphql)]);
        for (const [i, res] of responses.entries()) {
          answers.push({
            carrier: i < 15 ? "rest" : "graphql",
            status: res.status,
            retryAfter: res.headers.get("retry-after"),
            body: (await res.json()) as (typeof answers)[number]["body"],
          });
        }
      }
    } finally {
      await misconfigured.close();
      await named.end().catch(() => undefined);
    }
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.some((a) => a.carrier === "rest")).toBe(true);
    expect(refused.some((a) => a.carrier === "graphql")).toBe(true);
    for (const answer of refused) {
      expect(answer.retryAfter).toBe("5");
      const message = answer.carrier === "rest" ? answer.body.message : answer.body.errors![0]!.message;
      expect(message).toContain("set DATABASE_PREPARED_STATEMENTS=false");
      if (answer.carrier === "graphql") expect(answer.body.errors![0]!.extensions.code).toBe("SERVICE_UNAVAILABLE");
    }
  });
});
