// The naming rule at the REST boundary: TMF "@type" <-> GraphQL "atType" (and @baseType,
// @schemaLocation, @referredType, or any other "@x"), applied to whole bodies in both directions.
import { setOwn } from "./prototype-keys.js";

/**
 * Converted names are remembered, but only so many: the keys of a body are the client's choice,
 * and a cache that kept every one of them would grow with every request. The schema's own names
 * fit many times over; names that need no conversion are never stored.
 */
const MAX_REMEMBERED = 512;
const toGraphqlNames = new Map<string, string>();
const toTmfNames = new Map<string, string>();

function remember(cache: Map<string, string>, from: string, to: string): string {
  if (cache.size < MAX_REMEMBERED) cache.set(from, to);
  return to;
}

const AT = 0x40;
const LOWER_A = 0x61;
const isUpper = (code: number) => code >= 0x41 && code <= 0x5a;

export function graphqlName(tmfName: string): string {
  if (tmfName.charCodeAt(0) !== AT || tmfName.length < 2) return tmfName;
  return toGraphqlNames.get(tmfName) ?? remember(toGraphqlNames, tmfName, `at${tmfName[1]!.toUpperCase()}${tmfName.slice(2)}`);
}

export function tmfName(graphqlFieldName: string): string {
  if (!(graphqlFieldName.startsWith("at") && isUpper(graphqlFieldName.charCodeAt(2)))) return graphqlFieldName;
  return toTmfNames.get(graphqlFieldName) ?? remember(toTmfNames, graphqlFieldName, `@${graphqlFieldName[2]!.toLowerCase()}${graphqlFieldName.slice(3)}`);
}

/** A JSON object (not an array, not null). */
export const isJsonObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** A TMF request body with GraphQL field names, at every depth. */
export function fromTmf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromTmf);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) setOwn(out, graphqlName(key), fromTmf(item));
  return out;
}

/** A GraphQL result as a TMF body: "@" names back, and absent (null) attributes left out. */
export function toTmf(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const items = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = toTmf(value[i]);
    return items;
  }
  const out: Record<string, unknown> = {};
  // for…in, not Object.entries: this runs on every REST response and allocates nothing per key;
  // leaves are copied as they are, and only a name that may be an "at" name is looked up.
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item === null || item === undefined) continue;
    const name = key.charCodeAt(0) === LOWER_A ? tmfName(key) : key;
    const converted = typeof item === "object" ? toTmf(item) : item;
    if (name === "__proto__") setOwn(out, name, converted);
    else out[name] = converted;
  }
  return out;
}

/** GraphQL error messages name fields the GraphQL way; a REST client should read TMF names. */
export function tmfMessage(message: string): string {
  return message.replace(/\bat([A-Z]\w*)/g, (_m, rest: string) => `@${rest[0]!.toLowerCase()}${rest.slice(1)}`);
}
