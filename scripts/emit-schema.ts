// Writes graphql/schema.graphql (and the federation subgraph SDL, graphql/subgraph.graphql) from the code-first schema. Run: npm run schema:emit
import { writeFileSync } from "node:fs";
import { schemaSdl, subgraphSdl } from "../src/graphql/schema.js";

writeFileSync(new URL("../graphql/schema.graphql", import.meta.url), await schemaSdl());
writeFileSync(new URL("../graphql/subgraph.graphql", import.meta.url), await subgraphSdl());
console.log("wrote graphql/schema.graphql and graphql/subgraph.graphql");
