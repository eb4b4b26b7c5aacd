// What a run is asked to do (the command line), where it keeps its files, and the bench's log line.
//   --only=floor,rest,graphql,nested,payments,postgraphile-nested,postgraphile-list,postgraphile-by-id,rest-list,replicas,tracing,entities,scale,versions
//   (scale and versions only when asked: --only=scale, --only=versions)
//   (--only=postgraphile for the three postgraphile-*)  --duration=10  --warmup=3  --rounds=2  --connections=50  --customers=5000  --profile
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(BENCH_DIR, "..");
/** This run's embedded PostgreSQL and product data dir, removed at the end. */
export const SCRATCH = path.join(BENCH_DIR, `.data-${process.pid}`);
export const PROFILE_DIR = path.join(BENCH_DIR, "profiles");
export const LOG_DIR = path.join(BENCH_DIR, "logs");

export const PHASES = [
  "floor",
  "rest",
  "graphql",
  "nested",
  "payments",
  "postgraphile-nested",
  "postgraphile-list",
  "postgraphile-by-id",
  "rest-list",
  "replicas",
  "tracing",
  "entities",
  "scale",
  "versions",
] as const;
/** Phases a run without --only leaves out (too long for the default run): bench/README.md. */
export const OPT_IN_PHASES: readonly Phase[] = ["scale", "versions"];
export type Phase = (typeof PHASES)[number];
/** The phases measured side by side with the PostGraphile peer (bench/postgraphile-loads.ts). */
export const PEER_PHASES = ["postgraphile-nested", "postgraphile-list", "postgraphile-by-id"] as const satisfies readonly Phase[];
export type PeerPhase = (typeof PEER_PHASES)[number];

const argv = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const a = argv.find((x) => x.startsWith(`--${name}=`));
  const v = a ? Number(a.slice(name.length + 3)) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};
export const CONFIG = {
  connections: opt("connections", 50),
  durationSec: opt("duration", 10),
  warmupSec: opt("warmup", 3),
  customers: opt("customers", 5000),
  /** Against the peer: rounds per side, alternating product, peer, product, peer…, each --duration long. */
  rounds: opt("rounds", 2),
  dbPoolSize: Number(process.env.DB_POOL_SIZE || 20),
  profile: argv.includes("--profile"),
};
const onlyArg = argv.find((x) => x.startsWith("--only="))?.slice(7);
export const ONLY = new Set<Phase>(
  onlyArg ? (onlyArg.split(",").flatMap((p) => (p === "postgraphile" ? [...PEER_PHASES] : [p])) as Phase[]) : PHASES.filter((p) => !OPT_IN_PHASES.includes(p)),
);
for (const p of ONLY) if (!PHASES.includes(p)) throw new Error(`--only: unknown phase ${p} (${PHASES.join(", ")})`);

export const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
