// k. The cost of tracing: phase b's REST GET customer/{id} on the product as configured (tracing
// off), on a second product process exporting every span over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT)
// to a sink in this process that reads and counts them, and on a third sampling 10 % of the traces
// (OTEL_TRACES_SAMPLER=parentbased_traceidratio, OTEL_TRACES_SAMPLER_ARG=0.1). Each is warmed up,
// then --rounds alternating rounds, each starting one side later (off, on, sampled; on, sampled, off; …),
// each --duration long, merged per process.
import { createServer } from "node:http";
import type { Service } from "../scripts/launch/service.mjs";
import { runLoad, type LoadResult } from "./load.js";
import { CONFIG, log, sleep } from "./options.js";
import { merge, type MergedResult } from "./postgraphile-loads.js";
import type { Scenarios } from "./scenarios.js";
import { startProductReplica } from "./servers.js";

/** The traced product process's name (its logs, its profile directory). */
export const TRACED_REPLICA = "product-traced";
const SAMPLED_REPLICA = "product-sampled";
const SAMPLED_RATIO = "0.1";

interface Exported {
  /** OTLP requests the sink received and their bytes. */
  requests: number;
  bytes: number;
}

export interface TracingCostResult {
  off: MergedResult;
  on: MergedResult;
  /** 10 % of the traces recorded and exported. */
  sampled?: MergedResult;
  /** req/s with tracing on ÷ off */
  onOverOff: number;
  /** req/s with 10 % of the traces sampled ÷ off */
  sampledOverOff?: number;
  /** What the sink received while "on" (and "sampled") was measured. */
  exported: Exported;
  exportedSampled?: Exported;
}

interface Side {
  name: string;
  server: Service;
  rounds: LoadResult[];
  latencies: number[];
  /** Counted by the sink while this side is measured. */
  exported?: Exported;
}

function load(side: Side, scenarios: Scenarios, postmasterPid: number | undefined, duration: number, latencies?: number[]): Promise<LoadResult> {
  return runLoad({
    url: side.server.url,
    connections: CONFIG.connections,
    duration,
    timeout: 30,
    requests: scenarios.byIdRequests(),
    serverPid: side.server.child.pid!,
    postmasterPid,
    latencies,
  });
}

/** OTLP/HTTP receiver: reads each export and counts it for the side being measured. */
async function startSink(counting: () => Exported | undefined) {
  const sink = createServer(async (req, res) => {
    let bytes = 0;
    for await (const chunk of req) bytes += (chunk as Buffer).length;
    const exported = counting();
    if (exported) {
      exported.requests++;
      exported.bytes += bytes;
    }
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  return { sink, endpoint: `http://127.0.0.1:${(sink.address() as { port: number }).port}` };
}

const ratio = (a: LoadResult, b: LoadResult) => Math.round((a.requestsPerSec / b.requestsPerSec) * 100) / 100;

export async function runTracingCost(
  databaseUrl: string,
  product: Service,
  scenarios: Scenarios,
  postmasterPid: number | undefined,
  failures: string[],
): Promise<TracingCostResult> {
  let measured: Side | undefined;
  const { sink, endpoint } = await startSink(() => measured?.exported);
  const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: "bench" };
  const sides: Side[] = [{ name: "k. tracing off", server: product, rounds: [], latencies: [] }];
  try {
    const [traced, sampled] = await Promise.all([
      startProductReplica(databaseUrl, TRACED_REPLICA, otlp),
      startProductReplica(databaseUrl, SAMPLED_REPLICA, { ...otlp, OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: SAMPLED_RATIO }),
    ]);
    const empty = () => ({ requests: 0, bytes: 0 });
    sides.push({ name: "k. tracing on", server: traced, rounds: [], latencies: [], exported: empty() });
    sides.push({ name: `k. tracing sampled ${SAMPLED_RATIO}`, server: sampled, rounds: [], latencies: [], exported: empty() });
    try {
      for (const side of sides) await load(side, scenarios, postmasterPid, CONFIG.warmupSec);
      for (let r = 0; r < CONFIG.rounds; r++) {
        // Each round starts one side later (off, on, sampled; on, sampled, off; …): the process measured
        // right after another tends to be faster, and no side should always have the same place.
        for (const side of [...sides.slice(r % sides.length), ...sides.slice(0, r % sides.length)]) {
          await sleep(500);
          measured = side;
          const result = await load(side, scenarios, postmasterPid, CONFIG.durationSec, side.latencies);
          measured = undefined;
          side.rounds.push(result);
          log(
            `${side.name} (round ${r + 1}): ${result.requestsPerSec} req/s, p99 ${result.latencyMs.p99} ms, ${result.server.cpuMsPerRequest} ms CPU/req (main thread ${result.server.mainThreadCpuMsPerRequest})`,
          );
        }
      }
    } finally {
      await Promise.all([traced.stop(), sampled.stop()]);
    }
  } finally {
    sink.close();
  }
  const merged = sides.map((s) => merge(s.rounds, s.latencies, "GET customer/{id} (phase b)"));
  const [off, on, sampled] = merged;
  for (const [i, side] of sides.entries()) {
    const r = merged[i]!;
    if (r.non2xx || r.errors > r.timeouts) failures.push(`${side.name}: ${r.non2xx} non-2xx responses, ${r.errors - r.timeouts} connection errors`);
  }
  return {
    off: off!,
    on: on!,
    sampled,
    onOverOff: ratio(on!, off!),
    sampledOverOff: ratio(sampled!, off!),
    exported: sides[1]!.exported!,
    exportedSampled: sides[2]!.exported,
  };
}

/** The report's part of phase k. */
export function tracingSection(result: TracingCostResult | undefined) {
  const fmt = (n: number | undefined) => (n === undefined ? "n/a" : n.toFixed(2));
  return {
    measurements: result && {
      ...result,
      requests: `GET customer/{id} (phase b); on: every span exported over OTLP/HTTP to a local sink; sampled: ${SAMPLED_RATIO} of the traces (parentbased_traceidratio)`,
    },
    ratios: { tracing_on_over_off: result?.onOverOff, tracing_sampled_over_off: result?.sampledOverOff },
    lastLine: ` tracing_on_over_off=${fmt(result?.onOverOff)} tracing_sampled_over_off=${fmt(result?.sampledOverOff)}`,
  };
}

/** The table's rows for phase k. */
export function tracingRows(measurements: unknown): [string, LoadResult, string][] {
  const m = measurements as TracingCostResult | undefined;
  if (!m) return [];
  return [
    ["k. REST by id, tracing off", m.off, ""],
    ["k. REST by id, tracing on (OTLP)", m.on, ""],
    ...(m.sampled ? [["k. REST by id, 10 % sampled", m.sampled, ""] as [string, LoadResult, string]] : []),
  ];
}
