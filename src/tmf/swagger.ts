import { readFileSync } from "node:fs";
import path from "node:path";

const SPECS_DIR = path.resolve(import.meta.dirname, "../../specs");

/** What the gateway reads of an official TMF swagger (2.0). */
export interface Swagger {
  info: { title: string };
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

/** A definition with its misspelt property names corrected (required lists included). */
function corrected(definition: Record<string, unknown>): Record<string, unknown> {
  const properties = definition.properties as Record<string, unknown> | undefined;
  if (!properties || !Object.keys(properties).some((key) => key in PROPERTY_ERRATA)) return definition;
  const rename = (key: string) => PROPERTY_ERRATA[key] ?? key;
  return {
    ...definition,
    properties: Object.fromEntries(Object.entries(properties).map(([key, value]) => [rename(key), value])),
    ...(Array.isArray(definition.required) && { required: (definition.required as string[]).map(rename) }),
  };
}

/** The official swagger `file` of specs/ (the contract of a TMF API), read once, its errata corrected. */
export function swagger(file: string): Swagger {
  let spec = loaded.get(file);
  if (!spec) {
    spec = JSON.parse(readFileSync(path.join(SPECS_DIR, path.basename(file)), "utf8")) as Swagger;
    spec.definitions = Object.fromEntries(Object.entries(spec.definitions).map(([name, definition]) => [name, corrected(definition)]));
    loaded.set(file, spec);
  }
  return spec;
}

/** A JSON schema of a swagger's definitions (or a part of one). */
export type SchemaNode = Record<string, unknown>;

/** The definition a write of `type` is held to: `<Type>_Create` / `<Type>_Update`, else the resource's own. */
export function writeDefinition(file: string, type: string, write: "Create" | "Update"): string | undefined {
  const { definitions } = swagger(file);
  return `${type}_${write}` in definitions ? `${type}_${write}` : type in definitions ? type : undefined;
}

/** `node` with its `$ref`s followed, and an array's items in its place. */
function resolved(file: string, node: SchemaNode | undefined): SchemaNode | undefined {
  for (let depth = 0; node && depth < 16; depth++) {
    if (typeof node.$ref === "string") node = swagger(file).definitions[node.$ref.replace("#/definitions/", "")];
    else if (node.items) node = node.items as SchemaNode;
    else return node;
  }
  return node;
}

/** The schema of property `key` of `node` (of an object, or of the items of an array), if it has one. */
export function propertyOf(file: string, node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  const properties = resolved(file, node)?.properties as Record<string, SchemaNode> | undefined;
  return properties && Object.hasOwn(properties, key) ? properties[key] : undefined;
}
