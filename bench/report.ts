// What a run reports: bench/results.json (machine, date, configuration, git state of src/, data set,
// every measurement, statement texts, the ratios and the targets) and the last line of the output.
import { execFileSync } from "node:child_process";
import os from "node:os";
import type { CommitFloor } from "./payment-floor.js";
import { CONFIG, ONLY, REPO, type Phase } from "./options.js";
import type { ListAccount } from "./list-account.js";
import type { PaymentResult } from "./payments.js";
import type { PeerResults } from "./postgraphile-loads.js";
import { peerSection, type PeerStatements } from "./postgraphile-report.js";
import type { PeerScenarios } from "./postgraphile-scenarios.js";
import type { BenchPostgres } from "./postgres.js";
import type { PhaseResult } from "./read-loads.js";
import { replicasSection, type ReplicasResult } from "./replicas.js";
import { tracingSection, type TracingCostResult } from "./tracing-cost.js";
import { entitiesSection, type EntitiesResult } from "./entities.js";
import { restListSection, type RestListResult } from "./rest-list.js";
import type { ScaleResult } from "./scale.js";
import { scaleSection } from "./scale-report.js";
import { versionsSection, type VersionsResult } from "./versions.js";
import { NESTED_QUERY } from "./scenarios.js";
import type { SeedResult } from "./seed.js";
import type { StatementCounts } from "./statement-count.js";

const ratio = (a: number | undefined, b: number | undefined) => (a && b ? Math.round((a / b) * 100) / 100 : undefined);

export interface Report {
  machine: Record<string, unknown>;
  date: string;
  config: typeof CONFIG & { phases: Phase[]; product: Record<string, string> };
  dataset: Omit<SeedResult, "customerIds"> & { listAccount?: ListAccount };
  statementCounting: string;
  statementsPerRequest: StatementCounts;
  responses: Record<string, unknown>;
  measurements: Record<string, unknown>;
  ratios: Record<string, number | undefined>;
  targets: { name: string; target: string; value: string; pass: boolean | undefined }[];
  failures: string[];
  totalSeconds: number;
  lastLine: string;
}

export function buildReport(r: {
  db: BenchPostgres;
  data: SeedResult;
  statements: StatementCounts;
  statementHow: string;
  results: Partial<Record<Phase, PhaseResult>>;
  paymentResult?: PaymentResult;
  commitFloorResult?: CommitFloor[];
  sample: Record<string, unknown>;
  graphqlByIdQuery: string;
  failures: string[];
  started: number;
  /** Cores the machine kept busy before the load, servers idle. */
  busyCoresBeforeLoad: number;
  /** The product against PostGraphile 5 (the postgraphile-* phases). */
  peer?: PeerResults;
  peerStatements?: PeerStatements;
  peerScenarios?: PeerScenarios;
  listAccount?: ListAccount;
  /** i. REST list vs the same GraphQL list (the rest-list phase). */
  restList?: RestListResult;
  /** j. REST by id through HAProxy to one and to two gateway processes (the replicas phase). */
  replicas?: ReplicasResult;
  /** k. REST by id with tracing off and on (the tracing phase). */
  tracing?: TracingCostResult;
  /** l. list reads at 1k and at 1M rows (the scale phase). */
  scale?: ScaleResult;
  /** m. federation's _entities of 100 representations vs the same reads by id (the entities phase). */
  entities?: EntitiesResult;
  /** n. v5 against v4 REST reads by id and lists of the same rows (the versions phase). */
  versions?: VersionsResult;
}): Report {
  const { floor, rest, graphql, nested } = r.results;
  const ratios = {
    rest_by_id_vs_floor: ratio(rest?.requestsPerSec, floor?.requestsPerSec),
    graphql_by_id_vs_floor: ratio(graphql?.requestsPerSec, floor?.requestsPerSec),
    rest_over_graphql: ratio(graphql?.requestsPerSec, rest?.requestsPerSec),
  };
  const peer = peerSection(r.peer, r.peerStatements, r.peerScenarios);
  const restList = restListSection(r.restList);
  const replicas = replicasSection(r.replicas);
  const tracing = tracingSection(r.tracing);
  const scale = scaleSection(r.scale);
  const entities = entitiesSection(r.entities);
  const versions = versionsSection(r.versions);
  const nestedStatements = r.statements.nested!.total;
  const paymentsPerSec = r.paymentResult ? Math.round(r.paymentResult.requestsPerSec) : undefined;
  const exact = r.paymentResult?.check.exact as boolean | undefined;
  const fmt = (v: number | undefined) => (v === undefined ? "n/a" : String(v));
  const fmtRatio = (v: number | undefined) => (v === undefined ? "n/a" : v.toFixed(2));
  const targets: Report["targets"] = [
    {
      name: "REST by id vs floor",
      target: "≥ 0.5× floor req/s and p99 < 20 ms at 50 connections",
      value: `${ratios.rest_by_id_vs_floor === undefined ? "n/a" : `${fmtRatio(ratios.rest_by_id_vs_floor)}×`}, p99 ${rest ? `${rest.latencyMs.p99} ms` : "n/a"}`,
      pass: ratios.rest_by_id_vs_floor === undefined || !rest ? undefined : ratios.rest_by_id_vs_floor >= 0.5 && rest.latencyMs.p99 < 20,
    },
    {
      name: "REST cost vs direct GraphQL",
      target: "GraphQL req/s ÷ REST req/s ≤ 1.15",
      value: fmtRatio(ratios.rest_over_graphql),
      pass: ratios.rest_over_graphql === undefined ? undefined : ratios.rest_over_graphql <= 1.15,
    },
    restList.target,
    { name: "nested read SQL statements", target: "≤ 4 per request", value: `${nestedStatements}`, pass: nestedStatements <= 4 },
    {
      name: "payment POSTs on one account",
      target: "≥ 1,000 acknowledged/s, balance exact",
      value: paymentsPerSec === undefined ? "n/a" : `${paymentsPerSec}/s, balance ${exact ? "exact" : "NOT exact"}`,
      pass: paymentsPerSec === undefined ? undefined : paymentsPerSec >= 1000 && Boolean(exact),
    },
    ...peer.targets,
    ...scale.targets,
    ...versions.targets,
  ];
  const lastLine =
    `rest_by_id_vs_floor=${fmtRatio(ratios.rest_by_id_vs_floor)} graphql_by_id_vs_floor=${fmtRatio(ratios.graphql_by_id_vs_floor)} ` +
    `rest_over_graphql=${fmtRatio(ratios.rest_over_graphql)} nested_sql_statements=${nestedStatements} payment_posts_per_s=${fmt(paymentsPerSec)}${peer.lastLine}${restList.lastLine}${replicas.lastLine}${tracing.lastLine}${entities.lastLine}${scale.lastLine}${versions.lastLine}`;
  const cpus = os.cpus();
  const { customerIds: _ids, ...dataset } = r.data;
  return {
    machine: {
      cpuModel: cpus[0]?.model ?? "unknown",
      cpuCount: cpus.length,
      totalMemoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      loadGenerator: "autocannon 9 in the bench process (same machine)",
      busyCoresBeforeLoad: r.busyCoresBeforeLoad,
      postgres: r.db.version,
      postgresMode: r.db.mode,
    },
    date: new Date().toISOString(),
    config: {
      ...CONFIG,
      phases: [...ONLY],
      product: {
        command: "node --import tsx src/main.ts",
        git: gitState(),
        auth: "on: one API key (X-API-Key) with scope *",
        RATE_LIMIT_MAX: "100000000 (limiter active, never reached)",
        LOG_LEVEL: "warn",
        NODE_ENV: process.env.NODE_ENV ?? "(unset)",
        DB_POOL_SIZE: String(CONFIG.dbPoolSize),
      },
    },
    dataset: { ...dataset, ...(r.listAccount && { listAccount: r.listAccount }) },
    statementCounting: r.statementHow,
    statementsPerRequest: r.statements,
    responses: {
      restCustomerExample: r.sample.rest,
      bytes: { rest: r.sample.restBytes, floor: r.sample.floorBytes, graphql: r.sample.graphqlBytes },
      graphqlByIdQuery: r.graphqlByIdQuery,
      nestedQuery: NESTED_QUERY,
    },
    measurements: {
      ...(floor && { floorById: floor }),
      ...(rest && { restById: rest }),
      ...(graphql && { graphqlById: graphql }),
      ...(nested && { nestedGraphql: { ...nested, sqlStatements: nestedStatements } }),
      ...(r.commitFloorResult && { paymentFloor: r.commitFloorResult }),
      ...(r.paymentResult && { paymentPost: r.paymentResult }),
      ...(peer.measurements && { postgraphile: peer.measurements }),
      ...(restList.measurements && { restList: restList.measurements }),
      ...(replicas.measurements && { replicas: replicas.measurements }),
      ...(tracing.measurements && { tracing: tracing.measurements }),
      ...(entities.measurements && { entities: entities.measurements }),
      ...(scale.measurements && { scale: scale.measurements }),
      ...(versions.measurements && { versions: versions.measurements }),
    },
    ratios: { ...ratios, ...peer.ratios, ...restList.ratios, ...replicas.ratios, ...tracing.ratios, ...entities.ratios, ...scale.ratios, ...versions.ratios },
    targets,
    failures: r.failures,
    totalSeconds: Math.round((Date.now() - r.started) / 1000),
    lastLine,
  };
}

function gitState(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "prisma"], { cwd: REPO, encoding: "utf8" }).trim();
    return dirty ? `${head} + uncommitted changes in src/ or prisma/` : head;
  } catch {
    return "unknown";
  }
}
