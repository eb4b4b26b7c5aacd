// The bench's peer: PostGraphile 5 (Amber preset, default inflection) over the product's own tables in
// the bench database, served by postgraphile's own server integration (grafserv, node adapter) on
// node:http. Read-only (no mutations), no GraphiQL, no watch mode, no subscriptions. A measuring
// stick, never part of the product (a devDependency, never imported by src/).
//
//   DATABASE_URL=postgresql://… PORT=8082 DB_POOL_SIZE=20 \
//     node --import ./bench/peers/with-resolvers.mjs bench/peers/postgraphile-server.mjs
//
// (PostGraphile 5 declares Node ≥ 22; on Node 20 it needs only Promise.withResolvers, which the
// --import above polyfills.) Ready when GET /health answers 200, i.e. once the schema is built.
import http from "node:http";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

if (typeof Promise.withResolvers !== "function") {
  throw new Error("Promise.withResolvers is missing: start with node --import ./bench/peers/with-resolvers.mjs");
}

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
      // The product's pool size; no LISTEN connection (no subscriptions).
      poolConfig: { max: Number(process.env.DB_POOL_SIZE || 20) },
      pubsub: false,
    }),
  ],
  schema: {
    // Reads only: the bench sends queries, never mutations.
    defaultBehavior: "-insert -update -delete",
  },
  grafserv: { graphqlPath: "/graphql", graphiql: false, watch: false, websockets: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
await pgl.getSchemaResult(); // introspect and build now, not on the first request
const handler = serv.createHandler();

const server = http.createServer((req, res) => {
  if (req.url === "/health") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"status":"ok"}');
    return;
  }
  handler(req, res, () => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end('{"errors":[{"message":"not found"}]}');
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT || 8082), process.env.HOST || "127.0.0.1");

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    void pgl.release().finally(() => process.exit(0));
  });
}
