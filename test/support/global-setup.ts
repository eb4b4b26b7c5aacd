import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../src/db/embedded-postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

/**
 * One PostgreSQL per test project: a fresh embedded cluster, or the server of TEST_DATABASE_URL.
 * Test files create their own databases in it (test/support/database.ts).
 */
export default async function setup(project: TestProject) {
  if (project.config.env?.TEST_DB_TARGET === "server") {
    project.provide("adminDatabaseUrl", process.env.TEST_DATABASE_URL!);
    return;
  }
  const root = path.resolve(".test-data");
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, "pg-"));
  let embedded: EmbeddedDatabase | undefined = await startEmbeddedPostgres(dir, () => undefined);
  project.provide("adminDatabaseUrl", embedded.url);
  return async () => {
    await embedded?.stop();
    embedded = undefined;
    rmSync(dir, { recursive: true, force: true });
  };
}
