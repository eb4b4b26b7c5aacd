import type { Deployment } from "../db/database.js";
import type { Attribute } from "./attributes.js";

/**
 * How a resource's TMF attributes are laid out in its table, by convention:
 * - scalars and open-ended structures (JSONB) live in a column of the attribute's name;
 * - Money `x` lives in `xValue` (NUMERIC) + `xUnit`;
 * - a reference backed by a foreign key (`foreignKeys`, derived from the description's `references`)
 *   keeps its id in that uuid column and the rest of the reference as given (name, @referredType, …) in JSONB `xRef`.
 */
export interface Storage {
  /** The table (Prisma's @@map). */
  table: string;
  attributes: Attribute[];
  foreignKeys: Record<string, string>;
  /** Attributes kept in their own table (e.g. Payment.paymentItem), written by the service itself. */
  separate?: string[];
  /** Columns that are not TMF attributes but are carried on the object for the domain (e.g. customerId). */
  internal?: string[];
  /** The column Prisma's @updatedAt keeps (it has no database default): set on insert too. */
  updatedAt?: string;
  /** Text attributes with a btree index (at most INDEXED_TEXT_MAX_LENGTH characters). */
  indexed?: string[];
  /** Order of rows loaded as a relation (default: creation order). */
  relationOrder?: Record<string, "asc" | "desc">[];
  /** The table's rows are each deployment's own (see Partition). */
  partition?: Partition;
}

/**
 * A table the deployments sharing a database each hold their own rows of: `column` (not a TMF
 * attribute) names whose a row is, `valueOf` a deployment's value. The store applies it to every
 * statement (reads, counts, navigations, writes, deletes), so a row of another deployment does not
 * exist for this one.
 */
export interface Partition {
  column: string;
  valueOf: (deployment: Deployment) => string;
}

/** A deployment's partition of a table: the value its rows hold, and the SQL condition selecting them. */
export interface PartitionOf {
  column: string;
  value: string;
  /** `"column" = 'value'`: the value is the deployment's, a constant of its statements (quoted). */
  condition: string;
}

export function partitionOf(storage: Pick<Storage, "partition">, deployment: Deployment): PartitionOf | undefined {
  if (!storage.partition) return undefined;
  const { column } = storage.partition;
  const value = storage.partition.valueOf(deployment);
  return { column, value, condition: `"${column}" = '${value.replaceAll("'", "''")}'` };
}

/** ` AND <condition>` of a partition, or nothing: what a statement's WHERE ends with. */
export const andPartition = (partition: PartitionOf | undefined) => (partition ? ` AND ${partition.condition}` : "");

export function columnsOf(storage: Storage): Attribute[] {
  return storage.attributes.filter((a) => !storage.separate?.includes(a.name));
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const moneyColumns = (name: string) => ({ value: `${name}Value`, unit: `${name}Unit` });
export const refColumn = (name: string) => `${name}Ref`;

/**
 * How a read formats values for output (GraphQL, REST, events) instead of the domain's Decimal and
 * Date: PostgreSQL writes a date-time as the RFC 3339 text `Date.toISOString()` gives (the columns
 * hold milliseconds) and an amount as its exact decimal text without trailing zeros (decimal.js's
 * `toFixed()`), as PostGraphile reads them, so no row of a list is parsed into objects only to be
 * printed again.
 */
const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const asOutputText = (column: string, kind: "decimal" | "dateTime") =>
  kind === "decimal" ? `trim_scale("${column}")::text AS "${column}"` : `to_char("${column}" AT TIME ZONE 'UTC', ${ISO_UTC}) AS "${column}"`;

/**
 * The columns `rowReader` reads, quoted: what a statement selects or returns for a resource; with
 * `only`, those of these attributes (see `readsAttribute`); with `forOutput`, dates and amounts as
 * their output text (see `asOutputText`).
 */
export function selectList(storage: Storage, only?: ReadonlySet<string>, forOutput = false): string {
  return selectedColumns(storage, only)
    .map(([column, kind]) => (forOutput && kind ? asOutputText(column, kind) : `"${column}"`))
    .join(", ");
}

/** The names of the columns `selectList` gives (its output's), quoted and qualified by `table`. */
export function selectNames(storage: Storage, only: ReadonlySet<string> | undefined, table: string): string {
  return selectedColumns(storage, only)
    .map(([column]) => `"${table}"."${column}"`)
    .join(", ");
}

function selectedColumns(storage: Storage, only?: ReadonlySet<string>): [string, ("decimal" | "dateTime")?][] {
  const columns: [string, ("decimal" | "dateTime")?][] = ["id", ...(storage.internal ?? [])].map((c) => [c]);
  const plain = (column: string, kind?: "decimal" | "dateTime") => columns.push([column, kind]);
  for (const { name, kind } of columnsOf(storage)) {
    if (name === "id" || !readsAttribute(storage, name, only)) continue;
    const fk = storage.foreignKeys[name];
    if (kind === "money") {
      plain(moneyColumns(name).value, "decimal");
      plain(moneyColumns(name).unit);
    } else if (fk) {
      plain(fk);
      if (readsWholeReference(name, only)) plain(refColumn(name));
    } else plain(name, kind === "decimal" || kind === "dateTime" ? kind : undefined);
  }
  return columns;
}

/**
 * Whether a read of the attributes `only` (all when absent) reads attribute `name`. The id, the
 * internal columns and the references backed by a foreign key are always read: relations group
 * and navigate by them, and they are small.
 */
export function readsAttribute(storage: Storage, name: string, only?: ReadonlySet<string>): boolean {
  return !only || only.has(name) || name in storage.foreignKeys;
}

/**
 * Whether a read of `only` reads the whole of a reference backed by a foreign key (its JSON column
 * too), or only its id: a selection that reads nothing of it but its `id` (`account { id }`, or
 * nothing) leaves it out of `only`.
 */
export const readsWholeReference = (name: string, only?: ReadonlySet<string>): boolean => !only || only.has(name);
