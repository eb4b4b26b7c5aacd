// k. The cost of tracing: phase b's REST GET customer/{id} on the product as configured (tracing
// off) and on a second product process exporting every span over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT)
// to a sink in this process that reads and counts them — a warm-up and --duration each, off first.
import { createServer } from "node:http";
import type { Service } from "../scripts/launch/service.mjs";
import { runLoad, type LoadResult } from "./load.js";
import { CONFIG, log, sleep } from "./options.js";
import type { Scenarios } from "./scenarios.js";
import { startProductReplica } from "./servers.js";

export interface TracingCostResult {
  off: LoadResult;
  on: LoadResult;
  /** req/s with tracing on ÷ off */
  onOverOff: number;
  /** What the sink received while "on" was measured: OTLP requests and their bytes. */
  exported: { requests: number; bytes: number };
}

async function measure(name: string, server: Service, scenarios: Scenarios, postmasterPid: number | undefined): Promise<LoadResult> {
  const load = (duration: number) =>
    runLoad({
      url: server.url,
      connections: CONFIG.connections,
      duration,
      timeout: 30,
      requests: scenarios.byIdRequests(),
      serverPid: server.child.pid!,
      postmasterPid,
    });
  await load(CONFIG.warmupSec);
  await sleep(500);
  const result = await load(CONFIG.durationSec);
  log(`${name}: ${result.requestsPerSec} req/s, p99 ${result.latencyMs.p99} ms, ${result.server.cpuMsPerRequest} ms CPU/req`);
  return result;
}

export async function runTracingCost(
  databaseUrl: string,
  product: Service,
  scenarios: Scenarios,
  postmasterPid: number | undefined,
  failures: string[],
): Promise<TracingCostResult> {
  const exported = { requests: 0, bytes: 0 };
  let counting = false;
  const sink = createServer(async (req, res) => {
    let bytes = 0;
    for await (const chunk of req) bytes += (chunk as Buffer).length;
    if (counting) {
      exported.requests++;
      exported.bytes += bytes;
    }
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(sink.address() as { port: number }).port}`;
  try {
    const off = await measure("k. tracing off", product, scenarios, postmasterPid);
    const traced = await startProductReplica(databaseUrl, "product-traced", { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: "bench" });
    try {
      counting = true;
      const on = await measure("k. tracing on", traced, scenarios, postmasterPid);
      counting = false;
      for (const [name, r] of [
        ["k. tracing off", off],
        ["k. tracing on", on],
      ] as const) {
        if (r.non2xx || r.errors > r.timeouts) failures.push(`${name}: ${r.non2xx} non-2xx responses, ${r.errors - r.timeouts} connection errors`);
      }
      return { off, on, onOverOff: Math.round((on.requestsPerSec / off.requestsPerSec) * 100) / 100, exported };
    } finally {
      await traced.stop();
    }
  } finally {
    sink.close();
  }
}

/** The report's part of phase k. */
export function tracingSection(result: TracingCostResult | undefined) {
  const ratio = result?.onOverOff;
  return {
    measurements: result && { ...result, requests: "GET customer/{id} (phase b); on: every span exported over OTLP/HTTP to a local sink" },
    ratios: { tracing_on_over_off: ratio },
    lastLine: ` tracing_on_over_off=${ratio === undefined ? "n/a" : ratio.toFixed(2)}`,
  };
}

/** The table's rows for phase k. */
export function tracingRows(measurements: unknown): [string, LoadResult, string][] {
  const m = measurements as TracingCostResult | undefined;
  if (!m) return [];
  return [
    ["k. REST by id, tracing off", m.off, ""],
    ["k. REST by id, tracing on (OTLP)", m.on, ""],
  ];
}
