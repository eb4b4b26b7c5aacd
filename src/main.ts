import "reflect-metadata";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db/database.js";
import { buildApp } from "./http/app.js";

const config = loadConfig();
const log = (msg: string) => console.log(JSON.stringify({ level: 30, time: Date.now(), msg }));

const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  embeddedPgPort: config.embeddedPgPort,
  poolSize: config.dbPoolSize,
  log,
});
const app = await buildApp(config, database);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, "shutting down");
  const force = setTimeout(() => process.exit(1), 15_000).unref();
  try {
    await app.close();
    await database.close();
  } finally {
    clearTimeout(force);
    process.exit(0);
  }
}
// Stop accepting, finish in-flight requests, stop the dispatcher, close the pools, then stop the
// embedded PostgreSQL (src/db/embedded-postgres.ts leaves shutdown to this process).
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(signal));

await app.listen({ host: config.host, port: config.port });
log(`TMF GraphQL gateway ready: GraphQL on /graphql, TMF REST on /tmf-api (${database.embedded ? "embedded PostgreSQL" : "DATABASE_URL"})`);
