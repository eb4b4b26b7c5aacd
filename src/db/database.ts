import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.js";
import { startEmbeddedPostgres } from "./embedded-postgres.js";
import type { EmbeddedState } from "./embedded-supervisor.js";
import { applyMigrations } from "./migrate.js";
import { createPool } from "./pool.js";
import { PoolSql, Transaction, type Row, type Sql } from "./sql.js";

/** Prisma's client or an interactive transaction's. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

/**
 * The database as the domain sees it, created once per process around one pg pool: Prisma for
 * queries built from filters (lists, counts) and for patches; raw prepared statements (`sql`,
 * `transaction`) for reads by key and for bookings, the paths whose speed matters.
 */
export class Db {
  readonly sql: PoolSql;

  constructor(
    readonly prisma: PrismaClient,
    private readonly pool: pg.Pool,
  ) {
    this.sql = new PoolSql(pool);
  }

  /**
   * Runs `work` in a transaction on one connection: committed when `work` returns (unless it ended
   * the transaction itself, see `Transaction.commitWith`), rolled back when it throws.
   */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx = new Transaction(client);
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await work(tx);
      if (!tx.finished) await tx.commit();
      return result;
    } catch (err) {
      if (!tx.finished) await tx.rollback().catch((rollbackError: Error) => (broken = rollbackError));
      throw err;
    } finally {
      client.release(broken);
    }
  }
}

/** Raw statements inside a Prisma interactive transaction, for code shared with `Db.transaction`. */
export function prismaSql(tx: DbClient): Sql {
  return { query: <R = Row>(text: string, values: readonly unknown[] = []) => tx.$queryRawUnsafe<R[]>(text, ...values) };
}

export interface Database {
  prisma: PrismaClient;
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

/**
 * Options of every Prisma interactive transaction (patches): under load one may wait for a
 * connection and a row lock longer than Prisma's defaults (2 s / 5 s).
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/** The Prisma client over a pg pool (driver adapter: no engine binary, no second connection pool). */
export function createPrisma(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

/**
 * Connects to PostgreSQL — the server at `databaseUrl`, or an embedded one in `dataDir` — applies
 * pending migrations and creates the one Prisma client of the process. `close()` ends the pool first,
 * then stops the embedded server, so no connection is cut by its shutdown.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const embedded = options.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(options.dataDir, options.log, options.embeddedPgPort, options.onEmbeddedGiveUp);
  const url = options.databaseUrl ?? embedded!.url;
  try {
    const applied = await applyMigrations(url);
    if (applied.length) options.log(`applied migrations: ${applied.join(", ")}`);
    const pool = createPool({ connectionString: url, max: options.poolSize }, (message) => options.log(`database pool: ${message}`));
    const prisma = createPrisma(pool);
    return {
      prisma,
      pool,
      url,
      embedded: Boolean(embedded),
      state: () => embedded?.state() ?? "up",
      async close() {
        await prisma.$disconnect();
        await pool.end().catch(() => undefined);
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
