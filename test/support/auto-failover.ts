import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/launch/free-port.js";

// A pg_auto_failover formation from Debian's postgresql-15-auto-failover: a monitor and two
// PostgreSQL 15 nodes (a primary and its synchronous secondary), each run by its pg_autoctl keeper,
// on loopback ports. The monitor is tuned to act within seconds instead of its production defaults.

export interface AutoFailover {
  /** The formation's URL as `pg_autoctl show uri` gives it (user and sslmode set for this test bed). */
  url: string;
  nodeUrls: string[];
  /** The index of the node the monitor holds as primary now. */
  primary(): number;
  /** Kills a node and its keeper at once (SIGKILL to the process group): a machine lost. */
  crash(node: number): void;
  /**
   * Kills a node's postmaster (SIGKILL, its pid from postmaster.pid): PostgreSQL crashes and its
   * keeper, alive, restarts it while it reports the crash to the monitor, which fails over. The WAL
   * stream to the standby stalls `stallMs` first (its WAL senders stopped, then killed with the
   * postmaster): commits made meanwhile are on the crashed primary only (until the standby streams
   * from it again), their clients unanswered.
   */
  crashPostgres(node: number, stallMs: number): Promise<void>;
  /** Waits until the monitor has a writable primary other than `node`; returns its index. */
  waitForPromotion(node: number, timeoutMs: number): Promise<number>;
  /** Waits until the formation is a primary and its synchronous secondary again. */
  waitForHealthy(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

const PG_BIN = "/usr/lib/postgresql/15/bin";
const asRoot = process.getuid?.() === 0;

export async function startAutoFailover(): Promise<AutoFailover> {
  const dir = mkdtempSync(path.join(tmpdir(), "gw-autofailover-"));
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  if (asRoot) chownSync(dir, id("-u"), id("-g"));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dir, "config"),
    XDG_DATA_HOME: path.join(dir, "data"),
    XDG_RUNTIME_DIR: dir,
    PG_CONFIG: `${PG_BIN}/pg_config`,
    PGHOST: "127.0.0.1",
  };
  const command = (args: string[]): [string, string[]] => (asRoot ? ["runuser", ["-u", "postgres", "--", "pg_autoctl", ...args]] : ["pg_autoctl", args]);
  const autoctl = (args: string[]) => {
    const [cmd, argv] = command(args);
    return execFileSync(cmd, argv, { env, encoding: "utf8", cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  };
  const keepers: ChildProcess[] = [];
  const run = (args: string[]) => {
    const [cmd, argv] = command(args);
    const child = spawn(cmd, argv, { env, cwd: dir, stdio: "ignore", detached: true });
    keepers.push(child);
    return child;
  };
  const psql = (port: number, database: string, sql: string) =>
    execFileSync(
      asRoot ? "runuser" : `${PG_BIN}/psql`,
      [...(asRoot ? ["-u", "postgres", "--", `${PG_BIN}/psql`] : []), "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database, "-Atc", sql],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    ).trim();

  const monitorPort = await freePort();
  const nodePorts = [await freePort(), await freePort()];
  const common = ["--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl"];
  autoctl(["create", "monitor", "--pgdata", path.join(dir, "monitor"), "--pgport", String(monitorPort), ...common]);
  run(["run", "--pgdata", path.join(dir, "monitor")]);
  const monitorUri = `postgres://autoctl_node@127.0.0.1:${monitorPort}/pg_auto_failover?sslmode=disable`;
  const states = () =>
    psql(
      monitorPort,
      "pg_auto_failover",
      "SELECT string_agg(nodeport || ':' || reportedstate || '/' || goalstate, ',' ORDER BY nodeid) FROM pgautofailover.node",
    );
  const until = async (check: () => boolean, what: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if (check()) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline)
        throw new Error(
          `pg_auto_failover: timed out waiting for ${what} (${(() => {
            try {
              return states();
            } catch {
              return "monitor down";
            }
          })()})`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  await until(() => psql(monitorPort, "pg_auto_failover", "SELECT 1") === "1", "the monitor");
  // React in seconds: probe every second, a node is unhealthy after 3 s without answer, and a lost
  // primary is presumed demoted after 3 s (the production default, 30 s, guards against split brain
  // on real networks). Not tighter: a loaded CI machine must not fail a healthy node over.
  const settings = [
    ["health_check_period", 1000],
    ["health_check_timeout", 1000],
    ["health_check_max_retries", 1],
    ["health_check_retry_delay", 500],
    ["node_considered_unhealthy_timeout", 3000],
    ["primary_demote_timeout", 3000],
  ];
  for (const [setting, value] of settings) {
    psql(monitorPort, "postgres", `ALTER SYSTEM SET pgautofailover.${setting} = ${value}`);
  }
  psql(monitorPort, "postgres", "SELECT pg_reload_conf()");

  for (const [i, port] of nodePorts.entries()) {
    run(["create", "postgres", "--pgdata", path.join(dir, `node${i}`), "--pgport", String(port), "--monitor", monitorUri, ...common, "--run"]);
    const goal = i === 0 ? /:primary\/primary|:single\/single/ : new RegExp(`${port}:secondary/secondary`);
    await until(() => goal.test(states()), `node ${i}`);
  }
  const primaryIndex = () => nodePorts.findIndex((port) => new RegExp(`${port}:(primary|wait_primary)/(primary|wait_primary)`).test(states()));
  const healthy = async (timeoutMs?: number) => {
    await until(() => /:primary\/primary/.test(states()) && /:secondary\/secondary/.test(states()), "primary and secondary", timeoutMs);
    // The secondary is synchronous: a commit is acknowledged only once it has it.
    await until(
      () => ["sync", "quorum"].includes(psql(nodePorts[primaryIndex()]!, "postgres", "SELECT sync_state FROM pg_stat_replication")),
      "synchronous replication",
      timeoutMs,
    );
  };
  await healthy();

  const nodeUrls = nodePorts.map((port) => `postgresql://postgres@127.0.0.1:${port}/postgres`);
  return {
    url: `postgresql://postgres@${nodePorts.map((p) => `127.0.0.1:${p}`).join(",")}/postgres?target_session_attrs=read-write&sslmode=disable`,
    nodeUrls,
    primary: primaryIndex,
    crash(node) {
      const keeper = keepers[node + 1]!; // keepers[0] runs the monitor
      process.kill(-keeper.pid!, "SIGKILL");
    },
    async crashPostgres(node, stallMs) {
      const senders = psql(nodePorts[node]!, "postgres", "SELECT string_agg(pid::text, ' ') FROM pg_stat_replication").split(" ").filter(Boolean).map(Number);
      for (const pid of senders) process.kill(pid, "SIGSTOP");
      await new Promise((r) => setTimeout(r, stallMs));
      process.kill(Number(readFileSync(path.join(dir, `node${node}`, "postmaster.pid"), "utf8").split("\n")[0]), "SIGKILL");
      for (const pid of senders) process.kill(pid, "SIGKILL");
    },
    waitForHealthy: healthy,
    async waitForPromotion(node, timeoutMs) {
      let found = -1;
      await until(() => (found = primaryIndex()) >= 0 && found !== node, "a new primary", timeoutMs);
      return found;
    },
    async stop() {
      for (const keeper of [...keepers].reverse()) {
        if (keeper.exitCode !== null || keeper.signalCode !== null) continue;
        const exited = new Promise((resolve) => keeper.once("exit", resolve));
        try {
          process.kill(-keeper.pid!, "SIGTERM");
        } catch {
          continue; // gone already
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      }
      for (const node of ["node0", "node1", "monitor"]) {
        try {
          execFileSync(
            asRoot ? "runuser" : `${PG_BIN}/pg_ctl`,
            [...(asRoot ? ["-u", "postgres", "--", `${PG_BIN}/pg_ctl`] : []), "-D", path.join(dir, node), "-m", "immediate", "stop"],
            { stdio: "ignore" },
          );
        } catch {
          // stopped by its keeper
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
