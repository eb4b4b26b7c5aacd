// l. scale (issue 28): the same list reads at 1,000 and at 1,000,000 rows, alone (1 connection) and at 20.
// A database of its own on the bench's PostgreSQL (bench/scale-seed.ts): 1,000 customers and 1,000
// payments on one billing account, measured, then grown to 1,000,000 of each and measured again.
// Reads, each by REST and by GraphQL (page of 100):
//   payments first page     payment?account.id=A&limit=100 (with its bounded X-Total-Count) / paymentsConnection(first: 100, filter)
//   payments cursor page    the same after a deep cursor: 990,001 rows in at 1M; at 1k 900 rows in (the deepest full page)
//   payments offset page    offset = LIST_MAX_OFFSET (10,000) at 1M; at 1k the deepest full page (offset 900)
//   customers first page    customer?limit=100 / customersConnection(first: 100)
//   customers cursor page   the same depths in the customers
//   customers filtered+count customer?status=Pending&limit=100 (X-Total-Count, bounded by LIST_COUNT_MAX) /
//                           customersConnection(filter) + customersCount(filter)
// The deep cursors: a cursor is signed (LIST_CURSOR_SECRET) and cannot be forged, so at 1M a short-lived
// product process started with LIST_MAX_OFFSET=1000000 reads `offset: 990000, first: 1` once and hands
// out its endCursor; the measured process (default LIST_MAX_OFFSET, same secret) then reads after it. Before
// any load every read is sent once: 200, 100 rows, and the cursor page starts at the row the offset names.
import type { AutocannonRequest } from "autocannon";
import type { Service } from "../scripts/launch/service.mjs";
import { createScratchDatabase } from "../scripts/launch/postgres.js";
import { applyMigrations } from "../src/db/migrate.js";
import { onCleanup } from "./cleanup.js";
import { runLoad, type LoadResult } from "./load.js";
import { log, sleep } from "./options.js";
import type { BenchPostgres } from "./postgres.js";
import { growScaleData, SCALE_ACCOUNT_ID } from "./scale-seed.js";
import { AUTH_HEADERS, getJson, JSON_HEADERS, PAYMENT_PATH } from "./scenarios.js";
import { startProductReplica } from "./servers.js";

export const SCALE_SIZES = [1_000, 1_000_000] as const;
export const SCALE_CONNECTIONS = [1, 20] as const;
const SCALE_DURATION_SEC = 3;
const SCALE_WARMUP_SEC = 1;
const PAGE = 100;
const CURSOR_SECRET = "bench-scale-cursor-secret-0123456789abcdef";
const CUSTOMER_LIST = "/tmf-api/customerManagement/v4/customer";
const PAYMENT_FILTER = `{ account: { id: { eq: "${SCALE_ACCOUNT_ID}" } } }`;
const PENDING_FILTER = `{ status: { eq: "Pending" } }`;

type Carrier = "REST" | "GraphQL";
interface Read {
  name: string;
  carrier: Carrier;
  request: AutocannonRequest;
}
export interface ScaleMeasurement {
  read: string;
  carrier: Carrier;
  connections: number;
  small: LoadResult;
  large: LoadResult;
  /** The read's cost at 1M ÷ at 1k: req/s at 1k ÷ req/s at 1M (1 = no slower; the goal for first and cursor pages: ≤ 2). */
  costRatio: number;
}
export interface ScaleResult {
  sizes: readonly number[];
  seedSeconds: number[];
  measurements: ScaleMeasurement[];
  deepCursors: string;
  durationSec: number;
}

const gqlRequest = (query: string): AutocannonRequest => ({ method: "POST", path: "/graphql", headers: JSON_HEADERS, body: JSON.stringify({ query }) });
const restRequest = (path: string): AutocannonRequest => ({ method: "GET", path, headers: AUTH_HEADERS });
const PAYMENT_NODE = "{ id description status totalAmount { value unit } }";
const CUSTOMER_NODE = "{ id name status }";
const connection = (list: string, args: string, node: string) => `${list}(${args}) { edges { node ${node} } pageInfo { endCursor hasNextPage } }`;

/** Every read of the phase, for a collection of `rows` rows, given the deep cursors. */
function reads(rows: number, cursors: { payment: string; customer: string }): Read[] {
  const offset = Math.min(10_000, rows - PAGE);
  const payments = `${PAYMENT_PATH}?account.id=${SCALE_ACCOUNT_ID}&limit=${PAGE}&fields=id,description,status,totalAmount`;
  const customers = `${CUSTOMER_LIST}?limit=${PAGE}&fields=id,name,status`;
  const p = (args: string) => `{ ${connection("paymentsConnection", `filter: ${PAYMENT_FILTER}, first: ${PAGE}${args}`, PAYMENT_NODE)} }`;
  const c = (args: string) => `{ ${connection("customersConnection", `first: ${PAGE}${args}`, CUSTOMER_NODE)} }`;
  return [
    { name: "payments first page", carrier: "REST", request: restRequest(payments) },
    { name: "payments first page", carrier: "GraphQL", request: gqlRequest(p("")) },
    { name: "payments cursor page (deep)", carrier: "REST", request: restRequest(`${payments}&cursor=${encodeURIComponent(cursors.payment)}`) },
    { name: "payments cursor page (deep)", carrier: "GraphQL", request: gqlRequest(p(`, after: ${JSON.stringify(cursors.payment)}`)) },
    { name: "payments offset page (max)", carrier: "REST", request: restRequest(`${payments}&offset=${offset}`) },
    { name: "payments offset page (max)", carrier: "GraphQL", request: gqlRequest(p(`, offset: ${offset}`)) },
    { name: "customers first page", carrier: "REST", request: restRequest(customers) },
    { name: "customers first page", carrier: "GraphQL", request: gqlRequest(c("")) },
    { name: "customers cursor page (deep)", carrier: "REST", request: restRequest(`${customers}&cursor=${encodeURIComponent(cursors.customer)}`) },
    { name: "customers cursor page (deep)", carrier: "GraphQL", request: gqlRequest(c(`, after: ${JSON.stringify(cursors.customer)}`)) },
    { name: "customers filtered + count", carrier: "REST", request: restRequest(`${customers}&status=Pending`) },
    {
      name: "customers filtered + count",
      carrier: "GraphQL",
      request: gqlRequest(
        `{ ${connection("customersConnection", `filter: ${PENDING_FILTER}, first: ${PAGE}`, CUSTOMER_NODE)} customersCount(filter: ${PENDING_FILTER}) }`,
      ),
    },
  ];
}

async function graphql(server: Service, query: string): Promise<Record<string, unknown>> {
  const res = await getJson(`${server.url}/graphql`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ query }) });
  const body = res.body as { data?: Record<string, unknown>; errors?: unknown[] } | undefined;
  if (res.status !== 200 || body?.errors || !body?.data) throw new Error(`scale: ${query.slice(0, 200)}: ${res.status} ${JSON.stringify(body).slice(0, 400)}`);
  return body.data;
}

type Page = { edges: { node: { id: string } }[]; pageInfo: { endCursor: string | null } };
const pageOf = (data: Record<string, unknown>) => Object.values(data)[0] as Page;

/** The cursor after row `depth` (0-based: the cursor page starts at row depth + 1) of both lists, and the ids those pages must start with. */
async function deepCursors(server: Service, depth: number) {
  const at = async (list: string, filter: string, offset: number) =>
    pageOf(await graphql(server, `{ ${connection(list, `${filter}offset: ${offset}, first: 1`, "{ id }")} }`));
  const [payment, customer] = [await at("paymentsConnection", `filter: ${PAYMENT_FILTER}, `, depth), await at("customersConnection", "", depth)];
  const [paymentNext, customerNext] = [
    await at("paymentsConnection", `filter: ${PAYMENT_FILTER}, `, depth + 1),
    await at("customersConnection", "", depth + 1),
  ];
  if (!payment.pageInfo.endCursor || !customer.pageInfo.endCursor) throw new Error(`scale: no cursor at depth ${depth}`);
  return {
    cursors: { payment: payment.pageInfo.endCursor, customer: customer.pageInfo.endCursor },
    firstIds: { payment: paymentNext.edges[0]!.node.id, customer: customerNext.edges[0]!.node.id },
  };
}

/** Sends every read once: 200, PAGE rows, and each cursor page starts at the row after its cursor. */
async function check(server: Service, all: Read[], firstIds: { payment: string; customer: string }) {
  for (const read of all) {
    const { method, path, body } = read.request as { method: string; path: string; body?: string };
    const res = await getJson(`${server.url}${path}`, { method, headers: read.request.headers as Record<string, string>, body });
    const data = (res.body as { data?: Record<string, unknown> } | undefined)?.data;
    const ids = read.carrier === "REST" ? (res.body as { id: string }[]).map?.((r) => r.id) : data && pageOf(data)?.edges.map((e) => e.node.id);
    if (res.status !== 200 || !Array.isArray(ids) || ids.length !== PAGE) {
      throw new Error(
        `scale: ${read.carrier} ${read.name}: ${res.status}, ${Array.isArray(ids) ? ids.length : "no"} rows (${PAGE} expected) ${JSON.stringify(res.body).slice(0, 300)}`,
      );
    }
    const expected = read.name.startsWith("payments cursor") ? firstIds.payment : read.name.startsWith("customers cursor") ? firstIds.customer : undefined;
    if (expected && ids[0] !== expected) throw new Error(`scale: ${read.carrier} ${read.name} starts at ${ids[0]}, ${expected} expected`);
  }
}

async function measureAll(server: Service, all: Read[], postmasterPid: number | undefined, rows: number) {
  const results = new Map<string, LoadResult>();
  for (const read of all) {
    const load = (connections: number, duration: number) =>
      runLoad({ url: server.url, connections, duration, timeout: 30, requests: [read.request], serverPid: server.child.pid!, postmasterPid });
    await load(1, SCALE_WARMUP_SEC);
    for (const connections of SCALE_CONNECTIONS) {
      await sleep(200);
      const r = await load(connections, SCALE_DURATION_SEC);
      results.set(`${read.name}|${read.carrier}|${connections}`, r);
      log(
        `l. scale ${rows} rows, ${read.carrier} ${read.name}, ${connections} conn.: ${r.requestsPerSec} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms`,
      );
    }
  }
  return results;
}

const productEnv = { LIST_CURSOR_SECRET: CURSOR_SECRET };

/** One size: the deep cursors (from `cursorServer` when the depth is beyond LIST_MAX_OFFSET), the check, the loads. */
async function measureSize(url: string, rows: number, postmasterPid: number | undefined) {
  // 99 % deep, but with a full page after it (1k: rows 901–1,000; 1M: rows 990,002–990,101).
  const depth = Math.min(Math.round(rows * 0.99), rows - PAGE - 1);
  let deep: Awaited<ReturnType<typeof deepCursors>>;
  if (depth + 1 > 10_000) {
    const helper = await startProductReplica(url, "product-scale-cursor", { ...productEnv, LIST_MAX_OFFSET: String(rows) });
    try {
      deep = await deepCursors(helper, depth);
    } finally {
      await helper.stop();
    }
  }
  const product = await startProductReplica(url, "product-scale", productEnv);
  try {
    deep ??= await deepCursors(product, depth);
    const all = reads(rows, deep.cursors);
    await check(product, all, deep.firstIds);
    log(`l. scale ${rows} rows: every read answers ${PAGE} rows; the cursor pages start at row ${depth + 2} (1-based), as offset ${depth + 1} does`);
    return await measureAll(product, all, postmasterPid, rows);
  } finally {
    await product.stop();
  }
}

export async function runScale(db: BenchPostgres, postmasterPid: number | undefined, failures: string[]): Promise<ScaleResult | undefined> {
  const database = await createScratchDatabase(db.url, "bench_scale_", 5);
  onCleanup("scale database", () => database.drop().catch(() => undefined));
  await applyMigrations(database.url);
  const seedSeconds: number[] = [];
  const bySize: Map<string, LoadResult>[] = [];
  let have = { customers: 0, payments: 0 };
  for (const rows of SCALE_SIZES) {
    const want = { customers: rows, payments: rows };
    seedSeconds.push(await growScaleData(database.url, have, want));
    log(`l. scale: ${rows} customers and ${rows} payments on one account, seeded in ${seedSeconds.at(-1)!.toFixed(1)} s`);
    have = want;
    bySize.push(await measureSize(database.url, rows, postmasterPid));
  }
  const measurements: ScaleMeasurement[] = [];
  for (const [key, small] of bySize[0]!) {
    const large = bySize[1]!.get(key)!;
    const [read, carrier, connections] = key.split("|") as [string, Carrier, string];
    measurements.push({
      read,
      carrier,
      connections: Number(connections),
      small,
      large,
      costRatio: Math.round((small.requestsPerSec / large.requestsPerSec) * 100) / 100,
    });
    for (const [size, r] of [
      ["1k", small],
      ["1M", large],
    ] as const) {
      if (r.non2xx || r.errors > r.timeouts)
        failures.push(`l. scale ${size} ${carrier} ${read} ${connections} conn.: ${r.non2xx} non-2xx (${JSON.stringify(r.statusCodes)}), ${r.errors} errors`);
    }
  }
  return {
    sizes: SCALE_SIZES,
    seedSeconds,
    measurements,
    durationSec: SCALE_DURATION_SEC,
    deepCursors:
      "endCursor of offset: 899 (1k) / 990000 (1M), first: 1 — at 1M read once from a product process started with LIST_MAX_OFFSET=1000000, same LIST_CURSOR_SECRET",
  };
}
