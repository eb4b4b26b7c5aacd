// Writes graphql/schema.graphql from the code-first schema, and the GraphQL clients' cache
// configuration derived from it (graphql/clients/). Run: npm run schema:emit
import { mkdirSync, writeFileSync } from "node:fs";
import { clientConfigFiles } from "../src/graphql/client-config.js";
import { getSchema, schemaSdl } from "../src/graphql/schema.js";

writeFileSync(new URL("../graphql/schema.graphql", import.meta.url), await schemaSdl());
console.log("wrote graphql/schema.graphql");
const clients = new URL("../graphql/clients/", import.meta.url);
mkdirSync(clients, { recursive: true });
for (const [file, text] of Object.entries(clientConfigFiles(await getSchema()))) {
  writeFileSync(new URL(file, clients), text);
  console.log(`wrote graphql/clients/${file}`);
}
