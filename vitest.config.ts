import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// graphql 16 ships CJS (main) and ESM (module) builds without an exports map: Node, and so every
// dependency, loads the CJS one; the test transform must load the same copy or `instanceof` checks
// between schema objects fail ("another module or realm").
const graphqlMain = createRequire(import.meta.url).resolve("graphql");

// The suite runs against the embedded PostgreSQL, and a second time against the server named by
// TEST_DATABASE_URL when it is set (CI: the local PostgreSQL 15). Each test file gets its own database.
const targets = ["embedded", ...(process.env.TEST_DATABASE_URL ? ["server"] : [])];
// These run on PostgreSQL 15 clusters of their own (a streaming replica, a pg_auto_failover
// formation), whatever the target: once is enough.
const OWN_CLUSTERS = ["test/read-replicas.test.ts", "test/failover.test.ts", "test/durable-acknowledgment.test.ts"];

const DATABASE_TESTS = {
  globalSetup: ["test/support/global-setup.ts"],
  setupFiles: ["test/support/setup.ts"],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: "forks",
} as const;

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlMain }] },
  test: {
    projects: [
      // The cross-cutting machinery on fixtures: no database, so no PostgreSQL to wait for.
      // A unit test that builds the real schema (every resource's types) takes seconds on a busy machine.
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts"], setupFiles: ["test/support/setup.ts"], pool: "threads", testTimeout: 30_000 },
      },
      ...targets.map((target) => ({
        extends: true,
        test: {
          name: target,
          include: ["test/**/*.test.ts"],
          exclude: ["test/unit/**", ...OWN_CLUSTERS],
          ...DATABASE_TESTS,
          env: { TEST_DB_TARGET: target },
        },
      })),
      // The fault tests of those clusters (a crashed primary, a lost standby) run last and one at a
      // time: with every core taken by other files, pg_auto_failover's monitor sees a standby late,
      // drops synchronous replication (wait_primary) and the fault under test is another one.
      {
        extends: true,
        test: {
          name: "clusters",
          include: OWN_CLUSTERS,
          ...DATABASE_TESTS,
          env: { TEST_DB_TARGET: "embedded" },
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
