import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { ctkSchemaSet } from "./ctk-schemas.js";

const SPECS_DIR = path.resolve(import.meta.dirname, "../../specs");

/**
 * What the gateway reads of an official TMF contract: a swagger 2.0 (v4, JSON) or an OpenAPI 3 (v5,
 * YAML), whose `components.schemas` are read as `definitions` (their `$ref`s rewritten to match).
 */
export interface Swagger {
  info: { title: string; version?: string; description?: string };
  openapi?: string;
  /** The folder of a contract that is a CTK schema set (ctk-schemas.ts). */
  "x-ctk-schemas"?: string;
  host?: string;
  basePath?: string;
  schemes?: string[];
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, Record<string, unknown>>;
}

const loaded = new Map<string, Swagger>();

/**
 * Property names the published v4.0.0 swaggers misspell, and the names the gateway serves instead
 * (README, "Swagger errata"): TMF676 spells AuthorizePayment's and InitiatePayment's attributes with
 * a trailing space and two of them capitalised; TMF678 capitalises BillCycle's specification.
 */
export const PROPERTY_ERRATA: Readonly<Record<string, string>> = {
  "authorizePaymentDate ": "authorizePaymentDate",
  "authorizedPaymentDate ": "authorizedPaymentDate",
  "authorizedPayment ": "authorizedPayment",
  "InitiatePaymentDate ": "initiatePaymentDate",
  "InitiatedPaymentDate ": "initiatedPaymentDate",
  "initiatedPayment ": "initiatedPayment",
  BillCycleSpecification: "billCycleSpecification",
};

/**
 * A definition with its misspelt property names corrected (required lists included), in the parts
 * of an OpenAPI 3 `allOf` too (TMF678 v5.0.0 keeps v4's BillCycleSpecification).
 */
function corrected(definition: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(definition.allOf)) definition = { ...definition, allOf: definition.allOf.map((part) => corrected(part as Record<string, unknown>)) };
  const properties = definition.properties as Record<string, unknown> | undefined;
  if (!properties || !Object.keys(properties).some((key) => key in PROPERTY_ERRATA)) return definition;
  const rename = (key: string) => PROPERTY_ERRATA[key] ?? key;
  return {
    ...definition,
    properties: Object.fromEntries(Object.entries(properties).map(([key, value]) => [rename(key), value])),
    ...(Array.isArray(definition.required) && { required: (definition.required as string[]).map(rename) }),
  };
}

/**
 * The official contract `file` of specs/ (of a TMF API), read once, its errata corrected: a swagger,
 * an OpenAPI document, or a folder of CTK JSON schemas (see ctk-schemas.ts).
 */
export function swagger(file: string): Swagger {
  let spec = loaded.get(file);
  if (!spec) {
    const at = path.join(SPECS_DIR, path.basename(file));
    const text = statSync(at).isDirectory() ? undefined : readFileSync(at, "utf8");
    if (text === undefined) spec = ctkSchemaSet(at) as Swagger;
    else spec = /\.ya?ml$/.test(file) ? openApiAsSwagger(parseNarrow(text, parseYaml) as Record<string, unknown>) : (parseNarrow(text, JSON.parse) as Swagger);
    spec.definitions = Object.fromEntries(Object.entries(spec.definitions).map(([name, definition]) => [name, corrected(definition)]));
    loaded.set(file, spec);
  }
  return spec;
}

/** Stands for a character beyond Latin-1 while a contract is parsed (parseNarrow): `¤¤201c¤¤` is “. */
const WIDE = "\u00a4\u00a4";
const BEYOND_LATIN1 = /[\u0100-\u{10ffff}]/gu;
const PLACEHOLDER = new RegExp(`${WIDE}([0-9a-f]+)${WIDE}`, "g");

/**
 * A contract's text parsed into the strings V8 keeps one byte per character. A text with one
 * character beyond Latin-1 (TMF629 v5's “quotes”) parses into two-byte strings, its attribute names
 * too, and V8 keeps that first copy of a name for every later use of it: `partyOrPartyRole` in
 * every v5 representation, whose whole JSON text then is two-byte — twice the bytes to search
 * (exact-json.ts) and to encode, on every response. So those characters are parsed as
 * placeholders and put back, after, in the strings that held them.
 */
function parseNarrow(text: string, parse: (text: string) => unknown): unknown {
  if (text.includes(WIDE)) return parse(text);
  const narrow = text.replace(BEYOND_LATIN1, (c) => `${WIDE}${c.codePointAt(0)!.toString(16)}${WIDE}`);
  return narrow === text ? parse(text) : widened(parse(Buffer.from(narrow, "latin1").toString("latin1")));
}

function widened(value: unknown): unknown {
  if (typeof value === "string")
    return value.includes(WIDE) ? value.replace(PLACEHOLDER, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16))) : value;
  if (Array.isArray(value)) return value.map(widened);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [widened(key) as string, widened(item)]));
}

/** An OpenAPI 3 document in the shape of a swagger: its schemas as definitions, every `$ref` to them rewritten. */
function openApiAsSwagger(document: Record<string, unknown>): Swagger {
  const components = (document.components ?? {}) as { schemas?: Record<string, Record<string, unknown>> };
  const rewritten = JSON.parse(JSON.stringify(components.schemas ?? {}).replaceAll('"#/components/schemas/', '"#/definitions/'));
  return { ...(document as unknown as Swagger), definitions: rewritten };
}

/** A JSON schema of a swagger's definitions (or a part of one). */
export type SchemaNode = Record<string, unknown>;

/** The suffixes of the definitions a write is held to: v4's `_Create` / `_Update`, v5's `_FVO` / `_MVO`. */
const WRITE_SUFFIXES = { Create: ["_Create", "_FVO"], Update: ["_Update", "_MVO"] } as const;

/** The definition a write of `type` is held to: `<Type>_Create` / `<Type>_Update` (`_FVO` / `_MVO`), else the resource's own. */
export function writeDefinition(file: string, type: string, write: "Create" | "Update"): string | undefined {
  const { definitions } = swagger(file);
  const own = WRITE_SUFFIXES[write].map((suffix) => `${type}${suffix}`).find((name) => name in definitions);
  return own ?? (type in definitions ? type : undefined);
}

/** The definition a `$ref` names. */
export const refName = (ref: string) => ref.replace("#/definitions/", "");

/** `node` with its `$ref`s followed, and an array's items in its place. */
function resolved(file: string, node: SchemaNode | undefined): SchemaNode | undefined {
  for (let depth = 0; node && depth < 16; depth++) {
    if (typeof node.$ref === "string") node = swagger(file).definitions[refName(node.$ref)];
    else if (node.items) node = node.items as SchemaNode;
    else return node;
  }
  return node;
}

const flattened = new WeakMap<SchemaNode, Record<string, SchemaNode>>();

/** The properties of an object schema, its `allOf` parents' included (OpenAPI 3 contracts compose by allOf). */
export function propertiesOf(file: string, node: SchemaNode | undefined, depth = 0): Record<string, SchemaNode> {
  const schema = resolved(file, node);
  if (!schema || depth > 16) return {};
  let properties = flattened.get(schema);
  if (!properties) {
    const own = (schema.properties ?? {}) as Record<string, SchemaNode>;
    const parents = ((schema.allOf ?? []) as SchemaNode[]).map((parent) => propertiesOf(file, parent, depth + 1));
    flattened.set(schema, (properties = Object.assign({}, ...parents, own) as Record<string, SchemaNode>));
  }
  return properties;
}

/** The attributes an object schema requires, its `allOf` parents' included. */
export function requiredOf(file: string, node: SchemaNode | undefined, depth = 0): string[] {
  const schema = resolved(file, node);
  if (!schema || depth > 16) return [];
  const parents = ((schema.allOf ?? []) as SchemaNode[]).flatMap((parent) => requiredOf(file, parent, depth + 1));
  return [...parents, ...((schema.required as string[] | undefined) ?? [])];
}
