import { GraphQLInt } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { Decimal } from "../db/decimal.js";
import { Money } from "../tmf/money.type.js";
import { EntityRefBase, Extensible } from "../tmf/extensible.type.js";
import { DateTimeScalar, DecimalScalar, JsonScalar } from "../tmf/scalars.js";

export type AttributeKind = "id" | "string" | "boolean" | "int" | "decimal" | "dateTime" | "money" | "ref" | "object" | "json";

export interface Attribute {
  name: string;
  kind: AttributeKind;
  list: boolean;
  /** An object or reference that carries TMF630's `@type` (an Extensible): its sub-type can be filtered on. */
  subTyped?: boolean;
}

type Class = abstract new (...args: never[]) => unknown;

const cache = new Map<Class, Attribute[]>();

/** `cls` and the classes it extends, nearest first. */
function classChain(cls: Class): unknown[] {
  const chain: unknown[] = [];
  for (let c: unknown = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) chain.push(c);
  return chain;
}

/** The type-graphql fields of `cls` and the classes it extends, in the order they were declared. */
function fieldsOf(cls: Class) {
  const chain = classChain(cls);
  return getMetadataStorage().fields.filter((field) => chain.includes(field.target));
}

/** The GraphQL type and description of the field `name` of `cls`, as nearest declared (for a resolver derived for it); `list`: a list of them. */
export function fieldOf(cls: Class, name: string): { type: unknown; description?: string; list: boolean } {
  const chain = classChain(cls);
  const field = fieldsOf(cls)
    .filter((f) => f.name === name)
    .sort((a, b) => chain.indexOf(a.target) - chain.indexOf(b.target))[0];
  if (!field) throw new Error(`${cls.name} has no field ${name}`);
  return { type: field.getType(), description: field.description, list: Boolean(field.typeOptions.array) };
}

/** Whether the field at `path` of `cls` (`billStructure.presentationMedia`: through the types of the fields before it) is a list. */
export function isListAt(cls: Class, path: string): boolean {
  const [name, ...rest] = path.split(".");
  const field = fieldOf(cls, name!);
  return rest.length ? isListAt(field.type as Class, rest.join(".")) : field.list;
}

/**
 * The TMF attributes of a resource, read from its type-graphql class (and the classes it extends):
 * the one definition from which filters, sorting, storage mapping and REST projections are derived.
 * Fields marked with `@Extensions({ navigation: true })` are relations, not TMF attributes.
 */
export function attributesOf(cls: Class): Attribute[] {
  const cached = cache.get(cls);
  if (cached) return cached;
  const seen = new Set<string>();
  const attributes: Attribute[] = [];
  for (const field of fieldsOf(cls)) {
    if (seen.has(field.name)) continue;
    if (field.extensions?.navigation) continue;
    seen.add(field.name);
    const type = field.getType();
    const subTyped = typeof type === "function" && type.prototype instanceof Extensible;
    attributes.push({ name: field.name, kind: kindOf(field.name, type), list: Boolean(field.typeOptions.array), ...(subTyped && { subTyped }) });
  }
  cache.set(cls, attributes);
  return attributes;
}

function kindOf(name: string, type: unknown): AttributeKind {
  if (name === "id") return "id";
  if (type === String) return "string";
  if (type === Boolean) return "boolean";
  if (type === Number || type === GraphQLInt) return "int";
  if (type === DecimalScalar) return "decimal";
  if (type === DateTimeScalar) return "dateTime";
  if (type === JsonScalar) return "json";
  if (type === Money) return "money";
  if (typeof type === "function" && type.prototype instanceof EntityRefBase) return "ref";
  return "object";
}

/**
 * `value`, an object of the type-graphql class `cls` read back from the database, with the amounts
 * its JSON columns keep as text (a Voucher's `value.amount`) as Decimals again, at any depth: what
 * a contract check of a stored resource sees as numbers.
 */
export function withDecimals(value: unknown, cls: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => withDecimals(item, cls));
  if (value === null || typeof value !== "object" || typeof cls !== "function" || Decimal.isDecimal(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const field of fieldsOf(cls as Class)) {
    const item = out[field.name];
    const type = field.getType();
    if (type === DecimalScalar && typeof item === "string") out[field.name] = new Decimal(item);
    else if (item !== null && typeof item === "object" && typeof type === "function" && !(item instanceof Date)) out[field.name] = withDecimals(item, type);
  }
  return out;
}
