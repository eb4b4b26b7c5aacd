import type pg from "pg";
import { isDatabaseUnavailable } from "./availability.js";
import { sqlState } from "./pg-errors.js";
import { createPool, limitStatementTime } from "./pool.js";
import { PoolSql, type Row, type Sql, type StatementTrace } from "./sql.js";

export interface ReadReplicaOptions {
  /** Connection URLs of the streaming replicas (DATABASE_READ_URL). */
  urls: string[];
  /** A replica further behind its primary than this is skipped (DATABASE_READ_MAX_LAG_MS). */
  maxLagMs: number;
  /** How often each replica's health and lag are read. */
  probeMs: number;
  poolSize: number;
  /** As for the primary (DATABASE_PREPARED_STATEMENTS). */
  preparedStatements: boolean;
  /** As for the primary (DATABASE_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
  log: (message: string) => void;
}

/** What the gateway knows of one replica: `/metrics` shows it. */
export interface ReplicaStatus {
  /** host:port/database, without credentials. */
  name: string;
  usable: boolean;
  /** Replay lag at the last probe, in ms (NaN before the first one or while unreachable). */
  lagMs: number;
}

interface Replica extends ReplicaStatus {
  pool: pg.Pool;
  sql: PoolSql;
}

/**
 * Its lag, read on a replica itself: nothing left to replay means none; otherwise the age of the
 * last transaction replayed (an idle primary's first write after a quiet spell reads as a long lag
 * for one probe: the replica is skipped a little longer than needed, never used too stale). A
 * server that is not in recovery (a promoted replica) has none.
 */
const LAG_PROBE = `SELECT CASE
    WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000, 0)
  END::float8 AS lag_ms`;

/** Failures of a read that the primary can answer instead: the replica is gone, or cancelled the read to replay (40001). */
const replicaFailed = (err: unknown) => isDatabaseUnavailable(err) || sqlState(err) === "40001";

const nameOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
};

/**
 * Reads that tolerate a little lag, spread over PostgreSQL streaming replicas (round robin). A
 * replica is used while its last probe found it up and at most `maxLagMs` behind; with none usable,
 * or when a read fails because the replica went away, the read is answered by the primary. Writes
 * never come here, nor the reads a client must see right after its own writes (see `readsCollectionsOnly`).
 */
export class ReadReplicas implements Sql {
  private readonly replicas: Replica[];
  private readonly timer: NodeJS.Timeout;
  private next = 0;

  constructor(
    private readonly primary: Sql,
    private readonly options: ReadReplicaOptions,
  ) {
    this.replicas = options.urls.map((url) => {
      const pool = createPool({ connectionString: url, max: options.poolSize }, (message) => options.log(`read replica ${nameOf(url)}: ${message}`));
      limitStatementTime(pool, options.statementTimeoutMs ?? 0);
      return { name: nameOf(url), usable: false, lagMs: Number.NaN, pool, sql: new PoolSql(pool, options.preparedStatements) };
    });
    this.timer = setInterval(() => void this.probe(), options.probeMs).unref();
  }

  /** Probes every replica once (also called at start-up, so the first reads already use them). */
  async probe(): Promise<void> {
    await Promise.all(
      this.replicas.map(async (replica) => {
        try {
          const [row] = await replica.sql.query<{ lag_ms: number }>(LAG_PROBE);
          replica.lagMs = row!.lag_ms;
          this.mark(replica, replica.lagMs <= this.options.maxLagMs, `lag ${Math.round(replica.lagMs)} ms`);
        } catch (err) {
          replica.lagMs = Number.NaN;
          this.mark(replica, false, (err as Error).message);
        }
      }),
    );
  }

  async query<R = Row>(text: string, values: readonly unknown[] = [], trace?: StatementTrace): Promise<R[]> {
    const replica = this.pick();
    if (!replica) return this.primary.query<R>(text, values, trace);
    try {
      return await replica.sql.query<R>(text, values, trace);
    } catch (err) {
      if (!replicaFailed(err)) throw err;
      this.mark(replica, false, (err as Error).message);
      return this.primary.query<R>(text, values, trace);
    }
  }

  status(): ReplicaStatus[] {
    return this.replicas.map(({ name, usable, lagMs }) => ({ name, usable, lagMs }));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.replicas.map((replica) => replica.pool.end().catch(() => undefined)));
  }

  private pick(): Replica | undefined {
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[this.next++ % this.replicas.length]!;
      if (replica.usable) return replica;
    }
    return undefined;
  }

  private mark(replica: Replica, usable: boolean, why: string): void {
    if (replica.usable !== usable) this.options.log(`read replica ${replica.name} ${usable ? "in use" : "skipped"} (${why})`);
    replica.usable = usable;
  }
}
