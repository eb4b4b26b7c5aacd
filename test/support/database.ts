import pg from "pg";
import { inject } from "vitest";
import { createScratchDatabase } from "../../scripts/launch/postgres.js";
import type { Database } from "../../src/db/database.js";
import { applyMigrations } from "../../src/db/migrate.js";

export { databaseUrl } from "../../scripts/launch/postgres.js";

/** Counts the SQL statements sent through a pool (to prove DataLoader batching), and keeps the latest texts. */
export class CountingPool extends pg.Pool {
  statements = 0;
  /** The texts of the latest statements sent through `query`, oldest first. */
  readonly texts: string[] = [];
  override query(...args: any[]): any {
    this.statements++;
    const [first] = args as [string | { text?: string }];
    this.texts.push(typeof first === "string" ? first : (first?.text ?? ""));
    if (this.texts.length > 200) this.texts.shift();
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}

export interface TestDatabase extends Database {
  pool: CountingPool;
  name: string;
}

/** A fresh, migrated database of its own for one test file, dropped by `close()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { name, url, drop } = await createScratchDatabase(inject("adminDatabaseUrl"), "gw_test_");
  await applyMigrations(url);
  const pool = new CountingPool({ connectionString: url, max: 20 });
  pool.on("error", () => undefined);
  return {
    pool,
    url,
    name,
    embedded: false,
    async close() {
      await pool.end().catch(() => undefined);
      await drop();
    },
  };
}
