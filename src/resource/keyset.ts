import { badInput } from "../errors.js";
import type { AttributeKind } from "./attributes.js";
import { moneyColumns, type Storage } from "./storage.js";

/** One column of a list's order: the sort keys asked for, then `id`, the tie-breaker. */
export interface SortKey {
  column: string;
  desc: boolean;
  /** The SQL type a cursor's text value is cast to. */
  type: string;
  /** Only `id` and `createdAt` are NOT NULL in every table: the others may hold NULL. */
  nullable: boolean;
}

/** A position in a list: the text of each sort key of a row (null for NULL), as `keyColumns` selected them. */
export type KeyValues = (string | null)[];

const SQL_TYPES: Partial<Record<AttributeKind, string>> = {
  id: "uuid",
  string: "text",
  boolean: "boolean",
  int: "bigint",
  decimal: "numeric",
  dateTime: "timestamptz",
  money: "numeric",
};

/** The order of `[{ field, order }]` (default: creation order), ending with `id` so that every row has one place. */
export function sortKeys(sort: { field: string; order: string }[] | undefined | null, storage: Storage): SortKey[] {
  const keys: SortKey[] = [];
  for (const { field, order } of sort ?? []) {
    const attribute = storage.attributes.find((a) => a.name === field);
    const type = attribute && !attribute.list && SQL_TYPES[attribute.kind];
    if (!attribute || !type) throw badInput(`Cannot sort by '${field}'`);
    const column = attribute.kind === "money" ? moneyColumns(field).value : field;
    if (!keys.some((k) => k.column === column)) keys.push({ column, desc: order === "DESC", type, nullable: field !== "id" });
  }
  if (!keys.length) keys.push({ column: "createdAt", desc: false, type: "timestamptz", nullable: false });
  if (!keys.some((k) => k.column === "id")) keys.push({ column: "id", desc: false, type: "uuid", nullable: false });
  return keys;
}

/** ORDER BY of the keys; `backward` reverses it (PostgreSQL's defaults put NULLs last ascending, first descending: each the other's reverse). */
export function orderBy(keys: readonly SortKey[], backward = false): string {
  return keys.map((k) => `"${k.column}" ${k.desc !== backward ? "DESC" : "ASC"}`).join(", ");
}

/** The keys of each row as text, selected beside its columns as `__k0…`: dates with microseconds, in UTC. */
export function keyColumns(keys: readonly SortKey[]): string {
  return keys
    .map(
      (k, i) =>
        `${k.type === "timestamptz" ? `to_char("${k.column}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : `"${k.column}"::text`} AS "__k${i}"`,
    )
    .join(", ");
}

export const keyValuesOf = (row: Record<string, unknown>, keys: readonly SortKey[]): KeyValues => keys.map((_, i) => (row[`__k${i}`] as string | null) ?? null);

/**
 * The rows strictly after `values` in the keys' order (before them, `backward`): keyset paging, so
 * a page costs its rows whatever its depth, and rows inserted meanwhile neither repeat nor shift
 * the page. Keys of one direction that cannot be NULL compare as one row value, which an index on
 * them serves; otherwise each key in turn decides, with NULLs where ORDER BY puts them.
 */
export function afterKeys(keys: readonly SortKey[], values: KeyValues, backward: boolean, first: number): { text: string; values: unknown[] } {
  const params = keys.map((k, i) => `$${first + i}::${k.type}`);
  const desc = (k: SortKey) => k.desc !== backward;
  if (keys.every((k) => !k.nullable && desc(k) === desc(keys[0]!))) {
    const op = desc(keys[0]!) ? "<" : ">";
    return { text: `(${keys.map((k) => `"${k.column}"`).join(", ")}) ${op} (${params.join(", ")})`, values: [...values] };
  }
  const alternatives = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => (k.nullable ? `"${k.column}" IS NOT DISTINCT FROM ${params[j]}` : `"${k.column}" = ${params[j]}`));
    return [...equal, beyond(key, params[i]!, desc(key))].join(" AND ");
  });
  const lead = keys[0]!;
  // Redundant, but a bound an index on the first key can range over.
  const bound = lead.nullable ? "" : `"${lead.column}" ${desc(lead) ? "<=" : ">="} ${params[0]} AND `;
  return { text: `(${bound}(${alternatives.map((a) => `(${a})`).join(" OR ")}))`, values: [...values] };
}

/** A value of `key` past `param` in scan order (ascending: NULLs last; descending: NULLs first). */
function beyond(key: SortKey, param: string, desc: boolean): string {
  const column = `"${key.column}"`;
  if (!key.nullable) return `${column} ${desc ? "<" : ">"} ${param}`;
  return desc
    ? `(CASE WHEN ${param} IS NULL THEN ${column} IS NOT NULL ELSE ${column} < ${param} END)`
    : `(CASE WHEN ${param} IS NULL THEN FALSE ELSE ${column} > ${param} OR ${column} IS NULL END)`;
}

/**
 * Whether a bounded count of `filter` should read its matches in creation order: with no filter
 * (every listed table has an index on (createdAt, id)) or only equalities on columns the resource's
 * navigations page by (`navigated`: each leads an index on (column, createdAt, id)). Then the count
 * is an index-only scan that stops at the bound; left to choose, PostgreSQL often takes a
 * sequential scan its estimates find as cheap, several times costlier in fact (PostgreSQL 18 reads
 * a large table through a read stream). Other filters are counted in any order: an order no index
 * serves would sort every match.
 */
export function countInIndexOrder(filter: Record<string, unknown> | null | undefined, storage: Storage, navigated: ReadonlySet<string>): boolean {
  const only = (o: object, key: string) => Object.entries(o).every(([k, v]) => k === key || v == null);
  return Object.entries(filter ?? {}).every(([name, ops]) => {
    if (ops == null) return true;
    const column = storage.foreignKeys[name];
    const id = (ops as { id?: Record<string, unknown> | null }).id;
    return Boolean(column && navigated.has(column) && id && only(ops as object, "id") && only(id, "eq") && id.eq != null);
  });
}
