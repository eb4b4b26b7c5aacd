// Writes graphql/schema.graphql from the code-first schema. Run: npm run schema:emit
import { writeFileSync } from "node:fs";
import { schemaSdl } from "../src/graphql/schema.js";

writeFileSync(new URL("../graphql/schema.graphql", import.meta.url), await schemaSdl());
console.log("wrote graphql/schema.graphql");
