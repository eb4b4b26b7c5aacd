// The naming rule at the REST boundary: TMF "@type" <-> GraphQL "atType" (and @baseType,
// @schemaLocation, @referredType, or any other "@x"), applied to whole bodies in both directions.

const toGraphqlNames = new Map<string, string>();
const toTmfNames = new Map<string, string>();

export function graphqlName(tmfName: string): string {
  let name = toGraphqlNames.get(tmfName);
  if (name === undefined) {
    name = tmfName.startsWith("@") && tmfName.length > 1 ? `at${tmfName[1]!.toUpperCase()}${tmfName.slice(2)}` : tmfName;
    toGraphqlNames.set(tmfName, name);
  }
  return name;
}

export function tmfName(graphqlFieldName: string): string {
  let name = toTmfNames.get(graphqlFieldName);
  if (name === undefined) {
    name = /^at[A-Z]/.test(graphqlFieldName) ? `@${graphqlFieldName[2]!.toLowerCase()}${graphqlFieldName.slice(3)}` : graphqlFieldName;
    toTmfNames.set(graphqlFieldName, name);
  }
  return name;
}

/** A TMF request body with GraphQL field names, at every depth. */
export function fromTmf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromTmf);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[graphqlName(key)] = fromTmf(item);
  return out;
}

/** A GraphQL result as a TMF body: "@" names back, and absent (null) attributes left out. */
export function toTmf(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(toTmf);
  const out: Record<string, unknown> = {};
  // for…in, not Object.entries: this runs on every REST response and allocates nothing per key.
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && item !== undefined) out[tmfName(key)] = toTmf(item);
  }
  return out;
}

/** GraphQL error messages name fields the GraphQL way; a REST client should read TMF names. */
export function tmfMessage(message: string): string {
  return message.replace(/\bat([A-Z]\w*)/g, (_m, rest: string) => `@${rest[0]!.toLowerCase()}${rest.slice(1)}`);
}
