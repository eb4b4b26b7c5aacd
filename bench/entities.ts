// m. Federation's `_entities`: one POST resolving 100 Customer representations, as a router's entity
// fetch sends it, against the same 100 customers read by id (phase c's query, one per request), with
// the same selection. Checked first: the 100 entities are the 100 by-id answers. Reported per
// customer (req/s × 100 against req/s; CPU ms ÷ 100) and SQL statements per request.
import type { AutocannonRequest } from "autocannon";
import { isDeepStrictEqual } from "node:util";
import type { Service } from "../scripts/launch/service.mjs";
import { runLoad, type LoadResult } from "./load.js";
import { CONFIG, log, sleep } from "./options.js";
import type { BenchPostgres } from "./postgres.js";
import { getJson, JSON_HEADERS, type Scenarios } from "./scenarios.js";
import { countGraphqlStatements } from "./statement-count.js";

const BATCH = 100;

export interface EntitiesResult {
  /** POST /graphql _entities of 100 representations per request. */
  entities: LoadResult;
  /** POST /graphql customer(id), one per request (phase c). */
  byId: LoadResult;
  /** Customers resolved per second: _entities ÷ by id. */
  customersPerSecRatio: number;
  /** Server CPU ms per customer: _entities ÷ by id. */
  cpuPerCustomerRatio: number;
  sqlStatements: { entities?: number; byId?: number };
}

/** The by-id query's selection set, under `_entities`' fragment on Customer. */
const entitiesQueryOf = (byIdQuery: string) =>
  `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer ${byIdQuery.slice(byIdQuery.indexOf("{", byIdQuery.indexOf("customer(")))} }`;

function batches(ids: string[]): () => { __typename: string; id: string }[] {
  let i = 0;
  return () => Array.from({ length: BATCH }, () => ({ __typename: "Customer", id: ids[i++ % ids.length]! }));
}

async function sameAnswers(product: Service, scenarios: Scenarios, query: string, ids: string[]): Promise<void> {
  const representations = ids.slice(0, BATCH).map((id) => ({ __typename: "Customer", id }));
  const entities = await getJson(`${product.url}/graphql`, {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ query, variables: { r: representations } }),
  });
  const found = (entities.body as { data?: { _entities?: unknown[] } }).data?._entities;
  for (const [i, { id }] of representations.entries()) {
    const one = await getJson(`${product.url}/graphql`, {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ query: scenarios.graphqlByIdQuery, variables: { id } }),
    });
    const customer = (one.body as { data?: { customer?: unknown } }).data?.customer;
    if (!customer || !isDeepStrictEqual(found?.[i], customer))
      throw new Error(`m. _entities: representation ${i} (${id}) differs from customer(id): ${JSON.stringify(found?.[i])?.slice(0, 200)}`);
  }
}

async function measure(name: string, product: Service, requests: AutocannonRequest[], postmasterPid: number | undefined): Promise<LoadResult> {
  const load = (duration: number) =>
    runLoad({ url: product.url, connections: CONFIG.connections, duration, timeout: 30, requests, serverPid: product.child.pid!, postmasterPid });
  await load(CONFIG.warmupSec);
  await sleep(500);
  const result = await load(CONFIG.durationSec);
  log(`${name}: ${result.requestsPerSec} req/s, p99 ${result.latencyMs.p99} ms, ${result.server.cpuMsPerRequest} ms CPU/req`);
  return result;
}

export async function runEntities(
  db: BenchPostgres,
  product: Service,
  scenarios: Scenarios,
  ids: string[],
  postmasterPid: number | undefined,
  failures: string[],
): Promise<EntitiesResult> {
  const query = entitiesQueryOf(scenarios.graphqlByIdQuery);
  await sameAnswers(product, scenarios, query, ids);
  const next = batches(ids);
  const entityRequests: AutocannonRequest[] = [
    { method: "POST", path: "/graphql", headers: JSON_HEADERS, setupRequest: (req) => ({ ...req, body: JSON.stringify({ query, variables: { r: next() } }) }) },
  ];
  const entities = await measure("m. _entities ×100", product, entityRequests, postmasterPid);
  const byId = await measure("m. customer(id) ×1", product, scenarios.graphqlRequests(), postmasterPid);
  for (const [name, r] of [
    ["m. _entities", entities],
    ["m. by id", byId],
  ] as const) {
    if (r.non2xx || r.errors > r.timeouts) failures.push(`${name}: ${r.non2xx} non-2xx responses, ${r.errors - r.timeouts} connection errors`);
  }
  const sqlStatements = {
    entities: (await countGraphqlStatements(db, product, { query, variables: { r: next() } }))?.total,
    byId: (await countGraphqlStatements(db, product, { query: scenarios.graphqlByIdQuery, variables: { id: ids[0] } }))?.total,
  };
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    entities,
    byId,
    customersPerSecRatio: round((entities.requestsPerSec * BATCH) / byId.requestsPerSec),
    cpuPerCustomerRatio: round(entities.server.cpuMsPerRequest / BATCH / byId.server.cpuMsPerRequest),
    sqlStatements,
  };
}

/** The report's part of phase m. */
export function entitiesSection(result: EntitiesResult | undefined) {
  return {
    measurements: result && { ...result, requests: `POST /graphql _entities of ${BATCH} Customer representations vs customer(id) (phase c's selection)` },
    ratios: { entities_customers_per_s_over_by_id: result?.customersPerSecRatio, entities_cpu_per_customer_over_by_id: result?.cpuPerCustomerRatio },
    lastLine: ` entities_customers_per_s_over_by_id=${result ? result.customersPerSecRatio.toFixed(2) : "n/a"}`,
  };
}

/** The table's rows for phase m. */
export function entitiesRows(measurements: unknown): [string, LoadResult, string][] {
  const m = measurements as EntitiesResult | undefined;
  if (!m) return [];
  return [
    [`m. _entities (${BATCH} customers)`, m.entities, `${m.sqlStatements.entities ?? "?"}`],
    ["m. customer(id) (1 customer)", m.byId, `${m.sqlStatements.byId ?? "?"}`],
  ];
}
