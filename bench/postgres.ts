import "reflect-metadata";
// The PostgreSQL the bench runs on: a fresh embedded cluster of its own (with pg_stat_statements
// preloaded, so the statements a request costs can be counted by PostgreSQL itself), or, when
// DATABASE_URL is set, a fresh `bench_<random>` database on that server, dropped at the end.
//
// The embedded cluster is started by the throw-away starter the tests use too
// (scripts/launch/postgres.ts, on the product's own src/db/embedded-postgres.ts: the product's
// server flags), with shared_preload_libraries=pg_stat_statements set before it serves the bench.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createScratchDatabase, startScratchPostgres, withClient, type ScratchDatabase } from "../scripts/launch/postgres.js";

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

/**
 * Starts the bench PostgreSQL. `scratchDir` (bench/.data-<pid>) holds the embedded cluster; the
 * caller removes it after `close()`. `log` receives progress lines.
 */
export async function openBenchPostgres(scratchDir: string, log: (msg: string) => void): Promise<BenchPostgres> {
  const serverUrl = process.env.DATABASE_URL;
  let adminUrl: string;
  let stopServer: () => Promise<void> = async () => undefined;
  let postmasterPid: number | undefined;
  let mode: BenchPostgres["mode"];

  if (serverUrl) {
    mode = "server";
    adminUrl = serverUrl;
  } else {
    mode = "embedded";
    const embedded = await startEmbedded(scratchDir, log);
    adminUrl = embedded.url;
    postmasterPid = embedded.postmasterPid;
    stopServer = embedded.stop;
  }

  let database: ScratchDatabase;
  try {
    database = await createScratchDatabase(adminUrl, "bench_", 5);
  } catch (err) {
    await stopServer();
    throw err;
  }
  const { url, name: dbName } = database;
  if (mode === "server") log(`using the PostgreSQL server of DATABASE_URL (database ${dbName})`);

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
        await database.drop().catch((err) => log(`could not drop database ${dbName}: ${(err as Error).message}`));
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

/** A fresh cluster in `<scratchDir>/postgres/pg` on a free loopback port, pg_stat_statements preloaded. */
async function startEmbedded(scratchDir: string, log: (msg: string) => void) {
  const started = Date.now();
  const server = await startScratchPostgres(path.join(scratchDir, "postgres"), { preloadLibraries: ["pg_stat_statements"] });
  const port = new URL(server.url).port;
  log(`embedded PostgreSQL started in ${((Date.now() - started) / 1000).toFixed(1)} s (port ${port}, pid ${server.postmasterPid})`);
  return { url: server.url, postmasterPid: server.postmasterPid, stop: server.stop };
}
