import { randomUUID } from "node:crypto";
import DataLoader from "dataloader";
import { prismaSql, type Db, type DbClient } from "../db/database.js";
import { Decimal } from "../db/decimal.js";
import { asInputError, isForeignKeyViolation, rethrowAsInputError } from "../db/pg-errors.js";
import type { Sql, Statement } from "../db/sql.js";
import type { RestResource } from "../tmf/rest-resource.js";
import { Prisma } from "../generated/prisma/client.js";
import { AppError, notFound } from "../errors.js";
import { checkTextLengths, mergePatch, requireAttributes, requireReferenceIds } from "./input-rules.js";
import { rowReader, toData } from "./row-mapping.js";
import { columnsOf, refColumn, selectList, UUID, type Storage } from "./storage.js";
import { buildOrderBy, buildWhere } from "./where.js";

/** The part of a Prisma model delegate the generic store uses. */
export interface ModelDelegate {
  findMany(args: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  count(args: Record<string, unknown>): Promise<number>;
  update(args: { where: { id: string }; data: Record<string, unknown> }): Promise<Record<string, unknown>>;
  delete(args: { where: { id: string } }): Promise<Record<string, unknown>>;
}

type Row = Record<string, unknown>;

/** A page of a relation (the rows of one parent): rows `offset + 1` to `offset + limit` in relation order. */
export interface Page {
  offset: number;
  limit: number;
}

export interface ListArgs {
  filter?: Record<string, unknown> | null;
  offset: number;
  limit: number;
  sort?: { field: string; order: string }[] | null;
}

/**
 * What every service does with its table: reads by id, ids, foreign key, lists and counts, and
 * creates/patches/deletes through the storage convention. Reads by key and inserts are prepared
 * statements (`Sql`); lists, counts and patches go through Prisma. Writes accept a transaction so a
 * service can make them part of a larger unit of work.
 */
export class ResourceStore<T> {
  private readonly model: ModelDelegate;
  /** The TMF type, also the `@type` written on create. */
  readonly typeName: string;
  readonly rest?: RestResource;
  /** A database row as the resource's GraphQL object. */
  readonly toResource: (row: Row) => T;
  /** JSONB columns, by the storage convention. */
  private readonly jsonColumns: Set<string>;
  /**
   * The columns statements return, named: a prepared `SELECT *` would fail on every open connection
   * once a rolling deploy's migration adds a column ("cached plan must not change result type").
   */
  private readonly columns: string;
  /** `findWhereIn` statements, by column (paged ones: `<column> paged`). */
  private readonly whereInStatements = new Map<string, string>();
  private readonly coalescers = new Map<string, DataLoader<string, Row[]>>();
  /** Paged `findWhereIn` loaders, by column, offset and limit. */
  private readonly pageCoalescers = new Map<string, DataLoader<string, Row[]>>();

  constructor(
    private readonly db: Db,
    private readonly modelOf: (db: DbClient) => unknown,
    readonly storage: Storage,
    /** The resource's REST description (where its hrefs point, which hub hears of it), or just a type name for a part of one. */
    resource: RestResource | string,
  ) {
    this.typeName = typeof resource === "string" ? resource : resource.type;
    this.rest = typeof resource === "string" ? undefined : resource;
    this.model = modelOf(db.prisma) as ModelDelegate;
    this.columns = selectList(storage);
    this.toResource = rowReader<T>(storage);
    this.jsonColumns = new Set(
      columnsOf(storage)
        .filter((a) => a.list || a.kind === "ref" || a.kind === "object" || a.kind === "json")
        .map((a) => (storage.foreignKeys[a.name] ? refColumn(a.name) : a.name)),
    );
  }

  /** `sql`: the transaction to read in; by default, reads of concurrent requests are coalesced. */
  async findById(id: string, sql?: Sql): Promise<T | null> {
    return (await this.findWhereIn("id", [id], sql))[0] ?? null;
  }

  async getById(id: string, sql?: Sql): Promise<T> {
    const found = await this.findById(id, sql);
    if (!found) throw notFound(this.typeName, id);
    return found;
  }

  async list(args: ListArgs): Promise<T[]> {
    const rows = await this.model.findMany({
      where: buildWhere(args.filter, this.storage),
      orderBy: buildOrderBy(args.sort, this.storage),
      skip: args.offset,
      take: args.limit,
    }).catch(rethrowAsInputError);
    return rows.map(this.toResource);
  }

  count(filter: ListArgs["filter"]): Promise<number> {
    return this.model.count({ where: buildWhere(filter, this.storage) }).catch(rethrowAsInputError);
  }

  /** Creates a resource from its input attributes plus service-owned columns (`extra`); `@type` defaults to the TMF type. */
  async insert(input: object, mandatory: readonly string[], extra: Row = {}, sql: Sql = this.db.sql): Promise<T> {
    const { text, values } = this.insertion(this.newRow(input, mandatory, extra));
    const inserted = await sql.query(text, values).catch(referenceGone);
    return this.toResource(inserted[0]!);
  }

  /** The row a create writes: its input attributes (checked) plus service-owned columns (`extra`). */
  newRow(input: object, mandatory: readonly string[], extra: Row = {}): Row {
    requireAttributes(input, mandatory, this.typeName);
    requireReferenceIds(input, this.storage.attributes);
    checkTextLengths(input, this.storage.indexed);
    return this.completeRow({ atType: this.typeName, ...toData(input as Row, this.storage), ...extra });
  }

  /** `data` with the columns every insert sets: a new id, and the update stamp. */
  completeRow(data: Row): Row {
    return { id: randomUUID(), ...(this.storage.updatedAt && { [this.storage.updatedAt]: new Date() }), ...data };
  }

  /**
   * INSERT … RETURNING of one complete row. PostgreSQL types the parameters from the target
   * columns; JSON goes as text, decimals as exact text.
   */
  insertion(row: Row): Statement {
    const columns = Object.keys(row);
    return {
      text: `INSERT INTO "${this.storage.table}" (${columns.map((c) => `"${c}"`).join(", ")})
        VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING ${this.columns}`,
      values: columns.map((c) => (this.jsonColumns.has(c) ? jsonValue(row[c]) : sqlValue(row[c]))),
    };
  }

  /** The resource a complete row will be once written (for an event written with it). */
  written(row: Row): T {
    return this.toResource(Object.fromEntries(Object.entries(row).map(([column, value]) => [column, isNull(value) ? null : value])));
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
    tx: DbClient = this.db.prisma,
  ): Promise<{ before: T; after: T }> {
    const model = this.modelOf(tx) as ModelDelegate;
    const current = (await this.getById(id, prismaSql(tx))) as Row;
    const changes: Row = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) changes[key] = mergePatch(current[key], value);
    }
    const next = { ...current, ...changes } as T;
    requireAttributes(next as object, mandatory, this.typeName);
    requireReferenceIds(changes, this.storage.attributes);
    checkTextLengths(changes, this.storage.indexed);
    const data = { ...toData(changes, this.storage), ...(extra ? await extra(next) : {}) };
    const after = this.toResource(await model.update({ where: { id }, data }).catch(referenceGone));
    return { before: current as T, after };
  }

  async remove(id: string, tx: DbClient = this.db.prisma): Promise<T> {
    const current = await this.getById(id, prismaSql(tx));
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
   * hottest read of the gateway; table and column names come from code only.
   */
  async findWhereIn(column: string, values: readonly string[], sql?: Sql): Promise<T[]> {
    const valid = values.filter((v) => UUID.test(v));
    if (!valid.length) return [];
    if (sql) return (await sql.query(this.whereInStatement(column), [valid])).map(this.toResource);
    const groups = await this.coalescer(column).loadMany(valid);
    const failed = groups.find((group) => group instanceof Error);
    if (failed) throw failed;
    return (groups as Row[][]).flat().map(this.toResource);
  }

  /**
   * `findWhereIn` of a relation, one page per parent: the rows `offset + 1` to `offset + limit`, in
   * relation order, of each parent whose `column` (a foreign key) is one of `values` — one statement
   * for all the parents, the page applied in SQL, so a long relation is never read whole.
   */
  async findPageWhereIn(column: string, values: readonly string[], page: Page): Promise<T[]> {
    const valid = values.filter((v) => UUID.test(v));
    if (!valid.length || page.limit <= 0) return [];
    const groups = await this.coalescer(column, page).loadMany(valid);
    const failed = groups.find((group) => group instanceof Error);
    if (failed) throw failed;
    return (groups as Row[][]).flat().map(this.toResource);
  }

  /**
   * Reads by key of all requests in flight, coalesced: the keys that the requests being served
   * ask for in one turn of the event loop go to PostgreSQL as one statement (one round trip, one
   * plan) instead of one per request. Nothing is cached here: each request's DataLoaders are the
   * cache, and they never outlive their request. Paged reads coalesce per (column, offset, limit).
   */
  private coalescer(column: string, page?: Page): DataLoader<string, Row[]> {
    const name = page ? `${column} ${page.offset} ${page.limit}` : column;
    const loaders = page ? this.pageCoalescers : this.coalescers;
    let loader = loaders.get(name);
    if (!loader) {
      const text = page ? this.pageStatement(column) : this.whereInStatement(column);
      loader = new DataLoader<string, Row[]>(
        async (keys) => {
          // Without a cache, keys repeat when several requests ask for one parent: each parent's page once.
          const rows = await this.db.sql.query(text, page ? [[...new Set(keys)], page.offset, page.limit] : [keys]);
          const groups = new Map<string, Row[]>(keys.map((key) => [key, []]));
          for (const row of rows) groups.get(row[column] as string)?.push(row);
          return keys.map((key) => groups.get(key)!);
        },
        { cache: false, batchScheduleFn: (run) => setImmediate(run), maxBatchSize: 1_000 },
      );
      // Pages are the clients' choice: only the most recent ones keep a loader (a pending batch
      // still completes when its loader is dropped).
      if (page && loaders.size >= MAX_PAGE_COALESCERS) loaders.delete(loaders.keys().next().value!);
      loaders.set(name, loader);
    }
    return loader;
  }

  private whereInStatement(column: string): string {
    let text = this.whereInStatements.get(column);
    if (!text) {
      const order = (this.storage.relationOrder ?? [{ createdAt: "asc" }, { id: "asc" }])
        .map((o) => Object.entries(o).map(([col, dir]) => `"${col}" ${dir.toUpperCase()}`).join(", "))
        .join(", ");
      // By id, the loader puts rows in key order: only the rows of a relation need an order.
      text = `SELECT ${this.columns} FROM "${this.storage.table}" WHERE "${column}" = ANY($1::uuid[])${column === "id" ? "" : ` ORDER BY ${order}`}`;
      this.whereInStatements.set(column, text);
    }
    return text;
  }

  /**
   * The paged `findWhereIn` of `column`: $1 the parents, $2 offset, $3 limit. Per parent (LATERAL),
   * the top offset + limit rows in relation order — with `id` last, a total order, so consecutive
   * pages neither overlap nor skip — then the page; the order columns come along (`_order0…`,
   * ignored by the row reader) for the final sort, which keeps each parent's rows in order.
   */
  private pageStatement(column: string): string {
    const name = `${column} paged`;
    let text = this.whereInStatements.get(name);
    if (!text) {
      const relationOrder = (this.storage.relationOrder ?? [{ createdAt: "asc" }, { id: "asc" }]).flatMap((o) => Object.entries(o));
      const order = relationOrder.some(([col]) => col === "id") ? relationOrder : [...relationOrder, ["id", "asc"] as const];
      text = `SELECT "page".* FROM unnest($1::uuid[]) AS "parent"("key") CROSS JOIN LATERAL (
          SELECT ${this.columns}, ${order.map(([col], i) => `"${col}" AS "_order${i}"`).join(", ")} FROM "${this.storage.table}"
          WHERE "${column}" = "parent"."key" ORDER BY ${order.map(([col, dir]) => `"${col}" ${dir.toUpperCase()}`).join(", ")} OFFSET $2 LIMIT $3
        ) AS "page" ORDER BY ${order.map(([, dir], i) => `"page"."_order${i}" ${dir.toUpperCase()}`).join(", ")}`;
      this.whereInStatements.set(name, text);
    }
    return text;
  }
}

/** Paged coalescing loaders kept per store, most recent first out. */
const MAX_PAGE_COALESCERS = 64;

const isNull = (value: unknown) => value === null || value === undefined || value === Prisma.DbNull || value === Prisma.JsonNull;
const jsonValue = (value: unknown) => (isNull(value) ? null : JSON.stringify(value));
const sqlValue = (value: unknown) => (isNull(value) ? null : Decimal.isDecimal(value) ? value.toString() : value);

/** A referenced row deleted between the service's check and the write: the write is refused, not a 500. */
export function referenceGone(err: unknown): never {
  if (isForeignKeyViolation(err)) {
    throw new AppError("UNPROCESSABLE", "A referenced resource does not exist (any more)", "Unknown reference");
  }
  throw asInputError(err);
}
