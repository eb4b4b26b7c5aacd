import { Prisma } from "../generated/prisma/client.js";
import { Decimal } from "../db/decimal.js";
import { markDecimalText } from "../tmf/exact-json.js";
import { columnsOf, moneyColumns, readsAttribute, readsWholeReference, refColumn, type Storage } from "./storage.js";

type Row = Record<string, unknown>;

type Read = (row: Row, out: Row) => void;

/**
 * How database rows become the GraphQL objects of a resource (the inverse of `toData`), worked out
 * once per storage (and set of attributes read, `only`): every read of the gateway goes through it.
 * Rows of a `forOutput` read (storage.ts `selectList`) carry dates as text and amounts as their
 * exact text, marked as the Decimal scalar writes them.
 */
export function rowReader<T>(storage: Storage, only?: ReadonlySet<string>, forOutput = false): (row: Row) => T {
  const amount = forOutput ? (text: unknown) => (text == null ? null : markDecimalText(text as string)) : (value: unknown) => value;
  const reads: Read[] = (storage.internal ?? []).map((column) => (row, out) => (out[column] = row[column]));
  for (const { name, kind } of columnsOf(storage)) {
    if (name === "id" || !readsAttribute(storage, name, only)) continue;
    const fk = storage.foreignKeys[name];
    if (kind === "money") {
      const { value, unit } = moneyColumns(name);
      reads.push((row, out) => (out[name] = row[value] == null && row[unit] == null ? null : { unit: row[unit], value: amount(row[value]) }));
    } else if (fk && !readsWholeReference(name, only)) {
      reads.push((row, out) => (out[name] = row[fk] == null ? null : { id: row[fk] }));
    } else if (fk) {
      const ref = refColumn(name);
      reads.push((row, out) => (out[name] = row[fk] == null ? null : { ...(row[ref] as Row | null), id: row[fk] }));
    } else if (kind === "decimal" && forOutput) {
      reads.push((row, out) => (out[name] = amount(row[name])));
    } else {
      reads.push((row, out) => (out[name] = row[name]));
    }
  }
  return (row) => {
    const out: Row = { id: row.id };
    for (const read of reads) read(row, out);
    return out as T;
  };
}

/**
 * Prisma `data` for the given attributes of a create/update input. Only keys present in `input` are
 * written; an explicit null clears the attribute (JSON merge patch semantics).
 */
export function toData(input: Row, storage: Storage): Row {
  const data: Row = {};
  for (const { name, kind } of columnsOf(storage)) {
    if (!(name in input) || input[name] === undefined) continue;
    const value = input[name] as Row | null;
    const fk = storage.foreignKeys[name];
    if (kind === "money") {
      const cols = moneyColumns(name);
      data[cols.value] = value?.value ?? null;
      data[cols.unit] = value?.unit ?? null;
    } else if (fk) {
      const { id, href: _href, ...rest } = value ?? {};
      data[fk] = id ?? null;
      data[refColumn(name)] = value ? plainJson(rest) : Prisma.DbNull;
    } else if (kind === "ref" || kind === "object" || kind === "json" || Array.isArray(value)) {
      data[name] = value === null ? Prisma.DbNull : plainJson(value);
    } else {
      data[name] = value;
    }
  }
  return data;
}

/**
 * Class instances from type-graphql input conversion as plain JSON, without undefined members; a
 * decimal as its plain text (decimal.js's own JSON may be `1e-7`, which the Decimal scalar does not read).
 */
function plainJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(
    JSON.stringify(value, function (this: Row, key, item) {
      const raw = this[key]; // before toJSON()
      return Decimal.isDecimal(raw) ? raw.toFixed() : item;
    }),
  ) as Prisma.InputJsonValue;
}

/** The scale of every amount column (NUMERIC(20, 4)): PostgreSQL rounds a longer amount to it, half away from zero. */
const AMOUNT_SCALE = 4;

/**
 * A row to insert as PostgreSQL will hold it, so that the resource a service makes of it before it is
 * written (its create event) is the one GET reads: a date-time given as RFC 3339 text is the instant it
 * names, to the millisecond a timestamptz(3) keeps (the Date is what is written), and an amount has the
 * column's scale.
 */
export function asStored(row: Row, storage: Storage): Row {
  const stored: Row = { ...row };
  for (const { name, kind } of columnsOf(storage)) {
    const column = kind === "money" ? moneyColumns(name).value : name;
    const value = stored[column];
    if (kind === "dateTime" && typeof value === "string") stored[column] = new Date(value);
    else if ((kind === "money" || kind === "decimal") && Decimal.isDecimal(value)) {
      stored[column] = (value as Decimal).toDecimalPlaces(AMOUNT_SCALE, Decimal.ROUND_HALF_UP);
    }
  }
  return stored;
}
