import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../scripts/launch/free-port.js";

// A real PgBouncer (Debian's, 1.18) in transaction pooling in front of a PostgreSQL database, on a
// loopback port of its own.

export interface PgBouncer {
  /** The pooled database through PgBouncer. */
  url: string;
  /** PgBouncer's admin console (SHOW STATS, SHOW POOLS…). */
  admin<R>(command: string): Promise<R[]>;
  stop(): Promise<void>;
}

export async function startPgBouncer(target: string, poolSize = 8): Promise<PgBouncer> {
  const { hostname, port, pathname, username, password } = new URL(target);
  const database = pathname.slice(1);
  const dir = mkdtempSync(path.join(tmpdir(), "gw-pgbouncer-"));
  const listenPort = await freePort();
  writeFileSync(path.join(dir, "users.txt"), `"${username}" ""\n`);
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `${database} = host=${hostname} port=${port} dbname=${database} user=${username}${password ? ` password=${decodeURIComponent(password)}` : ""}`,
      "[pgbouncer]",
      `listen_addr = 127.0.0.1`,
      `listen_port = ${listenPort}`,
      `unix_socket_dir = ${dir}`,
      `auth_type = trust`,
      `auth_file = ${path.join(dir, "users.txt")}`,
      `admin_users = ${username}`,
      `pool_mode = transaction`,
      `default_pool_size = ${poolSize}`,
      `max_client_conn = 500`,
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
    ].join("\n"),
  );
  // PgBouncer will not run as root.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, id("-u"), id("-g"));
    for (const file of ["users.txt", "pgbouncer.ini"]) chownSync(path.join(dir, file), id("-u"), id("-g"));
  }
  const child: ChildProcess = spawn("/usr/sbin/pgbouncer", [...(asRoot ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")], { stdio: "ignore" });
  const url = `postgresql://${username}@127.0.0.1:${listenPort}/${database}`;
  const admin = async <R>(command: string): Promise<R[]> => {
    const client = new pg.Client({ connectionString: `postgresql://${username}@127.0.0.1:${listenPort}/pgbouncer` });
    client.on("error", () => undefined);
    await client.connect();
    try {
      return (await client.query(command)).rows as R[];
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await admin("SHOW VERSION");
      break;
    } catch (err) {
      if (attempt > 100) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    admin,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
