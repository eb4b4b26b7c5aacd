// The directions of src/, checked by test/architecture.test.ts (dependency-cruiser). Lower layers never
// import higher ones: telemetry (tracing, which every layer may use), tmf (TMF building blocks) and
// errors at the bottom; db; auth; resource (the generic store); events (outbox, dispatcher, bus);
// graphql (the machinery a description drives); modules (one per TMF API, and the registry);
// schema (the machinery applied to the registry); rest; http.

// Every top-level entry of src/, lowest first: each imports only entries before it, so no two
// top-level folders form an import cycle (dependency-cruiser's `circular` sees files, not folders).
const LAYERS = [
  "telemetry",
  "errors.ts",
  "db",
  "tmf",
  "auth",
  "config-values.ts",
  "config-auth.ts",
  "config.ts",
  "resource",
  "events",
  "graphql",
  "modules",
  "schema",
  "rest",
  "demo",
  "http",
  "main.ts",
];
const escapeDots = (entry) => entry.replace(/\./g, "\\.");
const layerPath = (entry) => (entry.endsWith(".ts") ? `^src/${escapeDots(entry)}$` : `^src/${entry}/`);
const layerOrder = LAYERS.map((entry, i) => ({
  name: `layer-order-${entry}`,
  severity: "error",
  comment: `top-level folders of src/ import only those below them (${LAYERS.join(" < ")})`,
  from: { path: layerPath(entry) },
  to: { path: "^src/", pathNot: ["^src/generated/", ...LAYERS.slice(0, i + 1).map(layerPath)] },
}));
const below = (name, ...allowed) => ({
  name: `${name}-imports-only-below`,
  severity: "error",
  from: { path: `^src/${name}/` },
  to: { path: "^src/", pathNot: [`^src/${name}/`, "^src/errors\\.ts$", "^src/telemetry/", ...allowed] },
});

module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "no import cycle between files", from: {}, to: { circular: true } },
    ...layerOrder,
    {
      name: "every-top-level-entry-has-a-layer",
      severity: "error",
      comment: "a new top-level folder of src/ takes its place in LAYERS",
      from: { path: "^src/" },
      to: { path: "^src/", pathNot: ["^src/generated/", ...LAYERS.map(layerPath)] },
    },
    below("telemetry"),
    below("tmf", "^src/db/decimal\\.ts$"),
    below("db", "^src/tmf/"),
    below("auth", "^src/tmf/"),
    below("resource", "^src/tmf/", "^src/db/"),
    below("events", "^src/tmf/", "^src/db/", "^src/resource/", "^src/config\\.ts$"),
    {
      name: "graphql-does-not-import-rest-or-http",
      severity: "error",
      comment: "the REST layer is built on GraphQL, never the reverse",
      from: { path: "^src/graphql/" },
      to: { path: "^src/(rest|http)/" },
    },
    {
      name: "services-and-stores-know-no-graphql",
      severity: "error",
      comment: "domain rules are transport-free: relations load through the request context, not through services",
      from: { path: "^src/modules/", pathNot: "(\\.(resolver|type)|/context)\\.ts$" },
      to: { path: "^src/graphql/" },
    },
    {
      name: "resource-descriptions-only-declare",
      severity: "error",
      comment: "a description is data: its type classes, its API, other descriptions — never code that runs it",
      from: { path: "^src/modules/.+\\.resource\\.ts$" },
      to: { path: "(\\.(resolver|service|store)\\.ts$)|^src/(graphql|events|rest|http)/" },
    },
    {
      name: "benchmark-peers-stay-out-of-the-product",
      severity: "error",
      comment: "PostGraphile and its packages are the bench's peer, development dependencies only",
      from: { path: "^src/" },
      to: { path: "node_modules/(postgraphile|grafast|grafserv|graphile-[a-z-]+|@dataplan/[a-z-]+|pg-sql2|tamedevil)/" },
    },
    {
      name: "modules-do-not-import-transports",
      severity: "error",
      from: { path: "^src/modules/" },
      to: { path: "^src/(rest|http)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
