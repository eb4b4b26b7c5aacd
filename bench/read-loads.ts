// The read loads (a. floor, b. REST, c. GraphQL by id, d. nested): a warm-up, then the measured run,
// each with autocannon at --connections for --warmup / --duration seconds. b and c, whose ratio is a
// target, run in --rounds alternating rounds (b, c; c, b; …) merged per side, unless --profile
// (whose summaries are cut by each phase's one window).
import type { AutocannonRequest } from "autocannon";
import type { Service } from "../scripts/launch/service.mjs";
import { runLoad, type LoadResult } from "./load.js";
import { CONFIG, ONLY, log, sleep, type Phase } from "./options.js";
import { merge } from "./postgraphile-loads.js";
import { CUSTOMER_PATH, NESTED_QUERY, type Scenarios } from "./scenarios.js";

export interface PhaseResult extends LoadResult {
  requestsDescription: string;
}

async function warm(name: string, server: Service, requests: () => AutocannonRequest[], postmasterPid: number | undefined): Promise<void> {
  log(`${name}: warm-up ${CONFIG.warmupSec} s`);
  const r = await runLoad({
    url: server.url,
    connections: CONFIG.connections,
    duration: CONFIG.warmupSec,
    timeout: 30,
    requests: requests(),
    serverPid: server.child.pid!,
    postmasterPid,
  });
  if (r.non2xx || r.errors) log(`${name}: warm-up had ${r.non2xx} non-2xx responses ${JSON.stringify(r.statusCodes)} and ${r.errors} errors`);
  await sleep(500);
}

async function measure(
  name: string,
  server: Service,
  requests: () => AutocannonRequest[],
  postmasterPid: number | undefined,
  description: string,
  /** Collects the run's latencies (of rounds to be merged). */
  latencies?: number[],
): Promise<PhaseResult> {
  log(`${name}: ${CONFIG.durationSec} s at ${CONFIG.connections} connections`);
  const result = await runLoad({
    url: server.url,
    connections: CONFIG.connections,
    duration: CONFIG.durationSec,
    timeout: 30,
    requests: requests(),
    serverPid: server.child.pid!,
    postmasterPid,
    latencies,
  });
  log(
    `${name}: ${result.requestsPerSec} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ` +
      `peak RSS ${result.server.peakRssMb} MB, non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
  await sleep(500);
  return { ...result, requestsDescription: description };
}

/** The read phases selected by --only; error responses are added to `failures`. */
export async function runReadLoads(
  product: Service,
  floor: Service,
  scenarios: Scenarios,
  postmasterPid: number | undefined,
  failures: string[],
): Promise<Partial<Record<Phase, PhaseResult>>> {
  const { byIdRequests, graphqlRequests, nestedRequests, graphqlByIdQuery } = scenarios;
  const pm = postmasterPid;
  const results: Partial<Record<Phase, PhaseResult>> = {};
  // Both by-id paths of the product are warmed before either is measured: they share most code, and
  // the second would otherwise profit from the first one's JIT work.
  if (ONLY.has("floor")) {
    await warm("a. floor", floor, byIdRequests, pm);
    results.floor = await measure("a. floor", floor, byIdRequests, pm, `GET ${CUSTOMER_PATH}{id} (node:http + pg)`);
  }
  if (ONLY.has("rest")) await warm("b. REST", product, byIdRequests, pm);
  if (ONLY.has("graphql")) await warm("c. GraphQL", product, graphqlRequests, pm);
  const restDescription = `GET ${CUSTOMER_PATH}{id}`;
  const graphqlDescription = `POST /graphql ${graphqlByIdQuery}`;
  const rest = (latencies?: number[]) => measure("b. REST", product, byIdRequests, pm, restDescription, latencies);
  const graphql = (latencies?: number[]) => measure("c. GraphQL", product, graphqlRequests, pm, graphqlDescription, latencies);
  if (ONLY.has("rest") && ONLY.has("graphql") && !CONFIG.profile) {
    const sides = { rest: { rounds: [] as PhaseResult[], latencies: [] as number[] }, graphql: { rounds: [] as PhaseResult[], latencies: [] as number[] } };
    for (let r = 0; r < CONFIG.rounds; r++) {
      // Each round starts with the other side: neither always runs right after the other.
      const order = r % 2 === 0 ? (["rest", "graphql"] as const) : (["graphql", "rest"] as const);
      for (const side of order) sides[side].rounds.push(await (side === "rest" ? rest : graphql)(sides[side].latencies));
    }
    results.rest = merge(sides.rest.rounds, sides.rest.latencies, restDescription);
    results.graphql = merge(sides.graphql.rounds, sides.graphql.latencies, graphqlDescription);
  } else {
    if (ONLY.has("rest")) results.rest = await rest();
    if (ONLY.has("graphql")) results.graphql = await graphql();
  }
  if (ONLY.has("nested")) {
    await warm("d. nested", product, nestedRequests, pm);
    results.nested = await measure("d. nested", product, nestedRequests, pm, `POST /graphql ${NESTED_QUERY}`);
  }
  // Error responses mean the measurement is not of the product working: the run fails. Timeouts
  // (no answer within 30 s) are a result, shown in the errors column.
  for (const [name, r] of Object.entries(results)) {
    if (r.non2xx || r.errors > r.timeouts)
      failures.push(`${name}: ${r.non2xx} non-2xx responses (${JSON.stringify(r.statusCodes)}), ${r.errors - r.timeouts} connection errors (see bench/logs/)`);
  }
  return results;
}
