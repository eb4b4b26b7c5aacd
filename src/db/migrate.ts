import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ADVISORY_LOCKS, transactionOn } from "./transaction.js";

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

const isApplied = `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/**
 * Applies pending migrations from prisma/migrations in order, recording them in Prisma's own
 * `_prisma_migrations` table so `prisma migrate status`/`deploy` agree. Each migration is one
 * transaction that first takes a transaction-scoped advisory lock and checks the migration is still
 * pending: concurrent start-ups (several replicas) apply each migration once, and the lock lives
 * and dies with its transaction, so it holds through a transaction pooler (PgBouncer) too.
 */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    for (const name of listMigrations()) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
      const done = await transactionOn(
        client,
        async (tx) => {
          await tx.query("SELECT pg_advisory_xact_lock($1)", [ADVISORY_LOCKS.migration]);
          await tx.query(MIGRATIONS_TABLE);
          if ((await tx.query(isApplied, [name])).length) return false;
          await client.query(sql); // several statements: the simple protocol
          await tx.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
            [randomUUID(), createHash("sha256").update(sql).digest("hex"), name],
          );
          return true;
        },
        { prepared: false },
      ).catch((err: Error) => {
        throw new Error(`migration ${name} failed: ${err.message}`);
      });
      if (done) applied.push(name);
    }
    return applied;
  } finally {
    await client.end();
  }
}

/** True when every migration shipped with this build is applied (readiness). */
export async function migrationsApplied(query: (sql: string) => Promise<{ rows: { migration_name: string }[] }>) {
  const { rows } = await query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
  const applied = new Set(rows.map((r) => r.migration_name));
  return listMigrations().every((name) => applied.has(name));
}

function listMigrations(): string[] {
  return readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
