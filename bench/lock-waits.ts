// What the payment transactions wait for, seen from PostgreSQL (pg_stat_activity, sampled).
import pg from "pg";
import { sleep } from "./options.js";

export interface WaitProfile {
  samples: number;
  /** Share of samples (with a queue) per state of the lock holder: the backend the queued ones wait for. */
  holder: Record<string, number>;
  /** When the holder was idle in transaction: the statement it had last run (share of those samples). */
  holderIdleAfter: Record<string, number>;
  /** Mean number of backends queued on a heavyweight lock (the account row). */
  meanLockWaiters: number;
}

/**
 * Samples pg_stat_activity of the bench database every ~10 ms until stopped. The backends that the
 * ones queued on a lock are waiting for (pg_blocking_pids) hold the account's row lock: "idle in
 * transaction" means PostgreSQL is waiting for the gateway's next statement, an IO wait (WalSync…)
 * means it is waiting for the disk.
 */
export function sampleWaits(url: string): { stop(): Promise<WaitProfile> } {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  const holder = new Map<string, number>();
  const idleAfter = new Map<string, number>();
  let samples = 0;
  let waiters = 0;
  let running = true;
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{
        pid: number;
        state: string;
        wait_event_type: string | null;
        wait_event: string | null;
        query: string;
        blocking: number[];
      }>(
        `SELECT pid, state, wait_event_type, wait_event, query, pg_blocking_pids(pid) AS blocking FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      samples++;
      const queued = rows.filter((r) => r.wait_event_type === "Lock");
      waiters += queued.length;
      // Row-lock queues chain (the first waiter holds the tuple lock the others wait on): the holder is
      // the blocker that is not itself queued.
      const holders = new Set(queued.flatMap((r) => r.blocking));
      for (const r of rows) {
        if (!holders.has(r.pid) || r.wait_event_type === "Lock") continue;
        if (r.state === "idle in transaction") {
          add(holder, "idle in transaction (waiting for the gateway)");
          add(idleAfter, r.query.replace(/\s+/g, " ").slice(0, 70));
        } else {
          add(holder, `${r.state}${r.wait_event ? ` / ${r.wait_event_type}:${r.wait_event}` : " (executing)"}`);
        }
      }
      await sleep(10);
    }
    await client.end();
  })();
  const shares = (m: Map<string, number>) => {
    const total = [...m.values()].reduce((a, b) => a + b, 0) || 1;
    return Object.fromEntries(
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, v]) => [k, Math.round((1000 * v) / total) / 10]),
    );
  };
  return {
    async stop() {
      running = false;
      await loop.catch(() => undefined);
      return {
        samples,
        holder: shares(holder),
        holderIdleAfter: shares(idleAfter),
        meanLockWaiters: Math.round((10 * waiters) / Math.max(1, samples)) / 10,
      };
    },
  };
}
