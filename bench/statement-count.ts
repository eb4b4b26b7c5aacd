// SQL statements per request, counted by PostgreSQL (pg_stat_statements, the bench database only):
// one request in a window of its own, seven times, the smallest count reported (the product's own
// background work lands in some windows). Without pg_stat_statements the product is built in this
// process on a pg pool whose clients count what they send (BENCH_STATEMENT_COUNTER=inprocess forces it).
import pg from "pg";
import type { Service } from "../scripts/launch/service.mjs";
import type { BenchPostgres } from "./postgres.js";
import { log, sleep } from "./options.js";
import { AUTH_HEADERS, CUSTOMER_PATH, getJson, JSON_HEADERS, NESTED_QUERY, PAYMENT_PATH } from "./scenarios.js";
import type { SeedResult } from "./seed.js";

export interface StatementCount {
  total: number;
  statements: { calls: number; query: string }[];
  /** totals of every counting attempt (the smallest is reported). */
  attempts?: number[];
}
export type StatementCounts = Record<string, StatementCount & { status: number }>;
type Counter = (method: string, urlPath: string, body?: unknown) => Promise<{ count: StatementCount; status: number; body: unknown }>;

async function pgStatCounter(url: string, product: Service): Promise<{ counter: Counter; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  const snapshot = async () => {
    const { rows } = await client.query<{ key: string; query: string; calls: string }>(
      `SELECT userid || ':' || queryid || ':' || toplevel AS key, query, calls::text FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat_statements%'`,
    );
    return new Map(rows.map((r) => [r.key, { query: r.query, calls: Number(r.calls) }]));
  };
  const counter: Counter = async (method, urlPath, body) => {
    const before = await snapshot();
    const res = await fetch(`${product.url}${urlPath}`, {
      method,
      headers: body === undefined ? AUTH_HEADERS : JSON_HEADERS,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const after = await snapshot();
    const statements: StatementCount["statements"] = [];
    for (const [key, { query, calls }] of after) {
      const delta = calls - (before.get(key)?.calls ?? 0);
      if (delta > 0) statements.push({ calls: delta, query: query.replace(/\s+/g, " ").slice(0, 300) });
    }
    return {
      count: { total: statements.reduce((a, s) => a + s.calls, 0), statements },
      status: res.status,
      body: text ? JSON.parse(text) : undefined,
    };
  };
  return { counter, close: () => client.end() };
}

/** The product built in this process on a pool whose every client counts the statements it sends. */
async function inProcessCounter(url: string): Promise<{ counter: Counter; close(): Promise<void> }> {
  await import("reflect-metadata");
  const { buildApp } = await import("../src/http/app.js");
  const { loadConfig } = await import("../src/config.js");
  let sent: string[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  pool.on("error", () => undefined);
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
      const first = a[0] as string | { text?: string };
      sent.push(typeof first === "string" ? first : (first?.text ?? "?"));
      return query(...a);
    };
  });
  // No DATABASE_URL in this env: the development defaults (no authentication) of src/config.ts.
  const config = { ...loadConfig({ LOG_LEVEL: "silent", AUTH: "false" }), trustProxy: true } as Parameters<typeof buildApp>[0];
  const app = await buildApp(config, { pool, url, embedded: false, close: async () => undefined });
  const counter: Counter = async (method, urlPath, body) => {
    sent = [];
    const res = await app.inject({ method: method as "GET", url: urlPath, payload: body as object | undefined });
    const groups = new Map<string, number>();
    for (const q of sent) groups.set(q.replace(/\s+/g, " ").slice(0, 300), (groups.get(q.replace(/\s+/g, " ").slice(0, 300)) ?? 0) + 1);
    return {
      count: { total: sent.length, statements: [...groups].map(([query, calls]) => ({ query, calls })) },
      status: res.statusCode,
      body: res.body ? JSON.parse(res.body) : undefined,
    };
  };
  return {
    counter,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

/**
 * Counts the statements of one REST by-id read, one GraphQL by-id read, the nested read (limit 50 and
 * limit 2: the count must not grow with N) and one payment POST; checks the nested read's answer.
 */
export async function countStatements(
  db: BenchPostgres,
  product: Service,
  data: SeedResult,
  graphqlByIdQuery: string,
): Promise<{ statements: StatementCounts; how: string }> {
  const counting =
    db.statStatements && process.env.BENCH_STATEMENT_COUNTER !== "inprocess"
      ? { how: "pg_stat_statements", ...(await pgStatCounter(db.url, product)) }
      : { how: "in-process pg client wrapper", ...(await inProcessCounter(db.url)) };
  const statements: StatementCounts = {};
  try {
    // The product has background work of its own (e.g. an outbox dispatcher polling the database), and
    // pg_stat_statements counts everything in the database. A request is counted several times, each in
    // a window of its own; the smallest count is the request's own (background polls are periodic and
    // miss most windows). Each attempt runs the same request, so its statements are the same.
    const count = async (name: string, method: string, urlPath: string, body?: unknown, attempts = 7) => {
      await counting.counter(method, urlPath, typeof body === "function" ? (body as () => unknown)() : body); // warm: documents compiled, plans cached
      let best: Awaited<ReturnType<Counter>> | undefined;
      const totals: number[] = [];
      for (let i = 0; i < attempts; i++) {
        const r = await counting.counter(method, urlPath, typeof body === "function" ? (body as () => unknown)() : body);
        totals.push(r.count.total);
        if (!best || r.count.total < best.count.total) best = r;
        await sleep(37);
      }
      statements[name] = { ...best!.count, status: best!.status, attempts: totals } as StatementCount & { status: number };
      return best!.body;
    };
    const id = data.customerIds[0]!;
    await count("restById", "GET", `${CUSTOMER_PATH}${id}`);
    await count("graphqlById", "POST", "/graphql", { query: graphqlByIdQuery, variables: { id } });
    await count("nestedLimit2", "POST", "/graphql", { query: NESTED_QUERY.replace("limit: 50", "limit: 2") });
    const nested = (await count("nested", "POST", "/graphql", { query: NESTED_QUERY })) as {
      data?: { customers: { id: string; accounts: { id: string; payments: { account: { id: string } }[] }[] }[] };
      errors?: unknown;
    };
    const customers = nested.data?.customers ?? [];
    const accounts = customers.flatMap((c) => c.accounts);
    const payments = accounts.flatMap((a) => a.payments.map((p) => ({ a: a.id, p: p.account.id })));
    if (nested.errors || customers.length !== 50 || !accounts.length || !payments.length || payments.some((x) => x.a !== x.p)) {
      throw new Error(`nested read returned an unexpected result: ${JSON.stringify(nested).slice(0, 500)}`);
    }
    Object.assign(statements.nested!, { customers: customers.length, accounts: accounts.length, payments: payments.length });
    // One payment, to see what a write costs in statements (on another account than the measured one).
    const otherAccount = (await getJson(`${product.url}/tmf-api/accountManagement/v4/billingAccount?limit=1&fields=id`, { headers: AUTH_HEADERS })).body as {
      id: string;
    }[];
    await count("paymentPost", "POST", PAYMENT_PATH, () => ({
      account: { id: otherAccount[0]!.id },
      paymentMethod: { id: "pm-bench", name: "card", "@type": "PaymentMethodRef" },
      totalAmount: { unit: "EUR", value: 1.5 },
    }));
  } finally {
    await counting.close();
  }
  log(
    `SQL statements per request (${counting.how}): REST by id ${statements.restById!.total}, GraphQL by id ${statements.graphqlById!.total}, ` +
      `nested ${statements.nested!.total} (limit 2: ${statements.nestedLimit2!.total}), payment POST ${statements.paymentPost!.total}`,
  );
  return { statements, how: counting.how };
}

/**
 * The SQL statements of one POST /graphql with `body` on `server` (the product or the PostGraphile peer,
 * both on the bench database), counted like the product's above: warmed once, then the smallest of
 * seven windows. Undefined without pg_stat_statements (the in-process counter is the product's only).
 */
export function countGraphqlStatements(db: BenchPostgres, server: Service, body: unknown): Promise<StatementCount | undefined> {
  return countRequestStatements(db, server, "POST", "/graphql", body);
}

/** The same for any request (`body` undefined: sent with the auth headers only, e.g. a REST GET). */
export async function countRequestStatements(
  db: BenchPostgres,
  server: Service,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<StatementCount | undefined> {
  if (!db.statStatements || process.env.BENCH_STATEMENT_COUNTER === "inprocess") return undefined;
  const { counter, close } = await pgStatCounter(db.url, server);
  try {
    await counter(method, urlPath, body);
    let best: StatementCount | undefined;
    const attempts: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await counter(method, urlPath, body);
      attempts.push(r.count.total);
      if (!best || r.count.total < best.total) best = r.count;
      await sleep(37);
    }
    return { ...best!, attempts };
  } finally {
    await close();
  }
}

/** The statements of each peer scenario's query, on the product and on PostGraphile. */
export async function countPeerStatements(
  db: BenchPostgres,
  product: Service,
  peer: Service,
  scenarios: { phase: string; bodies: [string, string] }[],
): Promise<Record<string, { product?: StatementCount; postgraphile?: StatementCount }>> {
  const out: Record<string, { product?: StatementCount; postgraphile?: StatementCount }> = {};
  for (const s of scenarios) {
    out[s.phase] = {
      product: await countGraphqlStatements(db, product, JSON.parse(s.bodies[0])),
      postgraphile: await countGraphqlStatements(db, peer, JSON.parse(s.bodies[1])),
    };
  }
  const fmt = (c?: StatementCount) => (c ? String(c.total) : "n/a");
  log(
    `SQL statements per request, product / PostGraphile: ${Object.entries(out)
      .map(([k, v]) => `${k} ${fmt(v.product)} / ${fmt(v.postgraphile)}`)
      .join(", ")}`,
  );
  return out;
}
