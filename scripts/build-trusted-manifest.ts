// npm run trusted:build — writes graphql/trusted/manifest.json, the trusted documents manifest
// (Apollo's persisted query manifest format), from the operations of graphql/examples/. With
// GRAPHQL_TRUSTED_DOCUMENTS=on the gateway runs only these. test/trusted-documents.test.ts fails
// when the committed manifest is not what this writes.
import { writeFileSync } from "node:fs";
import { DEFAULT_MANIFEST, manifestOf } from "../src/graphql/trusted-documents.js";

const manifest = manifestOf();
writeFileSync(DEFAULT_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${DEFAULT_MANIFEST}: ${manifest.operations.map((op) => `${op.type} ${op.name}`).join(", ")}`);
