// j. Gateway replicas on one box: REST GET customer by id (phase b's requests) through HAProxy
// (Debian's, scripts/launch/haproxy.ts) in front of one product process, then of two on the same
// database — what a second replica buys on this machine. A warm-up each, then --duration.
import { existsSync } from "node:fs";
import { startHaproxy } from "../scripts/launch/haproxy.js";
import type { Service } from "../scripts/launch/service.mjs";
import { runLoad, type LoadResult } from "./load.js";
import { CONFIG, log, sleep } from "./options.js";
import type { Scenarios } from "./scenarios.js";
import { startProductReplica } from "./servers.js";

export interface ReplicasResult {
  one: LoadResult;
  two: LoadResult;
  /** two replicas' req/s ÷ one's */
  twoOverOne: number;
}

const host = (service: Service) => new URL(service.url).host;

async function through(backends: Service[], scenarios: Scenarios, postmasterPid: number | undefined, name: string): Promise<LoadResult> {
  const haproxy = await startHaproxy(backends.map(host));
  try {
    const load = (duration: number) =>
      runLoad({
        url: haproxy.url,
        connections: CONFIG.connections,
        duration,
        timeout: 30,
        requests: scenarios.byIdRequests(),
        serverPid: backends[0]!.child.pid!,
        postmasterPid,
      });
    await load(CONFIG.warmupSec);
    await sleep(500);
    log(`${name}: ${CONFIG.durationSec} s at ${CONFIG.connections} connections through HAProxy`);
    const result = await load(CONFIG.durationSec);
    log(
      `${name}: ${result.requestsPerSec} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
    return result;
  } finally {
    await haproxy.stop();
  }
}

/** Phase j; a missing HAProxy or error responses are added to `failures`. */
export async function runReplicas(
  databaseUrl: string,
  product: Service,
  scenarios: Scenarios,
  postmasterPid: number | undefined,
  failures: string[],
): Promise<ReplicasResult | undefined> {
  if (!existsSync("/usr/sbin/haproxy")) {
    failures.push("j. replicas: /usr/sbin/haproxy is missing (bash scripts/ensure-test-packages.sh installs it)");
    return undefined;
  }
  const one = await through([product], scenarios, postmasterPid, "j. 1 replica");
  const second = await startProductReplica(databaseUrl, "product-2");
  try {
    const two = await through([product, second], scenarios, postmasterPid, "j. 2 replicas");
    for (const [name, r] of [
      ["j. 1 replica", one],
      ["j. 2 replicas", two],
    ] as const) {
      if (r.non2xx || r.errors > r.timeouts)
        failures.push(`${name}: ${r.non2xx} non-2xx responses (${JSON.stringify(r.statusCodes)}), ${r.errors - r.timeouts} connection errors`);
    }
    return { one, two, twoOverOne: Math.round((two.requestsPerSec / one.requestsPerSec) * 100) / 100 };
  } finally {
    await second.stop();
  }
}

/** The report's part of phase j. */
export function replicasSection(result: ReplicasResult | undefined) {
  const ratio = result?.twoOverOne;
  return {
    measurements: result && { ...result, requests: "GET customer/{id} (phase b) through HAProxy, round robin" },
    ratios: { two_replicas_over_one: ratio },
    lastLine: ` two_replicas_over_one=${ratio === undefined ? "n/a" : ratio.toFixed(2)}`,
  };
}

/** The table's rows for phase j (server columns: the first replica's). */
export function replicasRows(measurements: unknown): [string, LoadResult, string][] {
  const m = measurements as ReplicasResult | undefined;
  if (!m) return [];
  return [
    ["j. REST by id, HAProxy → 1 gateway", m.one, ""],
    ["j. REST by id, HAProxy → 2 gateways", m.two, ""],
  ];
}
