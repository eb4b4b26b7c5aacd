// The product against the PostGraphile peer, query by query (bench/postgraphile-scenarios.ts): both
// warmed up (--warmup each), then --rounds alternating rounds, product, peer, product, peer…, each
// --duration long at --connections, with the same load tool (bench/load.ts). Each side's rounds are
// merged: req/s = 2xx ÷ measured seconds, latency percentiles over every 2xx response of its rounds,
// CPU per request of its own process (and PostgreSQL's) over all its rounds.
import type { AutocannonRequest } from "autocannon";
import type { Service } from "../scripts/launch/service.mjs";
import { runLoad, type LoadResult } from "./load.js";
import { CONFIG, log, sleep, type PeerPhase } from "./options.js";
import type { PeerScenario } from "./postgraphile-scenarios.js";

export type RoundSummary = Pick<LoadResult, "requestsPerSec" | "durationSec"> & { p50: number; p99: number; cpuMsPerRequest: number; otherCoresUsed: number };
export type MergedResult = LoadResult & { requestsDescription: string; rounds: RoundSummary[] };
export interface PeerComparison {
  product: MergedResult;
  postgraphile: MergedResult;
  /** product req/s ÷ PostGraphile req/s */
  throughputRatio: number;
}
export type PeerResults = Partial<Record<PeerPhase, PeerComparison>>;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** In whole ms, as autocannon's own percentiles. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

/** One side's rounds as one result (sums, weighted means, maxima; percentiles over all latencies). */
/** A merged side cut to its last round (a profile window of that side alone). */
export const lastRound = (m: MergedResult): LoadResult => ({ ...m, windowUs: [m.windowUs[1] - m.rounds.at(-1)!.durationSec * 1e6, m.windowUs[1]] });

export function merge(rounds: LoadResult[], latencies: number[], description: string): MergedResult {
  const sum = (f: (r: LoadResult) => number) => rounds.reduce((a, r) => a + f(r), 0);
  const durationSec = sum((r) => r.durationSec);
  const completed = sum((r) => r.completed);
  const ok2xx = sum((r) => r.ok2xx);
  const byTime = (f: (r: LoadResult) => number) => round(sum((r) => f(r) * r.durationSec) / durationSec);
  const perRequest = (f: (r: LoadResult) => number) => (completed ? round(sum((r) => f(r) * r.completed) / completed, 3) : 0);
  const statusCodes: Record<string, number> = {};
  for (const r of rounds) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const sorted = Float64Array.from(latencies).sort();
  const lat = Array.from(sorted);
  const pg = rounds.every((r) => r.postgres);
  return {
    requestsPerSec: round(ok2xx / durationSec, 1),
    completed,
    durationSec,
    latencyMs: {
      p50: percentile(lat, 50),
      p90: percentile(lat, 90),
      p99: percentile(lat, 99),
      max: Math.round(lat.at(-1) ?? 0),
      mean: lat.length ? round(lat.reduce((a, b) => a + b, 0) / lat.length) : 0,
    },
    ok2xx,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    statusCodes,
    server: {
      peakRssMb: Math.max(...rounds.map((r) => r.server.peakRssMb)),
      hwmMb: Math.max(...rounds.map((r) => r.server.hwmMb)),
      cpuMsPerRequest: perRequest((r) => r.server.cpuMsPerRequest),
      mainThreadCpuMsPerRequest: perRequest((r) => r.server.mainThreadCpuMsPerRequest),
      cpuCoresUsed: byTime((r) => r.server.cpuCoresUsed),
    },
    ...(pg && { postgres: { cpuMsPerRequest: perRequest((r) => r.postgres!.cpuMsPerRequest), cpuCoresUsed: byTime((r) => r.postgres!.cpuCoresUsed) } }),
    loadGenerator: { cpuCoresUsed: byTime((r) => r.loadGenerator.cpuCoresUsed) },
    otherCoresUsed: byTime((r) => r.otherCoresUsed),
    windowUs: [rounds[0]!.windowUs[0], rounds.at(-1)!.windowUs[1]],
    requestsDescription: description,
    rounds: rounds.map((r) => ({
      requestsPerSec: r.requestsPerSec,
      durationSec: r.durationSec,
      p50: r.latencyMs.p50,
      p99: r.latencyMs.p99,
      cpuMsPerRequest: r.server.cpuMsPerRequest,
      otherCoresUsed: r.otherCoresUsed,
    })),
  };
}

/** One side of an alternating comparison: a server and what it is sent. */
export interface LoadSide {
  label: string;
  server: Service;
  requests: () => AutocannonRequest[];
}
/** A side's measured rounds, and every 2xx latency of them (ms). */
export interface SideRounds {
  rounds: LoadResult[];
  latencies: number[];
}

async function load(side: LoadSide, seconds: number, postmasterPid: number | undefined, latencies?: number[]): Promise<LoadResult> {
  const r = await runLoad({
    url: side.server.url,
    connections: CONFIG.connections,
    duration: seconds,
    timeout: 30,
    requests: side.requests(),
    serverPid: side.server.child.pid!,
    postmasterPid,
    latencies,
  });
  await sleep(500);
  return r;
}

/** Each side warmed up (--warmup), then --rounds alternating rounds (side 1, side 2, side 1, …), each --duration long. */
export async function alternateRounds(name: string, sides: LoadSide[], postmasterPid: number | undefined): Promise<SideRounds[]> {
  const out: SideRounds[] = sides.map(() => ({ rounds: [], latencies: [] }));
  for (const side of sides) {
    log(`${name}: ${side.label} warm-up ${CONFIG.warmupSec} s`);
    const w = await load(side, CONFIG.warmupSec, postmasterPid);
    if (w.non2xx || w.errors) log(`${name}: ${side.label} warm-up had ${w.non2xx} non-2xx responses ${JSON.stringify(w.statusCodes)} and ${w.errors} errors`);
  }
  for (let i = 1; i <= CONFIG.rounds; i++) {
    for (const [j, side] of sides.entries()) {
      const r = await load(side, CONFIG.durationSec, postmasterPid, out[j]!.latencies);
      out[j]!.rounds.push(r);
      log(
        `${name} round ${i}/${CONFIG.rounds}: ${side.label} ${r.requestsPerSec} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ` +
          `${r.server.cpuMsPerRequest} ms CPU/req, non-2xx ${r.non2xx}, errors ${r.errors}`,
      );
    }
  }
  return out;
}

/** The peer phases in `scenarios`, each product and peer in alternating rounds; error responses go to `failures`. */
export async function runPeerLoads(
  product: Service,
  peer: Service,
  scenarios: PeerScenario[],
  postmasterPid: number | undefined,
  failures: string[],
): Promise<PeerResults> {
  const results: PeerResults = {};
  for (const s of scenarios) {
    const name = `${s.phase}`;
    const measured = await alternateRounds(
      name,
      [
        { label: "product", server: product, requests: s.product },
        { label: "PostGraphile", server: peer, requests: s.peer },
      ],
      postmasterPid,
    );
    const [a, b] = measured.map((m, i) => merge(m.rounds, m.latencies, `POST /graphql ${i === 0 ? s.productQuery : s.peerQuery}`)) as [
      MergedResult,
      MergedResult,
    ];
    results[s.phase] = { product: a, postgraphile: b, throughputRatio: round(a.requestsPerSec / b.requestsPerSec) };
    log(`${name}: product ${a.requestsPerSec} req/s vs PostGraphile ${b.requestsPerSec} req/s (${results[s.phase]!.throughputRatio}×)`);
    for (const [label, r] of [
      ["product", a],
      ["PostGraphile", b],
    ] as const) {
      if (r.non2xx || r.errors > r.timeouts) {
        failures.push(
          `${name} ${label}: ${r.non2xx} non-2xx responses (${JSON.stringify(r.statusCodes)}), ${r.errors - r.timeouts} connection errors (see bench/logs/)`,
        );
      }
    }
  }
  return results;
}
