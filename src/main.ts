import "reflect-metadata";
import type { FastifyInstance } from "fastify";
import { ConfigError, loadConfig, SHUTDOWN_BOUND_MS, type Config } from "./config.js";
import type { Database } from "./db/database.js";

const log = (msg: string, level = 30) => console.log(JSON.stringify({ level, time: Date.now(), msg }));

/**
 * A start-up failure as one log line: no stack for a configuration mistake or for what the database
 * or the network answered (they carry a code: `3D000`, `ECONNREFUSED`, …); a stack for anything else.
 */
const reportStartupFailure = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  if (err instanceof ConfigError) log(`configuration: ${err.message}`, 60);
  else if (typeof code === "string") log(`start-up failed: ${(err as Error).message} (${code})`, 60);
  else log(`start-up failed: ${(err as Error).stack ?? err}`, 60);
};

function fail(err: unknown): never {
  reportStartupFailure(err);
  process.exit(1);
}

let config: Config;
let app: FastifyInstance | undefined;
let stopping = false;
try {
  config = loadConfig();
} catch (err) {
  fail(err);
}

// The service's own behaviour follows its configuration, read above (NODE_ENV included). graphql-js
// reads NODE_ENV once, as it loads: outside "production" it adds a development check to every
// instanceof test of its types, on every field it executes. So the rest loads in production mode,
// whatever the deployment's NODE_ENV; Apollo is told the configured one (nodeEnv).
process.env.NODE_ENV = "production";
const { openDatabase } = await import("./db/database.js");
const { buildApp } = await import("./http/app.js");
const { keyScopeProblem, roleScopeProblem } = await import("./auth/scopes.js");
const { TMF_APIS } = await import("./modules/registry.js");
const apiScopes = [...TMF_APIS.values()].map((api) => api.scope);
const scopeProblem = keyScopeProblem(config.auth.apiKeys, apiScopes) ?? roleScopeProblem(config.auth.roleScopes, apiScopes);
if (scopeProblem) fail(new ConfigError(scopeProblem));

const database: Database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  embeddedPgPort: config.embeddedPgPort,
  poolSize: config.dbPoolSize,
  log,
  onEmbeddedGiveUp: (err) => {
    log(`embedded PostgreSQL could not be restarted (${err.message}); exiting for the service supervisor to restart the gateway`, 60);
    void shutdown("embedded PostgreSQL down", 1);
  },
}).catch(fail);

/**
 * Stop accepting, finish in-flight requests (bounded), stop the dispatcher, close the pools, then
 * stop the embedded PostgreSQL (src/db/embedded-postgres.ts leaves shutdown to this process).
 */
async function shutdown(signal: string, code = 0) {
  if (stopping) return;
  stopping = true;
  log(`shutting down (${signal})`);
  const force = setTimeout(() => process.exit(1), SHUTDOWN_BOUND_MS).unref();
  try {
    await app?.close();
    await database.close();
  } finally {
    clearTimeout(force);
    process.exit(code);
  }
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(signal));

try {
  app = await buildApp(config, database);
  await app.listen({ host: config.host, port: config.port });
} catch (err) {
  reportStartupFailure(err);
  await shutdown("start-up failure", 1); // stops the embedded PostgreSQL it may have started
}
log(`TMF GraphQL gateway ready: GraphQL on /graphql, TMF REST on /tmf-api (${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL"})`);
