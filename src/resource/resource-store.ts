import { randomUUID } from "node:crypto";
import type { Db, DbClient } from "../db/database.js";
import { Decimal } from "../db/decimal.js";
import { isForeignKeyViolation } from "../db/pg-errors.js";
import { Prisma } from "../generated/prisma/client.js";
import { AppError, notFound } from "../errors.js";
import { mergePatch, requireAttributes, requireReferenceIds } from "./input-rules.js";
import { fromRow, toData } from "./row-mapping.js";
import { columnsOf, refColumn, UUID, type Storage } from "./storage.js";
import { buildOrderBy, buildWhere } from "./where.js";

/** The part of a Prisma model delegate the generic store uses. */
export interface ModelDelegate {
  findUnique(args: { where: { id: string } }): Promise<Record<string, unknown> | null>;
  findMany(args: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  count(args: Record<string, unknown>): Promise<number>;
  update(args: { where: { id: string }; data: Record<string, unknown> }): Promise<Record<string, unknown>>;
  delete(args: { where: { id: string } }): Promise<Record<string, unknown>>;
}

type Row = Record<string, unknown>;

export interface ListArgs {
  filter?: Record<string, unknown> | null;
  offset: number;
  limit: number;
  sort?: { field: string; order: string }[] | null;
}

/**
 * What every service does with its table: reads by id, ids, foreign key, lists and counts, and
 * creates/patches/deletes through the storage convention. Writes accept a transaction client so a
 * service can make them part of a larger unit of work.
 */
export class ResourceStore<T> {
  private readonly model: ModelDelegate;
  /** JSONB columns, by the storage convention. */
  private readonly jsonColumns: Set<string>;

  constructor(
    private readonly db: Db,
    private readonly modelOf: (db: DbClient) => unknown,
    readonly storage: Storage,
    readonly typeName: string,
  ) {
    this.model = modelOf(db) as ModelDelegate;
    this.jsonColumns = new Set(
      columnsOf(storage)
        .filter((a) => a.list || a.kind === "ref" || a.kind === "object" || a.kind === "json")
        .map((a) => (storage.foreignKeys[a.name] ? refColumn(a.name) : a.name)),
    );
  }

  toResource = (row: Record<string, unknown>): T => fromRow<T>(row, this.storage);

  async findById(id: string, tx: DbClient = this.db): Promise<T | null> {
    if (!UUID.test(id)) return null;
    const row = await (this.modelOf(tx) as ModelDelegate).findUnique({ where: { id } });
    return row && this.toResource(row);
  }

  async getById(id: string, tx: DbClient = this.db): Promise<T> {
    const found = await this.findById(id, tx);
    if (!found) throw notFound(this.typeName, id);
    return found;
  }

  async list(args: ListArgs): Promise<T[]> {
    const rows = await this.model.findMany({
      where: buildWhere(args.filter, this.storage),
      orderBy: buildOrderBy(args.sort, this.storage),
      skip: args.offset,
      take: args.limit,
    });
    return rows.map(this.toResource);
  }

  count(filter: ListArgs["filter"]): Promise<number> {
    return this.model.count({ where: buildWhere(filter, this.storage) });
  }

  /** Creates a resource from its input attributes plus service-owned columns (`extra`); `@type` defaults to the TMF type. */
  async insert(input: object, mandatory: readonly string[], extra: Row = {}, tx: DbClient = this.db): Promise<T> {
    requireAttributes(input, mandatory, this.typeName);
    requireReferenceIds(input, this.storage.attributes);
    const data = { atType: this.typeName, ...toData(input as Row, this.storage), ...extra };
    return this.insertRow(data, tx);
  }

  /**
   * INSERT … RETURNING * of one row, as one raw statement: a compiled Prisma create costs several
   * times the CPU of the statement itself (bench/README.md). PostgreSQL types the parameters from
   * the target columns; JSON goes as text, decimals as exact text.
   */
  async insertRow(data: Row, tx: DbClient = this.db): Promise<T> {
    const row: Row = { id: randomUUID(), ...(this.storage.updatedAt && { [this.storage.updatedAt]: new Date() }), ...data };
    const columns = Object.keys(row);
    const sql = `INSERT INTO "${this.storage.table}" (${columns.map((c) => `"${c}"`).join(", ")})
      VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING *`;
    const values = columns.map((c) => (this.jsonColumns.has(c) ? jsonValue(row[c]) : sqlValue(row[c])));
    const inserted = await tx.$queryRawUnsafe<Row[]>(sql, ...values).catch(referenceGone);
    return this.toResource(inserted[0]!);
  }

  /**
   * Applies a JSON merge patch to the resource's attributes. `extra` sees the patched resource and
   * returns service-owned columns to write with it (e.g. a foreign key derived from an attribute).
   */
  async patch(
    id: string,
    patch: object,
    mandatory: readonly string[],
    extra?: (next: T) => Promise<Row> | Row,
    tx: DbClient = this.db,
  ): Promise<{ before: T; after: T }> {
    const model = this.modelOf(tx) as ModelDelegate;
    const current = (await this.getById(id, tx)) as Row;
    const changes: Row = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) changes[key] = mergePatch(current[key], value);
    }
    const next = { ...current, ...changes } as T;
    requireAttributes(next as object, mandatory, this.typeName);
    requireReferenceIds(changes, this.storage.attributes);
    const data = { ...toData(changes, this.storage), ...(extra ? await extra(next) : {}) };
    const after = this.toResource(await model.update({ where: { id }, data }).catch(referenceGone));
    return { before: current as T, after };
  }

  async remove(id: string, tx: DbClient = this.db): Promise<T> {
    const current = await this.getById(id, tx);
    try {
      await (this.modelOf(tx) as ModelDelegate).delete({ where: { id } });
      return current;
    } catch (err) {
      if (isForeignKeyViolation(err)) {
        throw new AppError("CONFLICT", `${this.typeName} ${id} is still referenced by other resources`, "Resource in use");
      }
      throw err;
    }
  }

  /**
   * Rows whose `column` (a uuid: id or foreign key) is one of `values`, for DataLoader batches — the
   * hottest read of the gateway. One raw statement: Prisma's query compiler costs ~5× the CPU of the
   * query itself for a findMany (see bench/README.md); table and column names come from code only.
   */
  async findWhereIn(column: string, values: readonly string[]): Promise<T[]> {
    const valid = values.filter((v) => UUID.test(v));
    if (!valid.length) return [];
    const order = (this.storage.relationOrder ?? [{ createdAt: "asc" }, { id: "asc" }])
      .map((o) => Object.entries(o).map(([col, dir]) => `"${col}" ${dir.toUpperCase()}`).join(", "))
      .join(", ");
    const rows = await this.db.$queryRawUnsafe<Row[]>(
      `SELECT * FROM "${this.storage.table}" WHERE "${column}" = ANY($1::uuid[]) ORDER BY ${order}`,
      valid,
    );
    return rows.map(this.toResource);
  }
}

const isNull = (value: unknown) => value === null || value === undefined || value === Prisma.DbNull || value === Prisma.JsonNull;
const jsonValue = (value: unknown) => (isNull(value) ? null : JSON.stringify(value));
const sqlValue = (value: unknown) => (isNull(value) ? null : Decimal.isDecimal(value) ? value.toString() : value);

/** A referenced row deleted between the service's check and the write: the write is refused, not a 500. */
function referenceGone(err: unknown): never {
  if (isForeignKeyViolation(err)) {
    throw new AppError("UNPROCESSABLE", "A referenced resource does not exist (any more)", "Unknown reference");
  }
  throw err;
}
