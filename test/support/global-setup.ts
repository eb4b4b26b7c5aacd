import path from "node:path";
import type { TestProject } from "vitest/node";
import { freshDirectory, startScratchPostgres, type ScratchPostgres } from "../../scripts/launch/postgres.js";

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
  let embedded: ScratchPostgres | undefined = await startScratchPostgres(freshDirectory(path.resolve(".test-data"), "pg-"));
  project.provide("adminDatabaseUrl", embedded.url);
  return async () => {
    await embedded?.stop();
    embedded = undefined;
  };
}
