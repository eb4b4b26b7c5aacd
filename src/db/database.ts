import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded-postgres.js";
import type { EmbeddedState } from "./embedded-supervisor.js";
import { applyMigrations } from "./migrate.js";
import { currentHostUrl } from "./multi-host.js";
import { createPool, limitStatementTime } from "./pool.js";
import { PoolSql, type Transaction } from "./sql.js";
import { inTransaction } from "./transaction.js";

/**
 * The database as the domain sees it, created once per process around one pg pool: prepared
 * statements (`sql`) and the one unit of work (`transaction`) for everything that reads by key or
 * writes: every statement of the service is SQL planned from the resource descriptions.
 */
/**
 * Every unit of work waits at most this long for a row lock (another writer of the same account,
 * bill or payment); past it the request is a 503 with Retry-After (SQLSTATE 55P03), never a hang.
 */
const LOCK_TIMEOUT_MS = 10_000;
const BEGIN = `BEGIN; SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`;

/**
 * What one list read may cost: a count stops at `countMax + 1` matches (LIST_COUNT_MAX), a page
 * starts at most `maxOffset` rows in (LIST_MAX_OFFSET; deeper pages are read by cursor, signed
 * with a key derived from `cursorSecret`: what every replica of a deployment shares).
 */
export interface ListBounds {
  countMax: number;
  maxOffset: number;
  cursorSecret: string;
}

export const DEFAULT_LIST_BOUNDS: ListBounds = { countMax: 10_000, maxOffset: 10_000, cursorSecret: randomBytes(32).toString("hex") };

/**
 * Who the database serves: the deployment (its ODA_COMPONENT ids, none for a gateway serving every
 * API). Deployments of several components share one database; a table each holds its own rows of
 * (a resource's `storage.partition`) is read and written in this deployment's part only.
 */
export interface Deployment {
  odaComponents: readonly string[];
}

export const EVERY_API: Deployment = { odaComponents: [] };

export class Db {
  readonly sql: PoolSql;
  private readonly begin: string;

  /**
   * `preparedStatements`: false behind a pooler that cannot keep them (DATABASE_PREPARED_STATEMENTS).
   * `statementTimeoutMs` (DATABASE_STATEMENT_TIMEOUT_MS, 0: none): the longest a statement of the
   * pool may run, set on each connection; inside a unit of work it is also set locally (so it holds
   * behind a transaction pooler too), plus the lock wait, so a wait for a row lock still ends as the
   * lock timeout's 503, not cut short.
   */
  constructor(
    private readonly pool: pg.Pool,
    readonly preparedStatements = true,
    readonly statementTimeoutMs = 0,
    readonly lists: ListBounds = DEFAULT_LIST_BOUNDS,
    readonly deployment: Deployment = EVERY_API,
  ) {
    this.sql = new PoolSql(pool, preparedStatements);
    limitStatementTime(pool, statementTimeoutMs);
    this.begin = statementTimeoutMs > 0 ? `${BEGIN}; SET LOCAL statement_timeout = ${Math.trunc(statementTimeoutMs) + LOCK_TIMEOUT_MS}` : BEGIN;
  }

  /**
   * Runs `work` in a transaction on one connection: committed when `work` returns (unless it ended
   * the transaction itself, see `Transaction.commitWith`), rolled back when it throws.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work, { begin: this.begin, prepared: this.preparedStatements });
  }
}

export interface Database {
  /** The one pool of the process: every statement of the service goes through it. */
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  /** The embedded server's state (always "up" for a server at DATABASE_URL, which /ready probes). */
  state?(): EmbeddedState;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort?: number;
  poolSize: number;
  log: (msg: string) => void;
  /** The embedded server died and could not be restarted. */
  onEmbeddedGiveUp?: (err: Error) => void;
}

/** The oldest PostgreSQL the statements run on (reads use `trim_scale`, PostgreSQL 13). */
const OLDEST_SERVER = 130000;

async function requireSupportedServer(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined); // a failure surfaces as the query's
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string; text: string }>(
      "SELECT current_setting('server_version_num') AS v, current_setting('server_version') AS text",
    );
    if (Number(rows[0]!.v) < OLDEST_SERVER) throw new Error(`PostgreSQL ${rows[0]!.text} is not supported: the gateway needs PostgreSQL 13 or later`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Connects to PostgreSQL — the server at `databaseUrl`, or an embedded one in `dataDir` — applies
 * pending migrations and creates the one pool of the process. `close()` ends the pool first,
 * then stops the embedded server, so no connection is cut by its shutdown.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const embedded = options.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(options.dataDir, options.log, options.embeddedPgPort, options.onEmbeddedGiveUp);
  const url = options.databaseUrl ?? embedded!.url;
  try {
    const direct = await currentHostUrl(url);
    await requireSupportedServer(direct);
    const applied = await applyMigrations(direct);
    if (applied.length) options.log(`applied migrations: ${applied.join(", ")}`);
    const pool = createPool({ connectionString: url, max: options.poolSize }, (message) => options.log(`database pool: ${message}`));
    return {
      pool,
      url,
      embedded: Boolean(embedded),
      state: () => embedded?.state() ?? "up",
      async close() {
        await pool.end().catch(() => undefined);
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
