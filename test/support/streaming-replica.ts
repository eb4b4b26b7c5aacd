import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/launch/free-port.js";

// A real PostgreSQL 15 primary and its streaming replica (`pg_basebackup -R`), from Debian's
// postgresql-15 server binaries, on loopback ports of their own: what DATABASE_READ_URL is for.

const BIN = "/usr/lib/postgresql/15/bin";

export interface ReplicatedPostgres {
  primaryUrl: string;
  standbyUrl: string;
  /** Stops the standby (fast shutdown) / starts it again. */
  stopStandby(): void;
  startStandby(): void;
  /** Pauses / resumes WAL replay on the standby: its lag grows while paused. */
  pauseReplay(paused: boolean): void;

  stop(): void;
}

/** Runs a PostgreSQL binary as the `postgres` OS user when this process is root (initdb refuses root). */
function pgRun(binary: string, args: string[]): string {
  const [command, argv] = process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", path.join(BIN, binary), ...args]] : [path.join(BIN, binary), args];
  return execFileSync(command as string, argv as string[], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

const psql = (port: number, sql: string) => pgRun("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-Atc", sql]).trim();

export async function startReplicatedPostgres(): Promise<ReplicatedPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "gw-replica-"));
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  const primaryDir = path.join(dir, "primary");
  const standbyDir = path.join(dir, "standby");
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const options = (port: number) => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=32MB -c max_connections=60`;
  const start = (data: string, port: number) => pgRun("pg_ctl", ["-D", data, "-l", `${data}.log`, "-o", options(port), "-w", "-t", "60", "start"]);
  const stopServer = (data: string) => {
    try {
      pgRun("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    } catch {
      // not running
    }
  };

  pgRun("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "--no-sync"]);
  start(primaryDir, primaryPort);
  try {
    pgRun("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", standbyDir, "-R", "-X", "stream", "--no-sync"]);
    start(standbyDir, standbyPort);
  } catch (err) {
    stopServer(primaryDir);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const url = (port: number) => `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    primaryUrl: url(primaryPort),
    standbyUrl: url(standbyPort),
    stopStandby: () => void stopServer(standbyDir),
    startStandby: () => void start(standbyDir, standbyPort),
    pauseReplay: (paused) => void psql(standbyPort, paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()"),

    stop() {
      stopServer(standbyDir);
      stopServer(primaryDir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
