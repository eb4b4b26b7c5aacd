// npm run bench  (node --import tsx bench/run.ts [options])
//
// The gateway measured side by side against the physical floor, on this machine, over loopback:
//   a. floor  GET customer by id       bench/floor-server.ts: node:http + pg, same row, same TMF JSON
//   b. REST   GET customer by id       the product's TMF REST layer (REST → GraphQL in-process)
//   c. GraphQL customer(id)            the same selection the REST layer builds, sent to POST /graphql
//   d. nested GraphQL read             customers(limit: 50) → accounts → payments, + SQL statements
//   e. POST payment                    50 concurrent writers on ONE billing account, exact balance
// See bench/README.md. Options: --only=floor,rest,graphql,nested,payments  --duration=10  --warmup=3
// --connections=50  --customers=5000  --profile (product under node --cpu-prof, summarised per phase).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import type { AutocannonRequest } from "autocannon";
import { machineBusyCores, runLoad, type LoadResult } from "./load.js";
import { freePort } from "../src/db/embedded-postgres.js";
import { openBenchPostgres, type BenchPostgres } from "./postgres.js";
import { LEDGER_MISMATCHES_SQL, seed, type SeedResult } from "./seed.js";
import { applyMigrations } from "../src/db/migrate.js";

// embedded-postgres installs signal hooks that stop PostgreSQL and exit at once; this script owns
// shutdown instead (children first, then PostgreSQL, then the scratch directory).
for (const signal of ["SIGINT", "SIGTERM"] as const) process.removeAllListeners(signal);

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH_DIR, "..");
const SCRATCH = path.join(BENCH_DIR, `.data-${process.pid}`);
const PROFILE_DIR = path.join(BENCH_DIR, "profiles");
const LOG_DIR = path.join(BENCH_DIR, "logs");
const CUSTOMER_PATH = "/tmf-api/customerManagement/v4/customer/";
const PAYMENT_PATH = "/tmf-api/paymentManagement/v4/payment";
const NESTED_QUERY = "{ customers(limit: 50) { id name accounts { id name payments { id totalAmount { unit value } account { id } } } } }";
// The product authenticates every API call (src/config.ts: AUTH is on whenever DATABASE_URL is set):
// the bench runs with one API key granting every scope and sends it on every request, to the floor
// too (which ignores it), so both receive the same bytes.
const BENCH_API_KEY = `bench-${process.pid}-0123456789abcdef`;
const AUTH_HEADERS = { "x-api-key": BENCH_API_KEY };
const JSON_HEADERS = { ...AUTH_HEADERS, "content-type": "application/json" };
const PHASES = ["floor", "rest", "graphql", "nested", "payments"] as const;
type Phase = (typeof PHASES)[number];

// ------------------------------------------------------------------------------------------------
// options
// ------------------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const a = argv.find((x) => x.startsWith(`--${name}=`));
  const v = a ? Number(a.slice(name.length + 3)) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};
const CONFIG = {
  connections: opt("connections", 50),
  durationSec: opt("duration", 10),
  warmupSec: opt("warmup", 3),
  customers: opt("customers", 5000),
  dbPoolSize: Number(process.env.DB_POOL_SIZE || 20),
  profile: argv.includes("--profile"),
};
const onlyArg = argv.find((x) => x.startsWith("--only="))?.slice(7);
const ONLY = new Set<Phase>(onlyArg ? (onlyArg.split(",") as Phase[]) : PHASES);
for (const p of ONLY) if (!PHASES.includes(p)) throw new Error(`--only: unknown phase ${p} (${PHASES.join(", ")})`);

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------------------------------------
// cleanup: every resource registers its release; run in reverse order, once, even on failure/signal
// ------------------------------------------------------------------------------------------------
const cleanups: { name: string; fn: () => Promise<void> }[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const { name, fn } of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        log(`cleanup of ${name} failed: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
}

// ------------------------------------------------------------------------------------------------
// child processes (the product and the floor)
// ------------------------------------------------------------------------------------------------
interface Server {
  name: string;
  base: string;
  child: ChildProcess;
  exited: Promise<void>;
  tail: string[];
}

/** Each server's stdout/stderr goes to bench/logs/<name>.log (kept after the run, git-ignored). */
function startServer(name: string, args: string[], env: NodeJS.ProcessEnv, port: number): Server {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = createWriteStream(path.join(LOG_DIR, `${name}.log`));
  const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    logFile.write(chunk);
    tail.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (tail.length > 60) tail.splice(0, tail.length - 60);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server: Server = { name, base: `http://127.0.0.1:${port}`, child, exited, tail };
  cleanups.push({ name, fn: () => stopServer(server) });
  return server;
}

async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const done = await Promise.race([server.exited.then(() => true), sleep(15_000).then(() => false)]);
  if (!done) {
    log(`${server.name} (pid ${child.pid}) ignored SIGTERM for 15 s: SIGKILL`);
    child.kill("SIGKILL");
    await server.exited;
  }
}

async function waitReady(server: Server, pathName: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${server.name} exited during start-up:\n  ${server.tail.slice(-25).join("\n  ")}`);
    try {
      const res = await fetch(`${server.base}${pathName}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${server.name} not ready after ${timeoutMs / 1000} s:\n  ${server.tail.slice(-25).join("\n  ")}`);
}

// ------------------------------------------------------------------------------------------------
// statement counting: pg_stat_statements (PostgreSQL's own count), or in-process as a fallback
// ------------------------------------------------------------------------------------------------
interface StatementCount {
  total: number;
  statements: { calls: number; query: string }[];
  /** totals of every counting attempt (the smallest is reported). */
  attempts?: number[];
}
type Counter = (method: string, urlPath: string, body?: unknown) => Promise<{ count: StatementCount; status: number; body: unknown }>;

async function pgStatCounter(url: string, product: Server): Promise<{ counter: Counter; close(): Promise<void> }> {
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
    const res = await fetch(`${product.base}${urlPath}`, {
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
  const { createPrisma } = await import("../src/db/database.js");
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
  const prisma = createPrisma(pool);
  // No DATABASE_URL in this env: the development defaults (no authentication) of src/config.ts.
  const config = { ...loadConfig({ LOG_LEVEL: "silent", AUTH: "false" }), trustProxy: true } as Parameters<typeof buildApp>[0];
  const app = await buildApp(config, { prisma, pool, url, embedded: false, close: async () => undefined });
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
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

// ------------------------------------------------------------------------------------------------
// helpers
// ------------------------------------------------------------------------------------------------
async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown; bytes: number }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, bytes: Buffer.byteLength(text) };
}

/** Replaces a server's own origin in every string (hrefs), so two servers' bodies can be compared. */
function withoutOrigin(value: unknown, origin: string): unknown {
  if (typeof value === "string") return value.split(origin).join("<base>");
  if (Array.isArray(value)) return value.map((v) => withoutOrigin(v, origin));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutOrigin(v, origin)]));
  }
  return value;
}

function rotating<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

const ratio = (a: number | undefined, b: number | undefined) => (a && b ? Math.round((a / b) * 100) / 100 : undefined);

// ------------------------------------------------------------------------------------------------
// the floor of a payment: the same transaction as raw SQL from 50 pg connections on one account
// ------------------------------------------------------------------------------------------------
interface CommitFloor {
  transactionsPerSec: number;
  transactions: number;
  durationSec: number;
  latencyMs: { p50: number; p99: number };
  statements: string;
}

/**
 * BEGIN; lock the account row; insert the payment; add to the balance; COMMIT — what a payment must
 * do at least — from `connections` concurrent clients on one account, for `seconds` (or the same as
 * one autocommit statement). Every transaction queues on the row lock and holds it through its COMMIT
 * (WAL flush), so this is the rate PostgreSQL on this disk allows for serialised bookings on one account.
 */
async function commitFloor(url: string, account: string, connections: number, seconds: number, oneStatement = false): Promise<CommitFloor> {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  pool.on("error", () => undefined);
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  const writer = async () => {
    const client = await pool.connect();
    try {
      while (Date.now() < deadline) {
        const t = performance.now();
        if (oneStatement) {
          // Autocommit, one round trip: the row lock is held only for the execution and the WAL flush.
          await client.query({
            name: "book",
            text: `WITH account AS (UPDATE billing_account SET "balanceValue" = "balanceValue" - 1.00 WHERE id = $1::uuid RETURNING id)
                   INSERT INTO payment (id, "accountId", "accountRef", status, "totalAmountValue", "totalAmountUnit", "paymentMethod", "atType")
                   SELECT gen_random_uuid(), id, '{}', 'done', 1.00, 'EUR', '{"name":"card"}', 'Payment' FROM account`,
            values: [account],
          });
          latencies.push(performance.now() - t);
          continue;
        }
        await client.query("BEGIN");
        await client.query({ name: "lock", text: `SELECT id::text, currency FROM billing_account WHERE id = $1::uuid FOR UPDATE`, values: [account] });
        await client.query({
          name: "insert",
          text: `INSERT INTO payment (id, "accountId", "accountRef", status, "totalAmountValue", "totalAmountUnit", "paymentMethod", "atType")
                 VALUES (gen_random_uuid(), $1::uuid, '{}', 'done', 1.00, 'EUR', '{"name":"card"}', 'Payment')`,
          values: [account],
        });
        await client.query({ name: "post", text: `UPDATE billing_account SET "balanceValue" = "balanceValue" - 1.00 WHERE id = $1::uuid`, values: [account] });
        await client.query("COMMIT");
        latencies.push(performance.now() - t);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: connections }, writer));
  const durationSec = (Date.now() - started) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0) * 10) / 10;
  return {
    transactionsPerSec: Math.round(latencies.length / durationSec),
    transactions: latencies.length,
    durationSec,
    latencyMs: { p50: pct(0.5), p99: pct(0.99) },
    statements: oneStatement
      ? "one autocommit statement: WITH (UPDATE balance) INSERT payment (prepared, raw pg)"
      : "BEGIN; SELECT … FOR UPDATE; INSERT payment; UPDATE balance; COMMIT (prepared, raw pg)",
  };
}

// ------------------------------------------------------------------------------------------------
// what the payment transactions wait for, seen from PostgreSQL (pg_stat_activity, sampled)
// ------------------------------------------------------------------------------------------------
interface WaitProfile {
  samples: number;
  /** Share of samples (with a queue) per state of the lock holder: the backend the queued ones wait for. */
  holder: Record<string, number>;
  /** When the holder was idle in transaction: the statement it had last run (share of those samples). */
  holderIdleAfter: Record<string, number>;
  /** Mean number of backends queued on a heavyweight lock (the account row). */
  meanLockWaiters: number;
}

/**
 * Samples pg_stat_activity of the bench database every ~10 ms until stopped. The backends that the
 * ones queued on a lock are waiting for (pg_blocking_pids) hold the account's row lock: "idle in
 * transaction" means PostgreSQL is waiting for the gateway's next statement, an IO wait (WalSync…)
 * means it is waiting for the disk.
 */
function sampleWaits(url: string): { stop(): Promise<WaitProfile> } {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  const holder = new Map<string, number>();
  const idleAfter = new Map<string, number>();
  let samples = 0;
  let withQueue = 0;
  let waiters = 0;
  let running = true;
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ pid: number; state: string; wait_event_type: string | null; wait_event: string | null; query: string; blocking: number[] }>(
        `SELECT pid, state, wait_event_type, wait_event, query, pg_blocking_pids(pid) AS blocking FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      samples++;
      const queued = rows.filter((r) => r.wait_event_type === "Lock");
      waiters += queued.length;
      // Row-lock queues chain (the first waiter holds the tuple lock the others wait on): the holder is
      // the blocker that is not itself queued.
      const holders = new Set(queued.flatMap((r) => r.blocking));
      if (holders.size) withQueue++;
      for (const r of rows) {
        if (!holders.has(r.pid) || r.wait_event_type === "Lock") continue;
        if (r.state === "idle in transaction") {
          add(holder, "idle in transaction (waiting for the gateway)");
          add(idleAfter, r.query.replace(/\s+/g, " ").slice(0, 70));
        } else {
          add(holder, `${r.state}${r.wait_event ? ` / ${r.wait_event_type}:${r.wait_event}` : " (executing)"}`);
        }
      }
      await sleep(10);
    }
    await client.end();
  })();
  const shares = (m: Map<string, number>) => {
    const total = [...m.values()].reduce((a, b) => a + b, 0) || 1;
    return Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => [k, Math.round((1000 * v) / total) / 10]));
  };
  return {
    async stop() {
      running = false;
      await loop.catch(() => undefined);
      return {
        samples,
        holder: shares(holder),
        holderIdleAfter: shares(idleAfter),
        meanLockWaiters: Math.round((10 * waiters) / Math.max(1, samples)) / 10,
      };
    },
  };
}

// ------------------------------------------------------------------------------------------------
// main
// ------------------------------------------------------------------------------------------------
interface PhaseResult extends LoadResult {
  requestsDescription: string;
}

async function warm(name: string, server: Server, requests: () => AutocannonRequest[], postmasterPid: number | undefined): Promise<void> {
  log(`${name}: warm-up ${CONFIG.warmupSec} s`);
  const r = await runLoad({ url: server.base, connections: CONFIG.connections, duration: CONFIG.warmupSec, timeout: 30, requests: requests(), serverPid: server.child.pid!, postmasterPid });
  if (r.non2xx || r.errors) log(`${name}: warm-up had ${r.non2xx} non-2xx responses ${JSON.stringify(r.statusCodes)} and ${r.errors} errors`);
  await sleep(500);
}

async function measure(
  name: string,
  server: Server,
  requests: () => AutocannonRequest[],
  postmasterPid: number | undefined,
  description: string,
): Promise<PhaseResult> {
  log(`${name}: ${CONFIG.durationSec} s at ${CONFIG.connections} connections`);
  const result = await runLoad({
    url: server.base,
    connections: CONFIG.connections,
    duration: CONFIG.durationSec,
    timeout: 30,
    requests: requests(),
    serverPid: server.child.pid!,
    postmasterPid,
  });
  log(
    `${name}: ${result.requestsPerSec} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ` +
      `peak RSS ${result.server.peakRssMb} MB, non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
  await sleep(500);
  return { ...result, requestsDescription: description };
}

let idleCores = 0;

async function main(): Promise<number> {
  const failures: string[] = [];
  const started = Date.now();
  mkdirSync(SCRATCH, { recursive: true });
  cleanups.push({ name: "scratch directory", fn: async () => rmSync(SCRATCH, { recursive: true, force: true }) });

  // 1. PostgreSQL, schema, data ---------------------------------------------------------------
  const db: BenchPostgres = await openBenchPostgres(SCRATCH, log);
  cleanups.push({ name: "PostgreSQL", fn: () => db.close() });
  log(`PostgreSQL ${db.version} (${db.mode}), database ${db.dbName}; statement counts: ${db.statStatementsNote}`);
  const applied = await applyMigrations(db.url);
  log(`migrations applied: ${applied.join(", ")}`);
  const data: SeedResult = await seed(db.url, CONFIG.customers);
  log(
    `seeded ${data.customers} customers, ${data.accounts} billing accounts, ${data.bills} bills, ${data.payments} payments, ` +
      `${data.refunds} refunds in ${data.seconds.toFixed(1)} s`,
  );

  // 2. the product and the floor, each its own process ------------------------------------------
  const [productPort, floorPort] = [await freePort(), await freePort()];
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    DB_POOL_SIZE: String(CONFIG.dbPoolSize),
    API_KEYS: JSON.stringify([{ name: "bench", key: BENCH_API_KEY, scopes: ["*"] }]),
    // One load generator is one credential: a per-credential limit would measure the limiter's 429s.
    // The limiter still runs on every request (its cost is measured), with a ceiling nothing reaches.
    RATE_LIMIT_MAX: "100000000",
  };
  delete baseEnv.PUBLIC_BASE_URL;
  delete baseEnv.EMBEDDED_PG_PORT;
  // One directory per run: node writes one profile per thread (tsx's loader runs in a worker thread).
  const profileDir = path.join(PROFILE_DIR, new Date().toISOString().replace(/[:.]/g, "-"));
  const profileArgs: string[] = [];
  if (CONFIG.profile) {
    mkdirSync(profileDir, { recursive: true });
    profileArgs.push("--cpu-prof", `--cpu-prof-dir=${profileDir}`);
  }
  const product = startServer(
    "product",
    [...profileArgs, "--import", "tsx", "src/main.ts"],
    { ...baseEnv, PORT: String(productPort), DATA_DIR: path.join(SCRATCH, "product-data") },
    productPort,
  );
  const floor = startServer("floor", ["--import", "tsx", "bench/floor-server.ts"], { ...baseEnv, PORT: String(floorPort) }, floorPort);
  const t0 = Date.now();
  await Promise.all([waitReady(product, "/ready"), waitReady(floor, "/health")]);
  log(`product (pid ${product.child.pid}) and floor (pid ${floor.child.pid}) ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // 3. what each scenario sends, and proof that floor, REST and GraphQL return the same thing ----
  await import("reflect-metadata");
  const { getSchema } = await import("../src/graphql/schema.js");
  const { selectionFor } = await import("../src/rest/selection.js");
  const { toTmf } = await import("../src/tmf/tmf-json.js");
  const { isObjectType } = await import("graphql");
  const customerType = (await getSchema()).getType("Customer");
  if (!isObjectType(customerType)) throw new Error("schema has no Customer type");
  const graphqlByIdQuery = `query ($id: ID!) { customer(id: $id) ${selectionFor(customerType)} }`;

  const sample: Record<string, unknown> = {};
  for (const id of data.customerIds.slice(0, 5)) {
    const rest = await getJson(`${product.base}${CUSTOMER_PATH}${id}`, { headers: AUTH_HEADERS });
    const fl = await getJson(`${floor.base}${CUSTOMER_PATH}${id}`, { headers: AUTH_HEADERS });
    const gql = await getJson(`${product.base}/graphql`, {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ query: graphqlByIdQuery, variables: { id } }),
    });
    const gqlData = (gql.body as { data?: { customer?: unknown }; errors?: unknown[] }) ?? {};
    if (rest.status !== 200 || fl.status !== 200 || gql.status !== 200 || gqlData.errors) {
      throw new Error(`GET customer ${id}: REST ${rest.status}, floor ${fl.status}, GraphQL ${gql.status} ${JSON.stringify(gqlData.errors ?? "")}`);
    }
    const restBody = withoutOrigin(rest.body, product.base);
    if (!isDeepStrictEqual(restBody, withoutOrigin(fl.body, floor.base))) {
      throw new Error(`the floor's JSON differs from the product's for customer ${id}:\n  REST  ${JSON.stringify(restBody)}\n  floor ${JSON.stringify(withoutOrigin(fl.body, floor.base))}`);
    }
    if (!isDeepStrictEqual(restBody, withoutOrigin(toTmf(gqlData.data!.customer), product.base))) {
      throw new Error(`GraphQL customer(id) selects other attributes than REST for ${id}:\n  REST    ${JSON.stringify(restBody)}\n  GraphQL ${JSON.stringify(gqlData.data!.customer)}`);
    }
    if (!sample.rest) Object.assign(sample, { rest: rest.body, restBytes: rest.bytes, floorBytes: fl.bytes, graphqlBytes: gql.bytes });
  }
  log(`floor, REST and GraphQL return the same customer JSON (REST body ${sample.restBytes} B, floor ${sample.floorBytes} B)`);

  const byIdRequests = (): AutocannonRequest[] => {
    const next = rotating(data.customerIds);
    return [{ method: "GET", headers: AUTH_HEADERS, setupRequest: (req) => ({ ...req, path: `${CUSTOMER_PATH}${next()}` }) }];
  };
  const graphqlRequests = (): AutocannonRequest[] => {
    const next = rotating(data.customerIds);
    return [
      {
        method: "POST",
        path: "/graphql",
        headers: JSON_HEADERS,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: graphqlByIdQuery, variables: { id: next() } }) }),
      },
    ];
  };
  const nestedRequests = (): AutocannonRequest[] => [
    { method: "POST", path: "/graphql", headers: JSON_HEADERS, body: JSON.stringify({ query: NESTED_QUERY }) },
  ];

  // 4. statement counts ---------------------------------------------------------------------------
  const counting = db.statStatements && process.env.BENCH_STATEMENT_COUNTER !== "inprocess"
    ? { how: "pg_stat_statements", ...(await pgStatCounter(db.url, product)) }
    : { how: "in-process pg client wrapper", ...(await inProcessCounter(db.url)) };
  const statements: Record<string, StatementCount & { status: number }> = {};
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
    const otherAccount = (await getJson(`${product.base}/tmf-api/accountManagement/v4/billingAccount?limit=1&fields=id`, { headers: AUTH_HEADERS })).body as { id: string }[];
    await count("paymentPost", "POST", PAYMENT_PATH, () => ({
      account: { id: otherAccount[0]!.id },
      paymentMethod: { id: "pm-bench", name: "card" },
      totalAmount: { unit: "EUR", value: 1.5 },
    }));
  } finally {
    await counting.close();
  }
  log(
    `SQL statements per request (${counting.how}): REST by id ${statements.restById!.total}, GraphQL by id ${statements.graphqlById!.total}, ` +
      `nested ${statements.nested!.total} (limit 2: ${statements.nestedLimit2!.total}), payment POST ${statements.paymentPost!.total}`,
  );

  // 5. load -------------------------------------------------------------------------------------
  idleCores = await machineBusyCores(2000);
  log(`machine before the load: ${idleCores} cores busy with servers idle${idleCores > 0.25 ? " — other processes are running: results will be skewed" : ""}`);
  const pm = db.postmasterPid;
  const results: Partial<Record<Phase, PhaseResult>> = {};
  // Both by-id paths of the product are warmed before either is measured: they share most code, and
  // the second would otherwise profit from the first one's JIT work.
  if (ONLY.has("floor")) {
    await warm("a. floor", floor, byIdRequests, pm);
    results.floor = await measure("a. floor", floor, byIdRequests, pm, `GET ${CUSTOMER_PATH}{id} (node:http + pg)`);
  }
  if (ONLY.has("rest")) await warm("b. REST", product, byIdRequests, pm);
  if (ONLY.has("graphql")) await warm("c. GraphQL", product, graphqlRequests, pm);
  if (ONLY.has("rest")) results.rest = await measure("b. REST", product, byIdRequests, pm, `GET ${CUSTOMER_PATH}{id}`);
  if (ONLY.has("graphql")) results.graphql = await measure("c. GraphQL", product, graphqlRequests, pm, `POST /graphql ${graphqlByIdQuery}`);
  if (ONLY.has("nested")) {
    await warm("d. nested", product, nestedRequests, pm);
    results.nested = await measure("d. nested", product, nestedRequests, pm, `POST /graphql ${NESTED_QUERY}`);
  }
  // Error responses mean the measurement is not of the product working: the run fails. Timeouts
  // (no answer within 30 s) are a result, shown in the errors column.
  for (const [name, r] of Object.entries(results)) {
    if (r.non2xx || r.errors > r.timeouts) failures.push(`${name}: ${r.non2xx} non-2xx responses (${JSON.stringify(r.statusCodes)}), ${r.errors - r.timeouts} connection errors (see bench/logs/)`);
  }

  // 6. payments: 50 writers on one account, every acknowledged amount accounted for -------------
  let paymentResult: (PhaseResult & { check: Record<string, unknown>; waitProfile: WaitProfile }) | undefined;
  let commitFloorResult: CommitFloor[] | undefined;
  if (ONLY.has("payments")) {
    const account = data.paymentAccountId;
    const check = new pg.Client({ connectionString: db.url });
    check.on("error", () => undefined);
    await check.connect();
    try {
      const state = async () =>
        (
          await check.query<{ balance: string; payments: number }>(
            `SELECT "balanceValue"::text AS balance, (SELECT count(*) FROM payment WHERE "accountId" = $1)::int AS payments
             FROM billing_account WHERE id = $1`,
            [account],
          )
        ).rows[0]!;
      // The floor first, on another account (the product's account stays untouched until its run).
      const floorAccount = (
        await check.query<{ id: string }>(`SELECT id::text FROM billing_account WHERE id <> $1 ORDER BY "createdAt" DESC, id LIMIT 1`, [account])
      ).rows[0]!.id;
      log(`e. payments floor: raw-SQL payment transactions, ${CONFIG.connections} writers on one account, 2 × 5 s`);
      commitFloorResult = [
        await commitFloor(db.url, floorAccount, CONFIG.connections, 5),
        await commitFloor(db.url, floorAccount, CONFIG.connections, 5, true),
      ];
      for (const f of commitFloorResult) log(`e. payments floor: ${f.transactionsPerSec}/s, p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms — ${f.statements}`);
      const before = await state();
      const acked: { id: string; value: string }[] = [];
      const rejected: Record<string, number> = {};
      let rejectedSample = "";
      let n = 0;
      const paymentRequests = (): AutocannonRequest[] => [
        {
          method: "POST",
          path: PAYMENT_PATH,
          headers: JSON_HEADERS,
          setupRequest: (req) => {
            const cents = (n++ % 9999) + 1; // 0.01 … 99.99 EUR
            const value = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
            return {
              ...req,
              body: `{"account":{"id":"${account}"},"paymentMethod":{"id":"pm-bench","name":"Visa ****4242","@referredType":"BankCard"},"totalAmount":{"unit":"EUR","value":${value}}}`,
            };
          },
          onResponse: (status, body) => {
            if (status === 201) {
              const payment = JSON.parse(body) as { id: string; totalAmount: { value: number } };
              // The Decimal scalar writes the exact decimal's digits as a JSON number; String() gives them back.
              acked.push({ id: payment.id, value: String(payment.totalAmount.value) });
            } else {
              rejected[status] = (rejected[status] ?? 0) + 1;
              rejectedSample ||= `${status} ${body.slice(0, 300)}`;
            }
          },
        },
      ];
      // Fixed request counts (not durations): the run ends only when every request is answered, so no
      // payment can be committed without its acknowledgement having been counted.
      log(`e. payments: warm-up, 500 POSTs on account ${account}`);
      const warm = await runLoad({ url: product.base, connections: CONFIG.connections, amount: 500, timeout: 60, requests: paymentRequests(), serverPid: product.child.pid!, postmasterPid: pm });
      const amount = Math.min(60_000, Math.max(1_000, Math.round((warm.requestsPerSec || 100) * CONFIG.durationSec / 100) * 100));
      log(`e. payments: ${amount} POSTs (~${CONFIG.durationSec} s at the warm-up rate of ${warm.requestsPerSec}/s), ${CONFIG.connections} writers on one account`);
      const ackedBefore = acked.length;
      const waits = sampleWaits(db.url);
      const main = await runLoad({ url: product.base, connections: CONFIG.connections, amount, timeout: 60, requests: paymentRequests(), serverPid: product.child.pid!, postmasterPid: pm });
      const waitProfile = await waits.stop();
      log(`e. payments: PostgreSQL view: ${waitProfile.meanLockWaiters} transactions queued on the account lock on average; lock holder: ${JSON.stringify(waitProfile.holder)}; idle after: ${JSON.stringify(waitProfile.holderIdleAfter)} (% of samples)`);
      await sleep(300);
      const after = await state();
      const ackedValues = acked.map((a) => a.value);
      const ackedIds = acked.map((a) => a.id);
      const verdict = (
        await check.query<{ acked_sum: string; expected: string; balance_exact: boolean; db_count: number; db_sum: string; sums_equal: boolean; ledger_mismatches: number }>(
          `WITH acked AS (SELECT COALESCE(sum(v::numeric), 0) AS s FROM unnest($1::text[]) v),
                db AS (SELECT count(*)::int AS n, COALESCE(sum("totalAmountValue"), 0) AS s FROM payment WHERE id = ANY($2::uuid[]) AND "accountId" = $4)
           SELECT acked.s::text AS acked_sum, ($3::numeric - acked.s)::text AS expected,
                  ($3::numeric - acked.s) = (SELECT "balanceValue" FROM billing_account WHERE id = $4) AS balance_exact,
                  db.n AS db_count, db.s::text AS db_sum, db.s = acked.s AS sums_equal,
                  (${LEDGER_MISMATCHES_SQL.replace("FROM billing_account b WHERE", "FROM billing_account b WHERE b.id = $4 AND")}) AS ledger_mismatches
           FROM acked, db`,
          [ackedValues, ackedIds, before.balance, account],
        )
      ).rows[0]!;
      const newPayments = after.payments - before.payments;
      const exact =
        verdict.balance_exact && verdict.db_count === acked.length && newPayments === acked.length && verdict.sums_equal &&
        verdict.ledger_mismatches === 0;
      const checkResult = {
        account,
        balanceBefore: before.balance,
        balanceAfter: after.balance,
        acknowledged201: acked.length,
        acknowledgedInMeasuredRun: acked.length - ackedBefore,
        acknowledgedSum: verdict.acked_sum,
        expectedBalance: verdict.expected,
        paymentsCreated: newPayments,
        acknowledgedFoundInDb: verdict.db_count,
        dbSumOfAcknowledged: verdict.db_sum,
        ledgerInvariantHolds: verdict.ledger_mismatches === 0,
        rejected,
        rejectedSample,
        exact,
      };
      log(
        `e. payments: ${main.requestsPerSec} acknowledged/s, p99 ${main.latencyMs.p99} ms; balance ${before.balance} → ${after.balance}, ` +
          `expected ${verdict.expected}: ${exact ? "EXACT" : "NOT EXACT"}`,
      );
      if (!exact) failures.push(`payments: balance not exact ${JSON.stringify(checkResult)}`);
      if (main.non2xx || main.errors || warm.non2xx || warm.errors) {
        failures.push(`payments: ${main.non2xx + warm.non2xx} non-2xx (${JSON.stringify(rejected)}; ${rejectedSample}), ${main.errors + warm.errors} errors (see bench/logs/product.log)`);
      }
      paymentResult = { ...main, requestsDescription: `POST ${PAYMENT_PATH}, ${CONFIG.connections} writers, one account`, check: checkResult, waitProfile };
    } finally {
      await check.end().catch(() => undefined);
    }
  }

  // 7. stop everything (the product writes its CPU profile on exit), then report -----------------
  log("stopping the servers and PostgreSQL");
  await cleanup();
  const report = buildReport({ db, data, statements, statementHow: counting.how, results, paymentResult, commitFloorResult, sample, graphqlByIdQuery, failures, started });
  if (CONFIG.profile) {
    const { formatSummary, loadProfile, summarize, mainThreadProfile } = await import("./profile-summary.js");
    try {
      const profileFile = mainThreadProfile(profileDir);
      const profile = loadProfile(profileFile);
      const windows: [string, LoadResult | undefined][] = [["b. REST", results.rest], ["c. GraphQL", results.graphql], ["d. nested", results.nested], ["e. payments", paymentResult]];
      const texts = windows
        .filter(([, r]) => r)
        .map(([name, r]) =>
          formatSummary(summarize(profile, { from: r!.windowUs[0], to: r!.windowUs[1] }, 25), `product CPU profile, ${name} window (--from=${r!.windowUs[0]} --to=${r!.windowUs[1]})`),
        );
      const summaryFile = profileFile.replace(/\.cpuprofile$/, ".summary.txt");
      writeFileSync(summaryFile, `${texts.join("\n\n\n")}\n`);
      (report as { profile?: unknown }).profile = { file: path.relative(REPO, profileFile), summary: path.relative(REPO, summaryFile) };
      console.log(`${texts.join("\n\n\n")}\n`);
    } catch (err) {
      failures.push(`profile: ${(err as Error).message}`);
    }
  }
  writeFileSync(path.join(BENCH_DIR, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
  printReport(report);
  return failures.length ? 1 : 0;
}

// ------------------------------------------------------------------------------------------------
// report
// ------------------------------------------------------------------------------------------------
interface Report {
  machine: Record<string, unknown>;
  date: string;
  config: typeof CONFIG & { phases: Phase[]; product: Record<string, string> };
  dataset: Omit<SeedResult, "customerIds">;
  statementCounting: string;
  statementsPerRequest: Record<string, StatementCount & { status: number }>;
  responses: Record<string, unknown>;
  measurements: Record<string, unknown>;
  ratios: Record<string, number | undefined>;
  targets: { name: string; target: string; value: string; pass: boolean | undefined }[];
  failures: string[];
  totalSeconds: number;
  lastLine: string;
}

function buildReport(r: {
  db: BenchPostgres;
  data: SeedResult;
  statements: Record<string, StatementCount & { status: number }>;
  statementHow: string;
  results: Partial<Record<Phase, PhaseResult>>;
  paymentResult?: PhaseResult & { check: Record<string, unknown>; waitProfile: WaitProfile };
  commitFloorResult?: CommitFloor[];
  sample: Record<string, unknown>;
  graphqlByIdQuery: string;
  failures: string[];
  started: number;
}): Report {
  const { floor, rest, graphql, nested } = r.results;
  const ratios = {
    rest_by_id_vs_floor: ratio(rest?.requestsPerSec, floor?.requestsPerSec),
    graphql_by_id_vs_floor: ratio(graphql?.requestsPerSec, floor?.requestsPerSec),
    rest_over_graphql: ratio(graphql?.requestsPerSec, rest?.requestsPerSec),
  };
  const nestedStatements = r.statements.nested!.total;
  const paymentsPerSec = r.paymentResult ? Math.round(r.paymentResult.requestsPerSec) : undefined;
  const exact = r.paymentResult?.check.exact as boolean | undefined;
  const fmt = (v: number | undefined) => (v === undefined ? "n/a" : String(v));
  const fmtRatio = (v: number | undefined) => (v === undefined ? "n/a" : v.toFixed(2));
  const targets: Report["targets"] = [
    {
      name: "REST by id vs floor",
      target: "≥ 0.5× floor req/s and p99 < 20 ms at 50 connections",
      value: `${ratios.rest_by_id_vs_floor === undefined ? "n/a" : `${fmtRatio(ratios.rest_by_id_vs_floor)}×`}, p99 ${rest ? `${rest.latencyMs.p99} ms` : "n/a"}`,
      pass: ratios.rest_by_id_vs_floor === undefined || !rest ? undefined : ratios.rest_by_id_vs_floor >= 0.5 && rest.latencyMs.p99 < 20,
    },
    {
      name: "REST cost vs direct GraphQL",
      target: "GraphQL req/s ÷ REST req/s ≤ 1.15",
      value: fmtRatio(ratios.rest_over_graphql),
      pass: ratios.rest_over_graphql === undefined ? undefined : ratios.rest_over_graphql <= 1.15,
    },
    { name: "nested read SQL statements", target: "≤ 4 per request", value: `${nestedStatements}`, pass: nestedStatements <= 4 },
    {
      name: "payment POSTs on one account",
      target: "≥ 1,000 acknowledged/s, balance exact",
      value: paymentsPerSec === undefined ? "n/a" : `${paymentsPerSec}/s, balance ${exact ? "exact" : "NOT exact"}`,
      pass: paymentsPerSec === undefined ? undefined : paymentsPerSec >= 1000 && Boolean(exact),
    },
  ];
  const lastLine =
    `rest_by_id_vs_floor=${fmtRatio(ratios.rest_by_id_vs_floor)} graphql_by_id_vs_floor=${fmtRatio(ratios.graphql_by_id_vs_floor)} ` +
    `rest_over_graphql=${fmtRatio(ratios.rest_over_graphql)} nested_sql_statements=${nestedStatements} payment_posts_per_s=${fmt(paymentsPerSec)}`;
  const cpus = os.cpus();
  const { customerIds: _ids, ...dataset } = r.data;
  return {
    machine: {
      cpuModel: cpus[0]?.model ?? "unknown",
      cpuCount: cpus.length,
      totalMemoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      loadGenerator: "autocannon 9 in the bench process (same machine)",
      busyCoresBeforeLoad: idleCores,
      postgres: r.db.version,
      postgresMode: r.db.mode,
    },
    date: new Date().toISOString(),
    config: {
      ...CONFIG,
      phases: [...ONLY],
      product: {
        command: "node --import tsx src/main.ts",
        git: gitState(),
        auth: "on: one API key (X-API-Key) with scope *",
        RATE_LIMIT_MAX: "100000000 (limiter active, never reached)",
        LOG_LEVEL: "warn",
        NODE_ENV: process.env.NODE_ENV ?? "(unset)",
        DB_POOL_SIZE: String(CONFIG.dbPoolSize),
      },
    },
    dataset,
    statementCounting: r.statementHow,
    statementsPerRequest: r.statements,
    responses: {
      restCustomerExample: r.sample.rest,
      bytes: { rest: r.sample.restBytes, floor: r.sample.floorBytes, graphql: r.sample.graphqlBytes },
      graphqlByIdQuery: r.graphqlByIdQuery,
      nestedQuery: NESTED_QUERY,
    },
    measurements: {
      ...(floor && { floorById: floor }),
      ...(rest && { restById: rest }),
      ...(graphql && { graphqlById: graphql }),
      ...(nested && { nestedGraphql: { ...nested, sqlStatements: nestedStatements } }),
      ...(r.commitFloorResult && { paymentFloor: r.commitFloorResult }),
      ...(r.paymentResult && { paymentPost: r.paymentResult }),
    },
    ratios,
    targets,
    failures: r.failures,
    totalSeconds: Math.round((Date.now() - r.started) / 1000),
    lastLine,
  };
}

function gitState(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "prisma"], { cwd: REPO, encoding: "utf8" }).trim();
    return dirty ? `${head} + uncommitted changes in src/ or prisma/` : head;
  } catch {
    return "unknown";
  }
}

function printReport(report: Report) {
  const m = report.measurements as Record<string, LoadResult | undefined>;
  const rows: [string, LoadResult | undefined, string][] = [
    ["a. floor   GET customer/{id}", m.floorById, ""],
    ["b. REST    GET customer/{id}", m.restById, `${report.statementsPerRequest.restById?.total}`],
    ["c. GraphQL customer(id)", m.graphqlById, `${report.statementsPerRequest.graphqlById?.total}`],
    ["d. GraphQL nested (50 cust.)", m.nestedGraphql, `${report.statementsPerRequest.nested?.total}`],
    ["e. REST    POST payment", m.paymentPost, `${report.statementsPerRequest.paymentPost?.total}`],
  ];
  const head = ["scenario", "req/s", "p50 ms", "p99 ms", "peak RSS MB", "srv CPU ms/req", "PG CPU ms/req", "cores srv/PG/load/other", "SQL/req", "errors"];
  const body = rows
    .filter(([, r]) => r)
    .map(([name, r, sql]) => [
      name,
      r!.requestsPerSec.toFixed(0),
      String(r!.latencyMs.p50),
      String(r!.latencyMs.p99),
      r!.server.peakRssMb.toFixed(0),
      r!.server.cpuMsPerRequest.toFixed(3),
      r!.postgres ? r!.postgres.cpuMsPerRequest.toFixed(3) : "n/a",
      `${r!.server.cpuCoresUsed.toFixed(2)}/${r!.postgres ? r!.postgres.cpuCoresUsed.toFixed(2) : "?"}/${r!.loadGenerator.cpuCoresUsed.toFixed(2)}/${r!.otherCoresUsed.toFixed(2)}`,
      sql || "-",
      String(r!.non2xx + r!.errors),
    ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const mc = report.machine;
  const out = [
    "",
    `TMF gateway bench — ${mc.cpuCount}× ${mc.cpuModel}, ${mc.totalMemoryGb} GB, Node ${mc.node}, PostgreSQL ${mc.postgres} (${mc.postgresMode}), ${report.date}`,
    `data: ${report.dataset.customers} customers, ${report.dataset.accounts} accounts, ${report.dataset.bills} bills, ${report.dataset.payments} payments, ${report.dataset.refunds} refunds; ` +
      `${report.config.connections} connections, ${report.config.durationSec} s per run after ${report.config.warmupSec} s warm-up; SQL counted with ${report.statementCounting}`,
    "",
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
    "",
    ...((report.measurements.paymentFloor as CommitFloor[] | undefined) ?? []).map(
      (f) => `payment floor, ${report.config.connections} raw pg writers on one account: ${String(f.transactionsPerSec).padStart(5)} commits/s, p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms — ${f.statements}`,
    ),
    ...((report.measurements.paymentPost as { waitProfile?: WaitProfile } | undefined)?.waitProfile
      ? [(() => {
          const w = (report.measurements.paymentPost as { waitProfile: WaitProfile }).waitProfile;
          return (
            `payment POSTs seen from PostgreSQL: ${w.meanLockWaiters} transactions queued on the account row lock on average; the transaction holding it was ` +
            `${Object.entries(w.holder).map(([k, v]) => `${v}% ${k}`).join(", ")}` +
            `\n  idle holders had last run: ${Object.entries(w.holderIdleAfter).slice(0, 4).map(([k, v]) => `${v}% "${k}"`).join(", ")}`
          );
        })()]
      : []),
    ...(report.measurements.paymentFloor ? [""] : []),
    "targets:",
    ...report.targets.map((t) => `  ${t.pass === undefined ? "n/a " : t.pass ? "PASS" : "MISS"}  ${t.name.padEnd(29)} ${t.value.padEnd(30)} (target ${t.target})`),
    ...(Object.values(m).some((r) => r && r.otherCoresUsed > 0.25)
      ? ["", "WARNING: other processes used CPU during some runs (column 'other'): those numbers are skewed; rerun on a quiet machine."]
      : []),
    ...(report.failures.length ? ["", "FAILURES:", ...report.failures.map((f) => `  ${f}`)] : []),
    "",
    `results: bench/results.json (${report.totalSeconds} s)`,
    report.lastLine,
  ];
  console.log(out.join("\n"));
}

let code = 1;
try {
  code = await main();
} catch (err) {
  log(`FAILED: ${(err as Error).stack ?? String(err)}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
