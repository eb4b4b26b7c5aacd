import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.js";
import { startEmbeddedPostgres } from "./embedded-postgres.js";
import { applyMigrations } from "./migrate.js";

export type Db = PrismaClient;
/** The client or a transaction's client: what a write that may join a unit of work accepts. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort?: number;
  poolSize: number;
  log: (msg: string) => void;
}

/**
 * Options of every interactive transaction: bookings on one account queue on its row lock, so a
 * transaction may wait for a connection and a lock longer than Prisma's defaults (2 s / 5 s).
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
    : await startEmbeddedPostgres(options.dataDir, options.log, options.embeddedPgPort);
  const url = options.databaseUrl ?? embedded!.url;
  try {
    const applied = await applyMigrations(url);
    if (applied.length) options.log(`applied migrations: ${applied.join(", ")}`);
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize });
    pool.on("error", (err) => options.log(`database pool: ${err.message}`));
    const prisma = createPrisma(pool);
    return {
      prisma,
      pool,
      url,
      embedded: Boolean(embedded),
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
