// Writes graphql/schema.graphql, the federation subgraph SDL (graphql/subgraph.graphql) and the
// GraphQL clients' cache configuration (graphql/clients/) from the code-first schema. Run: npm run schema:emit
import { mkdirSync, writeFileSync } from "node:fs";
import { clientConfigFiles } from "../src/graphql/client-config.js";
import { getSchema, schemaSdl, subgraphSdl } from "../src/schema/schema.js";

writeFileSync(new URL("../graphql/schema.graphql", import.meta.url), await schemaSdl());
writeFileSync(new URL("../graphql/subgraph.graphql", import.meta.url), await subgraphSdl());
console.log("wrote graphql/schema.graphql and graphql/subgraph.graphql");
const clients = new URL("../graphql/clients/", import.meta.url);
mkdirSync(clients, { recursive: true });
for (const [file, text] of Object.entries(clientConfigFiles(await getSchema()))) {
  writeFileSync(new URL(file, clients), text);
  console.log(`wrote graphql/clients/${file}`);
}
