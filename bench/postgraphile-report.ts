// The product against PostGraphile 5 in bench/results.json and the printed table: both sides' merged
// rounds per query, the throughput ratios (product ÷ PostGraphile), issue 14's targets, and the part
// of the last line `nested_vs_postgraphile=… list_vs_postgraphile=…`.
import { CONFIG, type PeerPhase } from "./options.js";
import type { MergedResult, PeerComparison, PeerResults } from "./postgraphile-loads.js";
import type { PeerScenarios } from "./postgraphile-scenarios.js";
import type { StatementCount } from "./statement-count.js";

export type PeerStatements = Record<string, { product?: StatementCount; postgraphile?: StatementCount }>;

export interface PeerSection {
  measurements?: Record<string, unknown>;
  ratios: Record<string, number | undefined>;
  targets: { name: string; target: string; value: string; pass: boolean | undefined }[];
  /** appended to the last line */
  lastLine: string;
}

export const PEER = {
  package: "postgraphile@5.1.5 (PostGraphileAmberPreset, default inflection; grafserv node adapter on node:http)",
  command: "node --import bench/peers/with-resolvers.mjs --import tsx bench/peers/postgraphile-server.mjs",
  options: "schemas [public], pool max DB_POOL_SIZE, pubsub off, defaultBehavior -insert -update -delete, no GraphiQL, no watch",
  environment: `NODE_ENV ${process.env.NODE_ENV ?? "(unset)"}, GRAPHILE_ENV ${process.env.GRAPHILE_ENV ?? "(unset: grafast in production mode)"}`,
};

const LABELS: Record<PeerPhase, string> = {
  "postgraphile-nested": "f. nested (50 cust.)",
  "postgraphile-list": "g. list (100 payments)",
  "postgraphile-by-id": "h. customer by id",
};
const fmtRatio = (v: number | undefined) => (v === undefined ? "n/a" : v.toFixed(2));

export function peerSection(peer: PeerResults | undefined, statements: PeerStatements | undefined, scenarios: PeerScenarios | undefined): PeerSection {
  const nested = peer?.["postgraphile-nested"];
  const list = peer?.["postgraphile-list"];
  const byId = peer?.["postgraphile-by-id"];
  const ratios = {
    nested_vs_postgraphile: nested?.throughputRatio,
    list_vs_postgraphile: list?.throughputRatio,
    by_id_vs_postgraphile: byId?.throughputRatio,
  };
  const ran = peer ? Object.entries(peer) : [];
  const cpu = ran.map(([phase, c]) => `${phase.slice(13)} ${c!.product.server.cpuMsPerRequest}/${c!.postgraphile.server.cpuMsPerRequest}`);
  const targets: PeerSection["targets"] = [
    {
      name: "nested read vs PostGraphile",
      target: "≥ 1.0× PostGraphile req/s, lower p99",
      value: nested ? `${fmtRatio(nested.throughputRatio)}×, p99 ${nested.product.latencyMs.p99}/${nested.postgraphile.latencyMs.p99} ms` : "n/a",
      pass: nested ? nested.throughputRatio >= 1 && nested.product.latencyMs.p99 < nested.postgraphile.latencyMs.p99 : undefined,
    },
    {
      name: "list of 100 vs PostGraphile",
      target: "≥ 1.0× PostGraphile req/s",
      value: list ? `${fmtRatio(list.throughputRatio)}×` : "n/a",
      pass: list ? list.throughputRatio >= 1 : undefined,
    },
    {
      name: "by id vs PostGraphile",
      target: "≥ 1.5× PostGraphile req/s",
      value: byId ? `${fmtRatio(byId.throughputRatio)}×` : "n/a",
      pass: byId ? byId.throughputRatio >= 1.5 : undefined,
    },
    {
      name: "Node CPU/req vs PostGraphile",
      target: "product ≤ PostGraphile, ms per request, each query",
      value: cpu.length ? cpu.join(", ") : "n/a",
      pass: ran.length ? ran.every(([, c]) => c!.product.server.cpuMsPerRequest <= c!.postgraphile.server.cpuMsPerRequest) : undefined,
    },
  ];
  const measurements = peer && {
    peer: { ...PEER, rounds: CONFIG.rounds, roundSec: CONFIG.durationSec, order: "product, PostGraphile, product, PostGraphile, …" },
    sameRows: scenarios?.check,
    queries: Object.fromEntries((scenarios?.scenarios ?? []).map((s) => [s.phase, { product: s.productQuery, postgraphile: s.peerQuery }])),
    ...Object.fromEntries(
      ran.map(([phase, c]) => [phase, { ...c, sqlStatements: { product: statements?.[phase]?.product, postgraphile: statements?.[phase]?.postgraphile } }]),
    ),
  };
  return {
    measurements,
    ratios,
    targets,
    lastLine: ` nested_vs_postgraphile=${fmtRatio(ratios.nested_vs_postgraphile)} list_vs_postgraphile=${fmtRatio(ratios.list_vs_postgraphile)}`,
  };
}

/** The table's rows for the peer phases: [name, result, SQL/req], product then PostGraphile per query. */
export function peerRows(measurements: Record<string, unknown> | undefined) {
  const rows: [string, MergedResult, string][] = [];
  if (!measurements) return rows;
  for (const phase of Object.keys(LABELS) as PeerPhase[]) {
    const c = measurements[phase] as (PeerComparison & { sqlStatements: { product?: StatementCount; postgraphile?: StatementCount } }) | undefined;
    if (!c) continue;
    rows.push([`${LABELS[phase]}, product`, c.product, c.sqlStatements.product ? String(c.sqlStatements.product.total) : ""]);
    rows.push([`${LABELS[phase]}, PostGraphile 5`, c.postgraphile, c.sqlStatements.postgraphile ? String(c.sqlStatements.postgraphile.total) : ""]);
  }
  return rows;
}
