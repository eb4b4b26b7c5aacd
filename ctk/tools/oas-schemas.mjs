// JSON schemas of an OpenAPI 3 contract of specs/ for the kits' schema-validity checks, the way TM
// Forum's v5 conformance tests check responses: each a self-contained JSON schema (`definitions`
// holding every schema it reaches), so a Postman script validates with the sandbox's own
// `jsonSchema` assertion. What a plain JSON-schema validator cannot read is made plain: a `oneOf`
// decided by a discriminator (overlapping branches, PartyRef or PartyRoleRef) becomes `anyOf`;
// discriminators, examples and the non-standard formats (float, int32, base64) are left out.
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const SPECS = new URL("../../specs/", import.meta.url);
const STANDARD_FORMATS = new Set(["date-time", "date", "time", "email", "uri", "uuid"]);

function plain(node) {
  if (Array.isArray(node)) return node.map(plain);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "discriminator" || key === "example" || key === "examples") continue;
    if (key === "format" && !STANDARD_FORMATS.has(value)) continue;
    if (key === "$ref") out.$ref = value.replace("#/components/schemas/", "#/definitions/");
    else out[key === "oneOf" && node.discriminator ? "anyOf" : key] = plain(value);
  }
  return out;
}

function reachable(schemas, root) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name) || !schemas[name]) return;
    seen.add(name);
    JSON.stringify(schemas[name]).replace(/#\/components\/schemas\/([\w.-]+)/g, (_m, ref) => {
      visit(ref);
      return "";
    });
  };
  visit(root);
  return [...seen].sort();
}

/** `{ <name>: schema }` for each of `names`, from the OpenAPI file `file` of specs/. */
export function oasSchemas(file, names) {
  const { components } = parse(readFileSync(new URL(file, SPECS), "utf8"));
  return Object.fromEntries(
    names.map((name) => [
      name,
      {
        $ref: `#/definitions/${name}`,
        definitions: Object.fromEntries(reachable(components.schemas, name).map((n) => [n, plain(components.schemas[n])])),
      },
    ]),
  );
}
