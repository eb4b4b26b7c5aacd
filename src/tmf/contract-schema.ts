import { refName, swagger, writeDefinition, type SchemaNode } from "./swagger.js";

/** OpenAPI's own keywords, and bulky examples: no JSON Schema client needs them. */
const DROPPED = new Set(["example", "examples", "discriminator", "readOnly", "xml", "externalDocs"]);

/**
 * TMF's sub-classing attributes, on every entity of every contract: left out of a write's schema
 * unless required (a schema does not forbid what it leaves out, so they are still accepted where the
 * contract has them; the MCP server's instructions say so once). `@type`, naming a sub-class, stays
 * on the write's own level.
 */
export const SUBCLASSING_ATTRIBUTES = ["@baseType", "@schemaLocation"];

/** Money's value, as the gateway reads it: a JSON number read exactly, or a decimal string (docs/money.md). */
const EXACT_DECIMAL = {
  type: ["number", "string"],
  pattern: "^-?\\d+(\\.\\d+)?$",
};

/** How `writeSchema` shortens a write's schema. */
export interface WriteSchemaOptions {
  /** The write's own attributes keep their descriptions (true unless said). */
  descriptions?: boolean;
  /**
   * The shapes of the structures the attributes hold, as `$defs` (true unless said); false: an
   * attribute holding one is a plain object (or an array of them), the shape left to another
   * schema of the same definitions (a patch tool's to its create tool's).
   */
  shapes?: boolean;
}

/**
 * What a client may write of `type` by its contract, as one self-contained JSON Schema (draft
 * 2020-12): the contract's write definition (`<Type>_Create` / `_Update`, v5's `_FVO` / `_MVO`, the
 * resource's own where it has neither), the definitions it reaches under `$defs`. For a create, the
 * resource's own definition loses what the server assigns (`id`, `href`); an update (a merge patch)
 * requires nothing at any depth, as the gateway's merge patch check does (contract.ts). What an LLM
 * client reads of every tool at once stays small: descriptions are kept on the write's own
 * attributes only, not on the definitions it reaches nor their attributes (a billing account's
 * reaches twenty); TMF's sub-classing attributes are left out unless required (`@type` stays on the
 * write's own level). Undefined when the contract defines neither.
 */
export function writeSchema(file: string, type: string, write: "Create" | "Update", options: WriteSchemaOptions = {}): SchemaNode | undefined {
  const { descriptions = true, shapes = true } = options;
  const name = writeDefinition(file, type, write);
  if (!name) return undefined;
  const definitions = swagger(file).definitions;
  let root = definitions[name]!;
  for (let depth = 0; typeof root.$ref === "string" && depth < 8; depth++) root = definitions[refName(root.$ref)] ?? {};
  const reached = new Map<string, SchemaNode>();
  const define = (target: string) => {
    if (reached.has(target)) return;
    reached.set(target, {});
    const { description: _description, ...rest } = definitions[target]!;
    const schema = rewrite(rest, NESTED) as SchemaNode;
    if (target === "Money" && (schema.properties as SchemaNode | undefined)?.value) (schema.properties as SchemaNode).value = EXACT_DECIMAL;
    reached.set(target, schema);
  };
  /** Where a node is: at the write's own level or in a definition it reaches; within an attribute's schema. */
  type At = { own: boolean; attribute: boolean };
  const NESTED: At = { own: false, attribute: false };
  const rewrite = (node: unknown, at: At): unknown => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, at));
    if (node === null || typeof node !== "object") return node;
    const out: SchemaNode = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED.has(key) || key.startsWith("x-") || (key === "required" && write === "Update")) continue;
      if (key === "description" && !(at.own && descriptions)) continue;
      if (key === "$ref" && typeof value === "string") {
        const target = refName(value);
        if (!(target in definitions)) return {};
        if (!shapes && at.attribute) {
          // A structure is an object here; a value's definition (an enumeration) is written out in place.
          const { description: _description, ...definition } = definitions[target]!;
          if (isStructure(definition)) out.type = "object";
          else Object.assign(out, rewrite(definition, at));
          continue;
        }
        define(target);
        out.$ref = `#/$defs/${target}`;
      } else if (key === "properties" && value && typeof value === "object") {
        const required = new Set(write === "Create" && Array.isArray((node as SchemaNode).required) ? ((node as SchemaNode).required as string[]) : []);
        const left = at.own ? SUBCLASSING_ATTRIBUTES : [...SUBCLASSING_ATTRIBUTES, "@type"];
        const kept = Object.entries(value).filter(([property]) => required.has(property) || !left.includes(property));
        out[key] = Object.fromEntries(kept.map(([property, schema]) => [property, rewrite(schema, { ...at, attribute: true })]));
      } else out[key] = rewrite(value, at);
    }
    return out;
  };
  // The root's description is the resource's, which the tools' descriptions say.
  const { description: _rootDescription, ...rootSchema } = root;
  const schema = rewrite(rootSchema, { own: true, attribute: false }) as SchemaNode;
  if (name === type && write === "Create" && schema.properties) {
    const { id: _id, href: _href, ...properties } = schema.properties as SchemaNode;
    schema.properties = properties;
    if (Array.isArray(schema.required)) schema.required = (schema.required as string[]).filter((key) => key !== "id" && key !== "href");
  }
  return { ...schema, type: "object", ...(reached.size && { $defs: Object.fromEntries(reached) }) };
}

/** Whether a definition is a structure (an object with attributes), not a value (a string of an enumeration). */
function isStructure(definition: SchemaNode): boolean {
  return definition.type === "object" || definition.properties !== undefined || definition.allOf !== undefined;
}
