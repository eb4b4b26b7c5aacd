import { propertiesOf, refName, requiredOf, swagger, type SchemaNode } from "../tmf/swagger.js";
import { isJsonObject } from "../tmf/tmf-json.js";

type Json = Record<string, unknown>;

/**
 * One schema of a TMF contract as a request reads it, compiled once: its attributes (its `allOf`
 * parents' included), each compiled in turn; the subclasses its discriminator names by `@type`;
 * whether it requires `@type`. A walk over a body or a representation follows these and never
 * looks into the contract.
 */
export interface SchemaPlan {
  /** The definition it is (the last `$ref` followed), the `@type` a v5 representation writes for it. */
  readonly name?: string;
  /** Its attributes, by TMF name; none: a free-form object (a characteristic's value). */
  readonly properties: ReadonlyMap<string, SchemaPlan>;
  /** The schemas its discriminator maps `@type` values to (OpenAPI 3 polymorphism); absent: none. */
  readonly subclasses?: ReadonlyMap<string, SchemaPlan>;
  /** Its `required` list (its parents' included) names `@type`. */
  readonly requiresType: boolean;
  /** Its `required` list, its parents' included. */
  readonly required: readonly string[];
}

interface Building {
  name?: string;
  properties: Map<string, SchemaPlan>;
  subclasses?: Map<string, SchemaPlan>;
  requiresType: boolean;
  required: readonly string[];
}

export const MAX_DEPTH = 16;
const compiled = new WeakMap<SchemaNode, Map<string | undefined, SchemaPlan>>();

/** The plan of the schema `node` of contract `file` (a `$ref`, an array of one, or an inline schema): compiled once, cycles included. */
export function schemaPlan(file: string, node: SchemaNode, name?: string): SchemaPlan {
  const target = resolve(file, node, name);
  if (!target.schema) return { name: target.name, properties: new Map(), requiresType: false, required: [] };
  let byName = compiled.get(target.schema);
  if (!byName) compiled.set(target.schema, (byName = new Map()));
  const found = byName.get(target.name);
  if (found) return found;
  const required = [...new Set(requiredOf(file, target.schema))];
  const plan: Building = { name: target.name, properties: new Map(), requiresType: required.includes("@type"), required };
  byName.set(target.name, plan); // before its attributes: a schema may contain itself
  for (const [key, property] of Object.entries(propertiesOf(file, target.schema))) plan.properties.set(key, schemaPlan(file, property));
  const mapping = (target.schema.discriminator as { mapping?: Record<string, string> } | undefined)?.mapping;
  if (mapping) {
    const definitions = swagger(file).definitions;
    plan.subclasses = new Map();
    for (const [type, ref] of Object.entries(mapping)) {
      const subclass = definitions[refName(ref)];
      if (subclass) plan.subclasses.set(type, schemaPlan(file, subclass, refName(ref)));
    }
  }
  return plan;
}

/** `node` with its `$ref`s and array items followed to the object schema, and the last definition named on the way. */
function resolve(file: string, node: SchemaNode | undefined, name: string | undefined): { name?: string; schema?: SchemaNode } {
  for (let depth = 0; node && depth < MAX_DEPTH && !node.properties && !node.allOf && !node.oneOf; depth++) {
    if (typeof node.$ref === "string") node = swagger(file).definitions[(name = refName(node.$ref))];
    else if (node.items) node = node.items as SchemaNode;
    else break;
  }
  return { name, schema: node };
}

/** The schema an object of `plan` is held to: the subclass its `@type` names, if the plan has subclasses; `mapped` false when it names none of them. */
export function concrete(plan: SchemaPlan, type: unknown): { plan: SchemaPlan; mapped: boolean } {
  if (!plan.subclasses) return { plan, mapped: true };
  const subclass = typeof type === "string" ? plan.subclasses.get(type) : undefined;
  return subclass ? { plan: subclass, mapped: true } : { plan, mapped: false };
}

/**
 * `value` as the contract represents it: what its schemas do not define left out, at every depth,
 * and the `@type` every TMF v5 object carries given where it has none (the schema's own name, or
 * the subclass the value is).
 */
export function conform(plan: SchemaPlan, value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((item) => conform(plan, item, depth));
  if (!isJsonObject(value) || depth > MAX_DEPTH) return value;
  const { plan: schema, mapped } = concrete(plan, value["@type"]);
  if (!schema.properties.size) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties.get(key);
    if (property) out[key] = conform(property, item, depth + 1);
  }
  if (schema.name && (!mapped || (out["@type"] === undefined && schema.requiresType))) out["@type"] = schema.name;
  return out;
}

/** TMF's polymorphism attributes: every object may carry them (v5's `_MVO` schemas omit them). */
const EXTENSIBLE = new Set(["@type", "@baseType", "@schemaLocation"]);

/** The paths of the attributes of `value` its schemas do not define (polymorphism attributes aside). */
export function unknownAttributes(plan: SchemaPlan, value: unknown, path = "", out: string[] = [], depth = 0): string[] {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) unknownAttributes(plan, item, `${path}[${i}]`, out, depth);
    return out;
  }
  if (!isJsonObject(value) || depth > MAX_DEPTH) return out;
  const { plan: schema } = concrete(plan, value["@type"]);
  if (!schema.properties.size) return out;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    const property = schema.properties.get(key);
    if (property) unknownAttributes(property, item, at, out, depth + 1);
    else if (!EXTENSIBLE.has(key)) out.push(at);
  }
  return out;
}

/** `value` without the attributes unknownAttributes names: what its schemas define, at every depth, as it is. */
export function known(plan: SchemaPlan, value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((item) => known(plan, item, depth));
  if (!isJsonObject(value) || depth > MAX_DEPTH) return value;
  const { plan: schema } = concrete(plan, value["@type"]);
  if (!schema.properties.size) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties.get(key);
    if (property) out[key] = known(property, item, depth + 1);
    else if (EXTENSIBLE.has(key)) out[key] = item;
  }
  return out;
}

/** "PartyRef" → "Party": the entity a TMF reference's `@type` says it refers to. */
export const REFERENCE_TYPE = /^(.+)Ref$/;

/**
 * `value` (a representation, conformed) as its contract accepts it, below the resource: a
 * `@referredType` the schema requires and the value lacks is what the reference's own `@type` says
 * it refers to (`PartyRef` → `Party`), when it says; an object that still lacks what its schema
 * requires is left out — an element of a list dropped, an attribute omitted — but for an attribute
 * the resource itself requires, shown as far as it goes (left out, the body would not conform
 * either). A client that validates what it reads (a v4 client reading what v5 wrote: v5 requires
 * less) reads no part its contract refuses that another version allowed.
 */
export function showable(plan: SchemaPlan, value: unknown): unknown {
  return shown(plan, value, 0).value;
}

const requiring = new WeakMap<SchemaPlan, boolean>();

/** Whether `plan`, or a schema within it, requires anything (a schema that does not needs no walk). */
export function requires(plan: SchemaPlan): boolean {
  let found = requiring.get(plan);
  if (found === undefined) requiring.set(plan, (found = requiresWithin(plan, new Set())));
  return found;
}

function requiresWithin(plan: SchemaPlan, seen: Set<SchemaPlan>): boolean {
  if (seen.has(plan)) return false;
  seen.add(plan);
  return plan.required.length > 0 || [...plan.properties.values(), ...(plan.subclasses?.values() ?? [])].some((within) => requiresWithin(within, seen));
}

/** `value` (conformed) as showable reads it, and whether it holds what its schema requires. */
export function shown(plan: SchemaPlan, value: unknown, depth: number): { value: unknown; valid: boolean } {
  if (!requires(plan)) return { value, valid: true };
  if (Array.isArray(value)) {
    const items = value.map((item) => shown(plan, item, depth));
    const same = items.every((item, i) => item.valid && item.value === value[i]);
    return { value: same ? value : items.filter((item) => item.valid).map((item) => item.value), valid: true };
  }
  if (!isJsonObject(value) || depth > MAX_DEPTH) return { value, valid: true };
  const { plan: schema } = concrete(plan, value["@type"]);
  if (!schema.properties.size) return { value, valid: true };
  let out: Json | undefined;
  for (const [key, item] of Object.entries(value)) {
    const property = schema.properties.get(key);
    if (!property) continue;
    const part = shown(property, item, depth + 1);
    const kept = part.valid || (depth === 0 && schema.required.includes(key));
    if (kept && part.value === item) continue;
    out ??= { ...value };
    if (kept) out[key] = part.value;
    else delete out[key];
  }
  let result = out ?? value;
  const referred = typeof result["@type"] === "string" ? REFERENCE_TYPE.exec(result["@type"])?.[1] : undefined;
  if (referred && result["@referredType"] == null && schema.required.includes("@referredType")) result = { ...result, "@referredType": referred };
  return { value: result, valid: schema.required.every((name) => result[name] !== undefined && result[name] !== null) };
}
