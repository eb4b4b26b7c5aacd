import { getNamedType, isInputObjectType, isListType, isNonNullType, type GraphQLInputObjectType, type GraphQLInputType } from "graphql";
import { badInput } from "../errors.js";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../graphql/page.args.js";
import { graphqlName } from "../tmf/tmf-json.js";

export const RESERVED_PARAMS = new Set(["fields", "offset", "limit", "sort", "cursor", "before"]);
const OPERATORS = new Set(["eq", "ne", "in", "gt", "gte", "lt", "lte", "regex"]);

type Filter = Record<string, unknown>;

/**
 * TMF630 attribute filters as a GraphQL `<Type>Filter` value, walking the filter input type of the
 * schema: `name=Moon%20Hooch`, `status=a,b` or `status=a&status=b` (any of), `account.id=…`,
 * `totalAmount.value.gt=10`, `name.ne=…`, `name.regex=^Moon` or `name*=^Moon`. An attribute the
 * filter type does not know is a 400, never silently ignored.
 */
export function filterFromQuery(query: Record<string, string | string[]>, filterType: GraphQLInputObjectType): Filter | null {
  const filter: Filter = {};
  let any = false;
  for (const [key, raw] of Object.entries(query)) {
    if (RESERVED_PARAMS.has(key)) continue;
    const param = key.endsWith("*") ? `${key.slice(0, -1)}.regex` : key;
    if (Array.isArray(raw)) {
      // A repeated attribute is any of its values (TMF630); a repeated comparison has no such reading.
      if (OPERATORS.has(param.slice(param.lastIndexOf(".") + 1)) && !param.endsWith(".eq")) {
        throw badInput(`'${key}' is given more than once; only an attribute compared for equality may repeat (any of its values)`);
      }
      addCondition(filter, filterType, param.replace(/\.eq$/, ""), raw.join(","));
    } else addCondition(filter, filterType, param, raw);
    any = true;
  }
  return any ? filter : null;
}

function addCondition(filter: Filter, filterType: GraphQLInputObjectType, param: string, value: string): void {
  const segments = param.split(".").map(graphqlName);
  let type: GraphQLInputObjectType = filterType;
  let target = filter;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const field = type.getFields()[segment];
    const isLast = i === segments.length - 1;
    if (!field) throw badInput(`Unknown attribute '${param}' in filter`);
    if (OPERATORS.has(segment) && isLast && type !== filterType) {
      target[segment] = convert(field.type, segment === "in" ? value.split(",") : value, param);
      return;
    }
    const named = getNamedType(field.type);
    if (!isInputObjectType(named)) throw badInput(`Unknown attribute '${param}' in filter`);
    target = (target[segment] ??= {}) as Filter;
    type = named;
  }
  // An attribute without operator: equality, or "any of" for a comma-separated list.
  const values = value.split(",");
  const fields = type.getFields();
  if (values.length > 1 && fields.in) target.in = convert(fields.in.type, values, param);
  else if (fields.eq) target.eq = convert(fields.eq.type, value, param);
  else throw badInput(`Attribute '${param}' needs a nested attribute to filter on (e.g. ${param}.${fields.value ? "value" : "id"})`);
}

function convert(type: GraphQLInputType, value: string | string[], param: string): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return (Array.isArray(value) ? value : [value]).map((v) => convert(inner.ofType, v, param));
  const text = Array.isArray(value) ? value[0]! : value;
  const named = getNamedType(inner);
  switch (named.name) {
    case "Boolean":
      if (text !== "true" && text !== "false") throw badInput(`'${param}' must be true or false`);
      return text === "true";
    case "Int":
      if (!/^-?\d+$/.test(text)) throw badInput(`'${param}' must be an integer`);
      return Number(text);
    default:
      return text; // String, ID, enums, and the Decimal and DateTime scalars parse text themselves
  }
}

/**
 * `offset` and `limit` (default DEFAULT_LIMIT): a limit above MAX_LIMIT is a 400, as on /graphql;
 * and the position a Link URL carries: `cursor` (the page starts after it, `offset` rows further:
 * Link `next`) or `before` (the page ends before it: Link `prev`), not both.
 */
export function pageFromQuery(query: Record<string, string | string[]>): { offset: number; limit: number; cursor: string | null; before: string | null } {
  const limit = nonNegative(query, "limit", DEFAULT_LIMIT);
  if (limit > MAX_LIMIT) throw badInput(`limit must be at most ${MAX_LIMIT}, got ${limit}`);
  const [cursor, before] = [single(query, "cursor"), single(query, "before")];
  if (cursor !== null && before !== null) throw badInput("Give 'cursor' or 'before', not both");
  return { offset: nonNegative(query, "offset", 0), limit, cursor, before };
}

function single(query: Record<string, string | string[]>, name: string): string | null {
  const value = query[name];
  if (Array.isArray(value)) throw badInput(`'${name}' is given more than once`);
  return value ?? null;
}

function nonNegative(query: Record<string, string | string[]>, name: string, fallback: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  const text = Array.isArray(raw) ? raw[raw.length - 1]! : raw;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw badInput(`${name} must be a non-negative integer, got '${text}'`);
  }
  return Number(text);
}

/** `sort=-paymentDate,name` as `[{ field: paymentDate, order: DESC }, { field: name, order: ASC }]`. */
export function sortFromQuery(query: Record<string, string | string[]>, sortFields: ReadonlySet<string>) {
  const raw = query.sort;
  if (raw === undefined) return null;
  const text = Array.isArray(raw) ? raw.join(",") : raw;
  return text
    .split(",")
    .filter(Boolean)
    .map((item) => {
      const desc = item.startsWith("-");
      const field = graphqlName(item.replace(/^[-+]/, ""));
      if (!sortFields.has(field)) throw badInput(`Cannot sort by '${item.replace(/^[-+]/, "")}'`);
      return { field, order: desc ? "DESC" : "ASC" };
    });
}

/** `fields`: the attributes asked for, once each, in a stable order (one operation per set). */
export function parseFields(raw: string | string[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const list = (Array.isArray(raw) ? raw.join(",") : raw)
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  return [...new Set(list)].sort();
}
