import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPrisma, type Database } from "../../src/db/database.js";
import { applyMigrations } from "../../src/db/migrate.js";

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Counts the SQL statements sent through a pool (to prove DataLoader batching). */
export class CountingPool extends pg.Pool {
  statements = 0;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    this.statements++;
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}

export interface TestDatabase extends Database {
  pool: CountingPool;
  name: string;
}

/** A fresh, migrated database of its own for one test file, dropped by `close()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = inject("adminDatabaseUrl");
  const name = `gw_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = databaseUrl(admin, name);
  await applyMigrations(url);
  const pool = new CountingPool({ connectionString: url, max: 20 });
  pool.on("error", () => undefined);
  const prisma = createPrisma(pool);
  return {
    prisma,
    pool,
    url,
    name,
    embedded: false,
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
