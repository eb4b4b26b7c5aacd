import { AppError, badInput } from "../errors.js";
import { fromVersion, type VersionPlan } from "../resource/versions.js";
import { MAX_PATCH_OPERATIONS } from "../resource/json-patch.js";
import type { RestResource, VersionProjection } from "../tmf/rest-resource.js";
import { tmfMessage, isJsonObject } from "../tmf/tmf-json.js";
import { refuseServerAssigned } from "./body-input.js";

// The REST side of a resource served in several API versions (TMF629 v4 and v5): each call's body
// is read as its version's and written as the model's, each representation made the version's.

type Json = Record<string, unknown>;
type Query = Record<string, string | string[]>;

/** The body of a create or merge patch as the model's (as given, for a resource of one version). */
export function modelBody(version: VersionPlan | undefined, body: unknown, write: "Create" | "Update"): unknown {
  if (!version || !isJsonObject(body)) return body;
  refuseServerAssigned(body);
  try {
    return fromVersion(version, body, write);
  } catch (err) {
    // The contract names what it refuses the GraphQL way; a REST client reads TMF names.
    throw err instanceof AppError ? new AppError(err.code, tmfMessage(err.message), err.reason) : err;
  }
}

/** The variables of a JSON Patch (application/json-patch+json, or -query+json): its operations, of this version's representation. */
export function jsonPatchVariables(resource: RestResource, body: unknown, query: boolean): Json {
  const version = resource.version;
  if (!version) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `${resource.type} takes a JSON merge patch (application/merge-patch+json)`, "Unsupported Media Type");
  }
  if (!Array.isArray(body)) throw badInput("A JSON Patch is an array of operations (RFC 6902)");
  if (body.length > MAX_PATCH_OPERATIONS) throw badInput(`A patch has at most ${MAX_PATCH_OPERATIONS} operations`);
  return { operations: body, representation: version.label, query };
}

/**
 * The query of a call of this version as the model's: an attribute filter on a reshaped attribute
 * names the model's path (`relatedParty.partyOrPartyRole.id=…` is `relatedParty.id=…`), and a
 * renamed attribute is the model's in filters, `sort` and `fields` (`lastUpdate` is `lastModified`).
 * Other parameters are as given.
 */
export function modelQuery(resource: RestResource, query: Query): Query {
  const reshaped = resource.version && !resource.version.projection.model ? resource.version.projection.reshaped : undefined;
  if (!reshaped) return query;
  const out: Query = {};
  for (const [key, value] of Object.entries(query)) {
    if (key === "sort" || key === "fields") out[key] = Array.isArray(value) ? value.map((v) => modelNames(reshaped, v)) : modelNames(reshaped, value);
    else out[modelFilterKey(reshaped, key)] = value;
  }
  return out;
}

/** `-lastUpdate,name` as `-lastModified,name`: each comma-separated attribute path by the model's name. */
function modelNames(reshaped: VersionProjection["reshaped"], list: string): string {
  return list
    .split(",")
    .map((item) => {
      const [, sign, path] = /^([-+ ]?)(.*)$/s.exec(item)!;
      return `${sign}${modelPath(reshaped, path!)}`;
    })
    .join(",");
}

/** A version's attribute path (`lastUpdate.gt`) by the model's name of its attribute; the model's name of a renamed one is not the version's. */
function modelPath(reshaped: VersionProjection["reshaped"], path: string): string {
  const within = (name: string) => path === name || path.startsWith(`${name}.`);
  for (const [attribute, shape] of Object.entries(reshaped)) {
    if (!shape.as) continue;
    if (within(shape.as)) return `${attribute}${path.slice(shape.as.length)}`;
    if (within(attribute)) throw badInput(`Unknown attribute '${path}': this version names it '${shape.as}'`);
  }
  return path;
}

function modelFilterKey(reshaped: VersionProjection["reshaped"], key: string): string {
  for (const [attribute, shape] of Object.entries(reshaped)) {
    for (const [from, to] of Object.entries(shape.filters ?? {})) {
      const path = `${attribute}.${from}`;
      if (key === path || key.startsWith(`${path}.`) || key === `${path}*`) return `${attribute}.${to}${key.slice(path.length)}`;
    }
  }
  return modelPath(reshaped, key);
}
