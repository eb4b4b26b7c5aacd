// l. scale in bench/results.json, its target (issue 28: a first page and any cursor page within 2× of
// their 1k-row cost) and its own table: each read at 1k and at 1M rows, side by side, with the ratio.
import type { LoadResult } from "./load.js";
import type { ScaleMeasurement, ScaleResult } from "./scale.js";

export const SCALE_TARGET = 2;

/** The reads the 2× goal is about: first pages and cursor pages (offset pages and counts are reported, not judged). */
const judged = (m: ScaleMeasurement) => /first page|cursor page/.test(m.read);

export function scaleSection(result: ScaleResult | undefined) {
  const worst = (carrier: string) => result?.measurements.filter((m) => judged(m) && m.carrier === carrier).reduce((a, m) => Math.max(a, m.costRatio), 0);
  const [graphql, rest] = [worst("GraphQL"), worst("REST")];
  const target = (carrier: string, value: number) => ({
    name: `${carrier} pages, 1M vs 1k rows`,
    target: `first/cursor page cost ≤ ${SCALE_TARGET}× their 1k cost`,
    value: `worst ${value.toFixed(2)}×`,
    pass: value <= SCALE_TARGET,
  });
  return {
    measurements: result,
    ratios: { scale_graphql_pages_worst: graphql, scale_rest_pages_worst: rest },
    targets: graphql === undefined || rest === undefined ? [] : [target("GraphQL", graphql), target("REST", rest)],
    lastLine: graphql === undefined || rest === undefined ? "" : ` scale_graphql_pages_worst=${graphql.toFixed(2)} scale_rest_pages_worst=${rest.toFixed(2)}`,
  };
}

const pgMs = (r: LoadResult) => (r.postgres ? r.postgres.cpuMsPerRequest.toFixed(1) : "?");

/** The phase's table, printed under the main one when it ran. */
export function scaleTable(measurements: unknown): string[] {
  const m = measurements as ScaleResult | undefined;
  if (!m) return [];
  const head = [
    "l. scale: read (page of 100)",
    "carrier",
    "conn",
    "1k req/s",
    "1M req/s",
    "1k p50 ms",
    "1M p50 ms",
    "1M p99 ms",
    "PG ms/req 1k→1M",
    "other cores",
    "1M ÷ 1k cost",
  ];
  const body = m.measurements.map((r) => [
    r.read,
    r.carrier,
    String(r.connections),
    r.small.requestsPerSec.toFixed(0),
    r.large.requestsPerSec.toFixed(0),
    String(r.small.latencyMs.p50),
    String(r.large.latencyMs.p50),
    String(r.large.latencyMs.p99),
    `${pgMs(r.small)}→${pgMs(r.large)}`,
    `${r.small.otherCoresUsed.toFixed(1)}/${r.large.otherCoresUsed.toFixed(1)}`,
    `${r.costRatio.toFixed(2)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...body.map(line),
    `l: ${m.sizes.join(" and ")} customers and payments (one account) in a database of its own, seeded in ${m.seedSeconds.map((s) => `${s.toFixed(0)} s`).join(" + ")}; ` +
      `${m.durationSec} s per measurement; cost ratio = 1k req/s ÷ 1M req/s; ` +
      `PG ms/req: PostgreSQL CPU per request; other cores: the rest of the machine meanwhile (1k/1M; above ~0.25 the absolute numbers are skewed); deep cursors: ${m.deepCursors}`,
    "",
  ];
}
