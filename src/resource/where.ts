import type { Attribute } from "./attributes.js";
import { orderBy, sortKeys } from "./keyset.js";
import { checkRegex } from "./regex-rules.js";
import { columnsOf, moneyColumns, refColumn, UUID, type Storage } from "./storage.js";

type Ops = Record<string, unknown>;

/** A WHERE or ORDER BY clause and the parameters it refers to as `$1…$n`. */
export interface Clause {
  text: string;
  values: unknown[];
}

const COMPARISONS: Record<string, string> = { eq: "=", ne: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" };

/**
 * The SQL condition of a GraphQL `<Type>Filter` value, following the storage convention: every
 * given condition must hold. Values are always parameters (`$n`, numbered from `first`); column
 * names come from the resource's attributes, never from the client. `in` lists are one array
 * parameter, so a filter's statement text depends on which conditions it has, not on their values.
 */
export function sqlWhere(filter: Record<string, unknown> | undefined | null, storage: Storage, first = 1): Clause {
  const values: unknown[] = [];
  const param = (value: unknown, cast = "") => {
    values.push(value);
    return `$${first + values.length - 1}${cast}`;
  };
  const and: string[] = [];
  for (const attribute of columnsOf(storage)) {
    const ops = filter?.[attribute.name] as Ops | undefined | null;
    if (ops) and.push(...conditionsFor(attribute, ops, storage, param));
  }
  return { text: and.length ? and.join(" AND ") : "TRUE", values };
}

type Param = (value: unknown, cast?: string) => string;

function conditionsFor(attribute: Attribute, ops: Ops, storage: Storage, param: Param): string[] {
  const name = attribute.name;
  switch (attribute.kind) {
    case "id":
      return uuidColumn("id", ops, param);
    case "money": {
      const cols = moneyColumns(name);
      return [...(ops.unit ? scalar(cols.unit, ops.unit as Ops, param) : []), ...(ops.value ? scalar(cols.value, ops.value as Ops, param) : [])];
    }
    case "ref": {
      const fk = storage.foreignKeys[name];
      const out: string[] = [];
      if (ops.id) out.push(...(fk ? uuidColumn(fk, ops.id as Ops, param) : jsonRef(name, "id", ops.id as Ops, attribute.list, param)));
      if (ops.name) out.push(...jsonRef(fk ? refColumn(name) : name, "name", ops.name as Ops, attribute.list, param));
      if (ops.atType) out.push(...jsonRef(fk ? refColumn(name) : name, "atType", ops.atType as Ops, attribute.list, param));
      return out;
    }
    case "object":
      return ops.atType ? jsonRef(name, "atType", ops.atType as Ops, attribute.list, param) : [];
    case "dateTime":
      return scalar(name, ops, param, "::timestamptz");
    default:
      return scalar(name, ops, param);
  }
}

/** Comparisons of a column (NULL never matches, `ne` included); `in` is `= ANY` of one array. */
function scalar(column: string, ops: Ops, param: Param, cast = ""): string[] {
  const out: string[] = [];
  for (const [op, value] of Object.entries(ops)) {
    if (value === undefined || value === null) continue;
    if (op === "in") out.push(`"${column}" = ANY(${param(value, cast && `${cast}[]`)})`);
    else if (op === "regex") out.push(`"${column}" ~ ${param(checkRegex(value as string))}`);
    else if (COMPARISONS[op]) out.push(`"${column}" ${COMPARISONS[op]} ${param(value, cast)}`);
  }
  return out;
}

/** uuid columns reject malformed text in SQL, so malformed ids are decided here: they match nothing. */
function uuidColumn(column: string, ops: Ops, param: Param): string[] {
  const out: string[] = [];
  if (typeof ops.eq === "string") out.push(UUID.test(ops.eq) ? `"${column}" = ${param(ops.eq, "::uuid")}` : "FALSE");
  if (typeof ops.ne === "string" && UUID.test(ops.ne)) out.push(`"${column}" <> ${param(ops.ne, "::uuid")}`);
  if (Array.isArray(ops.in))
    out.push(
      `"${column}" = ANY(${param(
        (ops.in as string[]).filter((v) => UUID.test(v)),
        "::uuid[]",
      )})`,
    );
  if (typeof ops.regex === "string") out.push(`"${column}"::text ~ ${param(checkRegex(ops.regex))}`);
  return out;
}

/** A reference or structure kept in JSONB: `key` equality on one object, containment for a list of them. */
function jsonRef(column: string, key: "id" | "name" | "atType", ops: Ops, list: boolean, param: Param): string[] {
  const match = (value: unknown) => (list ? JSON.stringify([{ [key]: value }]) : JSON.stringify(value));
  const test = (placeholder: string, any = false) =>
    list ? `"${column}" @> ${any ? `ANY(${placeholder})` : placeholder}` : `("${column}" -> '${key}') = ${any ? `ANY(${placeholder})` : placeholder}`;
  const out: string[] = [];
  if (ops.eq !== undefined && ops.eq !== null) out.push(test(param(match(ops.eq), "::jsonb")));
  if (ops.ne !== undefined && ops.ne !== null) out.push(`NOT (${test(param(match(ops.ne), "::jsonb"))})`);
  if (Array.isArray(ops.in)) out.push(test(param((ops.in as unknown[]).map(match), "::jsonb[]"), true));
  if (typeof ops.regex === "string") {
    const pattern = param(checkRegex(ops.regex));
    out.push(
      list
        ? `EXISTS (SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof("${column}") WHEN 'array' THEN "${column}" ELSE '[]' END) AS ref WHERE ref ->> '${key}' ~ ${pattern})`
        : `("${column}" ->> '${key}') ~ ${pattern}`,
    );
  }
  return out;
}

/** ORDER BY of `[{ field, order }]` (default: creation order), ending with `id` so pages are stable. */
export function sqlOrderBy(sort: { field: string; order: string }[] | undefined | null, storage: Storage): string {
  return orderBy(sortKeys(sort, storage));
}
