import { badInput } from "../errors.js";
import { isJsonObject } from "../tmf/tmf-json.js";
import { concreteSchema, propertiesOf, requiredOf, writeDefinition, type SchemaNode } from "../tmf/swagger.js";
import { apiOf, collectionPath, type RestResource, type VersionProjection } from "../tmf/rest-resource.js";
import { restVersionsOf, type ResourceDescription } from "./description.js";
import { checkContract } from "./contract.js";
import { applyJsonPatch, mergePatchBetween, type JsonPatchOperation } from "./json-patch.js";

type Json = Record<string, unknown>;

/**
 * A model representation (TMF JSON, as GET of the model returns it) as this version's: reshaped
 * attributes read the version's way, then whatever its contract does not define left out (a v4
 * client never sees what only v5 can express), and the `@type` every TMF v5 object carries given
 * where the model has none (the schema's own name, or the subclass the value is).
 */
export function toVersion(version: VersionProjection, model: Json): Json {
  const shaped: Json = { ...model };
  for (const [name, shape] of Object.entries(version.reshaped)) {
    if (shaped[name] !== undefined) shaped[name] = shape.read(shaped[name]);
  }
  return conform(version.contract, { $ref: `#/definitions/${version.type}` }, shaped, 0) as Json;
}

function conform(file: string, node: SchemaNode | undefined, value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return value.map((item) => conform(file, node, item, depth));
  if (!isJsonObject(value) || depth > 16) return value;
  const { name, schema, mapped } = concreteSchema(file, node, value["@type"]);
  const properties = propertiesOf(file, schema);
  if (!Object.keys(properties).length) return value; // a free-form object (a characteristic's value)
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (Object.hasOwn(properties, key)) out[key] = conform(file, properties[key], item, depth + 1);
  }
  if (name && (!mapped || (out["@type"] === undefined && requiredOf(file, schema).includes("@type")))) out["@type"] = name;
  return out;
}

/**
 * A request body of this version (TMF JSON) as the model's: every attribute must be one its
 * contract defines (a 400 names the others), the body of a later version must conform to its
 * contract's write definition (`_FVO`, `_MVO`), and reshaped attributes are written the model's way (`check`
 * false: a representation the gateway made, written back unchecked).
 */
export function fromVersion(version: VersionProjection, body: Json, write: "Create" | "Update", check = true): Json {
  if (check) {
    const definition = writeDefinition(version.contract, version.type, write);
    const unknown: string[] = [];
    unknownAttributes(version.contract, definition ? { $ref: `#/definitions/${definition}` } : undefined, body, "", unknown, 0);
    if (unknown.length) throw badInput(`Unknown or read-only attribute(s) for ${version.type}: ${unknown.join(", ")}`);
    // A merge patch may carry part of a nested structure: it is checked for what it says (types,
    // enums, formats), the merged resource then as the model's, in the store.
    if (!version.model) checkContract(version.contract, version.type, write === "Update" ? "MergePatch" : write, body);
  }
  const model: Json = { ...body };
  for (const [name, shape] of Object.entries(version.reshaped)) {
    if (model[name] !== undefined && model[name] !== null) model[name] = shape.write(model[name]);
  }
  return model;
}

function unknownAttributes(file: string, node: SchemaNode | undefined, value: unknown, path: string, out: string[], depth: number): void {
  if (Array.isArray(value)) return value.forEach((item, i) => unknownAttributes(file, node, item, `${path}[${i}]`, out, depth));
  if (!isJsonObject(value) || depth > 16) return;
  const { schema } = concreteSchema(file, node, value["@type"]);
  const properties = propertiesOf(file, schema);
  if (!Object.keys(properties).length) return;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (Object.hasOwn(properties, key)) unknownAttributes(file, properties[key], item, at, out, depth + 1);
    else if (!EXTENSIBLE.has(key)) out.push(at);
  }
}

/** TMF's polymorphism attributes: every object may carry them (v5's `_MVO` schemas omit them). */
const EXTENSIBLE = new Set(["@type", "@baseType", "@schemaLocation"]);

/** Attributes a write never sets: the server assigns them. */
export const SERVER_ASSIGNED = ["id", "href"] as const;

/**
 * The JSON merge patch of the model that JSON Patch `operations` make of the resource `model` (TMF
 * JSON) as this version represents it: the operations apply to the version's representation, the
 * result is checked as a patch of the version, and what changed is written the model's way —
 * attributes the operations did not touch are left as the row holds them (so what this version
 * cannot show survives its patches).
 */
export function jsonPatchOfVersion(version: VersionProjection, model: Json, operations: readonly JsonPatchOperation[], query: boolean): Json {
  const before = toVersion(version, model);
  const after = applyJsonPatch(before, operations, query);
  for (const key of SERVER_ASSIGNED) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) throw badInput(`'${key}' is assigned by the server and cannot be patched`);
  }
  const withoutAssigned = (doc: Json) => Object.fromEntries(Object.entries(doc).filter(([key]) => !(SERVER_ASSIGNED as readonly string[]).includes(key)));
  return mergePatchBetween(fromVersion(version, withoutAssigned(before), "Update", false), fromVersion(version, withoutAssigned(after), "Update"));
}

/** A model representation (TMF JSON) as this REST resource's version, its own `href` on the version's path (as given for a resource of one version). */
export function representationOf(resource: RestResource, model: Json): Json {
  const version = resource.version;
  if (!version) return model;
  const represented = toVersion(version.projection, model);
  const own = collectionPath(resource);
  if (typeof represented.href === "string" && version.modelCollection !== own) represented.href = represented.href.replace(version.modelCollection, own);
  return represented;
}

/**
 * How the hub of each API version receives events: outbox events hold the model representation
 * and the API of the model's version; a hub of any version of that API receives them, each in its
 * version's representation.
 */
export interface EventVersions {
  /** The API whose events a hub of `hubApi` receives (itself, unless it is a later version of one). */
  sourceOf(hubApi: string): string;
  /** A resource's stored representation as listeners of `hubApi` read it (undefined: as stored). */
  represent(hubApi: string, resourceType: string, model: Json): Json | undefined;
}

export function eventVersionsOf(resources: readonly ResourceDescription[]): EventVersions {
  const sources = new Map<string, string>();
  const rests = new Map<string, RestResource>();
  for (const resource of resources) {
    const [model, ...later] = restVersionsOf(resource);
    if (!later.length) continue;
    for (const rest of [model!, ...later]) {
      sources.set(apiOf(rest), apiOf(model!));
      rests.set(`${apiOf(rest)} ${resource.name}`, rest);
    }
  }
  return {
    sourceOf: (hubApi) => sources.get(hubApi) ?? hubApi,
    represent: (hubApi, resourceType, model) => {
      const rest = rests.get(`${hubApi} ${resourceType}`);
      return rest && representationOf(rest, model);
    },
  };
}
