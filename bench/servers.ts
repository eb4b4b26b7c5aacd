// The servers under load, each its own child process (RSS and CPU are the server's alone), started
// with the launcher the tests and the CTK runner use (scripts/launch/service.mjs):
//   the product  node [--cpu-prof] --import tsx src/main.ts     ready on GET /ready
//   the floor    node --import tsx bench/floor-server.ts        ready on GET /health
//   the peer     node --import bench/peers/with-resolvers.mjs --import tsx bench/peers/postgraphile-server.mjs
//                (PostGraphile 5, only when a postgraphile-* phase runs)  ready on GET /health
// Their stdout/stderr go to bench/logs/<name>.log (kept after the run, git-ignored); each is stopped
// by the run's cleanup (SIGTERM, SIGKILL after 15 s).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { GATEWAY_NODE_ARGS, spawnService, type LaunchOptions, type Service } from "../scripts/launch/service.mjs";
import { onCleanup } from "./cleanup.js";
import { BENCH_DIR, CONFIG, LOG_DIR, ONLY, PEER_PHASES, PROFILE_DIR, REPO, SCRATCH, log } from "./options.js";
import { BENCH_API_KEY } from "./scenarios.js";

export interface Servers {
  product: Service;
  floor: Service;
  /** PostGraphile 5 on the same database (bench/peers/), when a postgraphile-* phase is selected. */
  peer?: Service;
  /** Where the product writes its CPU profiles (with --profile). */
  profileDir: string;
}

async function spawn(name: string, options: LaunchOptions): Promise<Service> {
  const server = await spawnService({
    name,
    cwd: REPO,
    logFile: path.join(LOG_DIR, `${name}.log`),
    readyTimeoutMs: 120_000,
    pollMs: 200,
    stopGraceMs: 15_000,
    log,
    ...options,
  });
  onCleanup(name, async () => void (await server.stop()));
  return server;
}

/** Names this run's profile directories. */
const RUN_STAMP = new Date().toISOString().replace(/[:.]/g, "-");

/** What every product process of the run is started with. */
const productEnv = (databaseUrl: string): LaunchOptions["env"] => ({
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: "warn",
  DB_POOL_SIZE: String(CONFIG.dbPoolSize),
  API_KEYS: JSON.stringify([{ name: "bench", key: BENCH_API_KEY, scopes: ["*"] }]),
  // One load generator is one credential: a per-credential limit would measure the limiter's 429s.
  // The limiter still runs on every request (its cost is measured), with a ceiling nothing reaches.
  RATE_LIMIT_MAX: "100000000",
  PUBLIC_BASE_URL: undefined,
  EMBEDDED_PG_PORT: undefined,
});

/** Where the replica `name` writes its CPU profiles (with --profile). */
export const replicaProfileDir = (name: string) => path.join(PROFILE_DIR, `${RUN_STAMP}-${name}`);

/** A second product process on the same database (j. replicas, k. tracing: `extraEnv`), stopped by the run's cleanup or by the caller. */
export async function startProductReplica(databaseUrl: string, name: string, extraEnv: Record<string, string> = {}): Promise<Service> {
  // With --profile, profiled too (k. tracing on: its spans' cost), in a directory of its own.
  const profileDir = replicaProfileDir(name);
  if (CONFIG.profile) mkdirSync(profileDir, { recursive: true });
  // The product as it ships (GATEWAY_NODE_ARGS), as the first process is: not node's defaults.
  const nodeArgs = [...GATEWAY_NODE_ARGS, ...(CONFIG.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])];
  const replica = await spawn(name, {
    nodeArgs,
    script: "src/main.ts",
    env: { ...productEnv(databaseUrl), DATA_DIR: path.join(SCRATCH, `${name}-data`), ...extraEnv },
    readyPath: "/ready",
  });
  await replica.ready();
  return replica;
}

export async function startServers(databaseUrl: string): Promise<Servers> {
  const env = productEnv(databaseUrl);
  // One directory per run: node writes one profile per thread (tsx's loader runs in a worker thread).
  const profileDir = path.join(PROFILE_DIR, RUN_STAMP);
  const profileArgs: string[] = [];
  if (CONFIG.profile) {
    mkdirSync(profileDir, { recursive: true });
    profileArgs.push("--cpu-prof", `--cpu-prof-dir=${profileDir}`);
  }
  const t0 = Date.now();
  // The product as it ships (GATEWAY_NODE_ARGS); BENCH_PRODUCT_NODE_ARGS: more node flags for it alone, to measure one (a later flag wins).
  const product = await spawn("product", {
    nodeArgs: [...GATEWAY_NODE_ARGS, ...profileArgs, ...(process.env.BENCH_PRODUCT_NODE_ARGS?.split(" ").filter(Boolean) ?? [])],
    script: "src/main.ts",
    env: { ...env, DATA_DIR: path.join(SCRATCH, "product-data") },
    readyPath: "/ready",
  });
  const floor = await spawn("floor", { script: "bench/floor-server.ts", env, readyPath: "/health" });
  // PostGraphile 5 declares Node >= 22: on Node 20 its process loads a Promise.withResolvers polyfill first.
  const peer = PEER_PHASES.some((p) => ONLY.has(p))
    ? await spawn("postgraphile", {
        nodeArgs: ["--import", pathToFileURL(path.join(BENCH_DIR, "peers", "with-resolvers.mjs")).href],
        script: "bench/peers/postgraphile-server.mjs",
        env: { DATABASE_URL: databaseUrl, DB_POOL_SIZE: String(CONFIG.dbPoolSize) },
        readyPath: "/health",
      })
    : undefined;
  await Promise.all([product.ready(), floor.ready(), peer?.ready()]);
  log(
    `product (pid ${product.child.pid}), floor (pid ${floor.child.pid})${peer ? ` and PostGraphile (pid ${peer.child.pid})` : ""} ` +
      `ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { product, floor, peer, profileDir };
}
