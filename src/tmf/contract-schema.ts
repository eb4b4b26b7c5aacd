import { refName, swagger, writeDefinition, type SchemaNode } from "./swagger.js";

/** OpenAPI's own keywords, and bulky examples: no JSON Schema client needs them. */
const DROPPED = new Set(["example", "examples", "discriminator", "readOnly", "xml", "externalDocs"]);

/** Money's value, as the gateway reads it: a JSON number read exactly, or a decimal string (docs/money.md). */
const EXACT_DECIMAL = {
  type: ["number", "string"],
  pattern: "^-?\\d+(\\.\\d+)?$",
  description: "An exact decimal: a JSON number, or a string holding it (a string keeps every digit)",
};

/**
 * What a client may write of `type` by its contract, as one self-contained JSON Schema (draft
 * 2020-12): the contract's write definition (`<Type>_Create` / `_Update`, v5's `_FVO` / `_MVO`, the
 * resource's own where it has neither), the definitions it reaches under `$defs`. For a create, the
 * resource's own definition loses what the server assigns (`id`, `href`); an update (a merge patch)
 * requires nothing at any depth, as the gateway's merge patch check does (contract.ts). Descriptions
 * are kept on the write's own attributes and on each definition, not on the attributes of every
 * reached definition (a billing account's reaches twenty). Undefined when the contract defines neither.
 */
export function writeSchema(file: string, type: string, write: "Create" | "Update"): SchemaNode | undefined {
  const name = writeDefinition(file, type, write);
  if (!name) return undefined;
  const definitions = swagger(file).definitions;
  let root = definitions[name]!;
  for (let depth = 0; typeof root.$ref === "string" && depth < 8; depth++) root = definitions[refName(root.$ref)] ?? {};
  const reached = new Map<string, SchemaNode>();
  const define = (target: string) => {
    if (reached.has(target)) return;
    reached.set(target, {});
    const { description, ...rest } = definitions[target]!;
    const schema = rewrite(rest, false) as SchemaNode;
    if (target === "Money" && (schema.properties as SchemaNode | undefined)?.value) (schema.properties as SchemaNode).value = EXACT_DECIMAL;
    reached.set(target, { ...(description !== undefined && { description }), ...schema });
  };
  const rewrite = (node: unknown, described: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, described));
    if (node === null || typeof node !== "object") return node;
    const out: SchemaNode = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED.has(key) || key.startsWith("x-") || (key === "required" && write === "Update") || (key === "description" && !described)) continue;
      if (key === "$ref" && typeof value === "string") {
        const target = refName(value);
        if (!(target in definitions)) return {};
        define(target);
        out.$ref = `#/$defs/${target}`;
      } else if (key === "properties" && value && typeof value === "object") {
        out[key] = Object.fromEntries(Object.entries(value).map(([property, schema]) => [property, rewrite(schema, described)]));
      } else out[key] = rewrite(value, described);
    }
    return out;
  };
  const schema = rewrite(root, true) as SchemaNode;
  if (name === type && write === "Create" && schema.properties) {
    const { id: _id, href: _href, ...properties } = schema.properties as SchemaNode;
    schema.properties = properties;
    if (Array.isArray(schema.required)) schema.required = (schema.required as string[]).filter((key) => key !== "id" && key !== "href");
  }
  return { ...schema, type: "object", ...(reached.size && { $defs: Object.fromEntries(reached) }) };
}
