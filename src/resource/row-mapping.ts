import { Prisma } from "../generated/prisma/client.js";
import { columnsOf, moneyColumns, refColumn, type Storage } from "./storage.js";

type Row = Record<string, unknown>;

/** A database row as the GraphQL object of its resource (the inverse of `toData`). */
export function fromRow<T>(row: Row, storage: Storage): T {
  const out: Row = { id: row.id };
  for (const column of storage.internal ?? []) out[column] = row[column];
  for (const { name, kind } of columnsOf(storage)) {
    if (name === "id") continue;
    const fk = storage.foreignKeys[name];
    if (kind === "money") {
      const cols = moneyColumns(name);
      out[name] = row[cols.value] == null && row[cols.unit] == null ? null : { unit: row[cols.unit], value: row[cols.value] };
    } else if (fk) {
      out[name] = row[fk] == null ? null : { ...(row[refColumn(name)] as Row | null), id: row[fk] };
    } else {
      out[name] = row[name];
    }
  }
  return out as T;
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

/** Class instances from type-graphql input conversion as plain JSON, without undefined members. */
function plainJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
