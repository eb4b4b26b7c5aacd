// The table a run prints (the product against PostGraphile 5 as rows f–h, a pair per query; the REST
// list and the same GraphQL list as the pair i), its targets with PASS/MISS, and as the very last line
// the ratios (rest_by_id_vs_floor=… graphql_by_id_vs_floor=… rest_over_graphql=… nested_sql_statements=…
// payment_posts_per_s=… nested_vs_postgraphile=… list_vs_postgraphile=… rest_list_over_graphql=… and, with the versions phase, v5_by_id_over_v4=… v5_list_over_v4=…).
import type { LoadResult } from "./load.js";
import type { WaitProfile } from "./lock-waits.js";
import type { CommitFloor } from "./payment-floor.js";
import { peerRows } from "./postgraphile-report.js";
import type { Report } from "./report.js";
import { replicasRows } from "./replicas.js";
import { tracingRows } from "./tracing-cost.js";
import { entitiesRows } from "./entities.js";
import { restListNote, restListRows } from "./rest-list.js";
import { scaleTable } from "./scale-report.js";
import { versionsRows } from "./versions.js";

/** Under the table, when f–h ran: what the peer is, how it was measured, what the same-rows check saw. */
function peerNote(report: Report): string[] {
  const p = report.measurements.postgraphile as { peer: { package: string; rounds: number; roundSec: number }; sameRows?: Record<string, unknown> } | undefined;
  if (!p) return [];
  const list = report.dataset.listAccount;
  return [
    `f–h: the product and ${p.peer.package} on the same database, ${p.peer.rounds} alternating rounds of ${p.peer.roundSec} s per side ` +
      `(product first)${list ? `; list account ${list.accountId} (${list.payments} payments)` : ""}`,
    `  same rows on both sides, checked before the load: ${JSON.stringify(p.sameRows)}`,
    "",
  ];
}

export function printReport(report: Report) {
  const m = report.measurements as Record<string, LoadResult | undefined>;
  const rows: [string, LoadResult | undefined, string][] = [
    ["a. floor   GET customer/{id}", m.floorById, ""],
    ["b. REST    GET customer/{id}", m.restById, `${report.statementsPerRequest.restById?.total}`],
    ["c. GraphQL customer(id)", m.graphqlById, `${report.statementsPerRequest.graphqlById?.total}`],
    ["d. GraphQL nested (50 cust.)", m.nestedGraphql, `${report.statementsPerRequest.nested?.total}`],
    ["e. REST    POST payment", m.paymentPost, `${report.statementsPerRequest.paymentPost?.total}`],
    ...peerRows(report.measurements.postgraphile as Record<string, unknown> | undefined),
    ...restListRows(report.measurements.restList),
    ...replicasRows(report.measurements.replicas),
    ...tracingRows(report.measurements.tracing),
    ...entitiesRows(report.measurements.entities),
    ...versionsRows(report.measurements.versions),
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
    ...peerNote(report),
    ...restListNote(report.measurements.restList),
    ...scaleTable(report.measurements.scale),
    ...((report.measurements.paymentFloor as CommitFloor[] | undefined) ?? []).map(
      (f) =>
        `payment floor, ${report.config.connections} raw pg writers on one account: ${String(f.transactionsPerSec).padStart(5)} commits/s, p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms — ${f.statements}`,
    ),
    ...((report.measurements.paymentPost as { waitProfile?: WaitProfile } | undefined)?.waitProfile
      ? [
          (() => {
            const w = (report.measurements.paymentPost as { waitProfile: WaitProfile }).waitProfile;
            return (
              `payment POSTs seen from PostgreSQL: ${w.meanLockWaiters} transactions queued on the account row lock on average; the transaction holding it was ` +
              `${Object.entries(w.holder)
                .map(([k, v]) => `${v}% ${k}`)
                .join(", ")}` +
              `\n  idle holders had last run: ${Object.entries(w.holderIdleAfter)
                .slice(0, 4)
                .map(([k, v]) => `${v}% "${k}"`)
                .join(", ")}`
            );
          })(),
        ]
      : []),
    ...(report.measurements.paymentFloor ? [""] : []),
    "targets:",
    ...report.targets.map(
      (t) => `  ${t.pass === undefined ? "n/a " : t.pass ? "PASS" : "MISS"}  ${t.name.padEnd(29)} ${t.value.padEnd(30)} (target ${t.target})`,
    ),
    ...(rows.some(([, r]) => r && r.otherCoresUsed > 0.25)
      ? ["", "WARNING: other processes used CPU during some runs (column 'other'): those numbers are skewed; rerun on a quiet machine."]
      : []),
    ...(report.failures.length ? ["", "FAILURES:", ...report.failures.map((f) => `  ${f}`)] : []),
    "",
    `results: bench/results.json (${report.totalSeconds} s)`,
    report.lastLine,
  ];
  console.log(out.join("\n"));
}
