import { randomUUID } from "node:crypto";
import { tooExpensive } from "../db/availability.js";
import type { Db } from "../db/database.js";
import { isForeignKeyViolation } from "../db/pg-errors.js";
import type { Sql, Statement } from "../db/sql.js";
import type { TraceParent } from "../telemetry/tracing.js";
import { setOwn } from "../tmf/prototype-keys.js";
import type { RestResource } from "../tmf/rest-resource.js";
import { AppError, badInput, notFound } from "../errors.js";
import { attributesOf } from "./attributes.js";
import { foreignKeysOf, relationsOf, restOf, type PartDescription, type ResourceDescription } from "./description.js";
import { mergePatch } from "./input-rules.js";
import { WriteRules } from "./write-rules.js";
import { ColumnSets, type ColumnSet } from "./column-sets.js";
import { KeyReads, type Page } from "./key-reads.js";
import { asStored, toData } from "./row-mapping.js";
import { isNull, TableStatements } from "./statements.js";
import { andPartition, columnsOf, partitionOf, refColumn, UUID, type PartitionOf, type Storage } from "./storage.js";
import { sqlOrderBy, sqlWhere } from "./where.js";
import { afterKeys, countInIndexOrder, keyColumns, keyValuesOf, orderBy, sortKeys, type SortKey } from "./keyset.js";
import { CursorCodec } from "./cursor.js";
import type { KeysetArgs, KeysetPage, ListArgs, Patch } from "./store-args.js";
import { referenceGone, relationKeyOf } from "./reference-rules.js";

export type { Page } from "./key-reads.js";
export type { ColumnSet } from "./column-sets.js";
export type { KeysetArgs, KeysetPage, ListArgs, Patch } from "./store-args.js";
export { isReferencePath, referenceGone } from "./reference-rules.js";

type Row = Record<string, unknown>;

const CURSOR_HINT = "; read further by cursor: on REST the `cursor` parameter of the Link `next` URL, on GraphQL the connection's `after`";

/**
 * What every service does with its table, derived from the resource's description: reads by id,
 * by foreign key (one page per parent), lists and counts; creates, merge patches and deletes
 * under the resource's write rules (WriteRules). Writes take the caller's transaction (`Sql`), so a service makes them
 * part of its unit of work. Every statement is prepared; reads select every column or only those
 * of the attributes asked for (`columnSets`). A partitioned table (`storage.partition`) is read and
 * written in the deployment's part only, by every statement here: another part's row is not found.
 */
export class ResourceStore<T extends { id: string }> {
  /** The TMF type, also the `@type` written on create. */
  readonly typeName: string;
  readonly storage: Storage;
  /** The resource's REST description: where its hrefs point, which hub hears of it (absent for a part). */
  readonly rest?: RestResource;
  readonly mandatory: readonly string[];
  private readonly rules: WriteRules;
  /** A database row as the resource's GraphQL object. */
  readonly toResource: (row: Row) => T;
  /** The columns statements select or return, quoted and named (see selectList). */
  protected readonly columns: string;
  /** What a read selects: every attribute by default, or those a selection needs. */
  readonly columnSets: ColumnSets<T>;
  private readonly statements: TableStatements;
  private readonly reads: KeyReads;
  /** Signs and checks this resource's list cursors. */
  readonly cursors: CursorCodec;
  /** The columns its navigations page by (see countInIndexOrder). */
  private navigated?: ReadonlySet<string>;
  /** The deployment's part of a partitioned table (`db.deployment`'s). */
  readonly partition?: PartitionOf;
  /** ` AND <the partition's condition>`, or nothing: what every read's WHERE ends with. */
  private readonly inPartition: string;

  constructor(
    private readonly db: Db,
    readonly description: ResourceDescription<T> | PartDescription<T>,
  ) {
    this.typeName = description.name;
    this.storage = { ...description.storage, attributes: attributesOf(description.type), foreignKeys: foreignKeysOf(description) };
    this.rest = "api" in description ? restOf(description as ResourceDescription) : undefined;
    this.rules = new WriteRules(description, this.storage);
    this.mandatory = this.rules.mandatory;
    // Named columns, not `*`: a prepared `SELECT *` fails on every open connection once a rolling
    // deploy's migration adds a column ("cached plan must not change result type").
    this.columnSets = new ColumnSets<T>(this.storage);
    const columns = this.columnSets.all.select;
    this.columns = columns;
    this.toResource = this.columnSets.all.read;
    const jsonColumns = columnsOf(this.storage)
      .filter((a) => a.list || a.kind === "ref" || a.kind === "object" || a.kind === "json")
      .map((a) => (this.storage.foreignKeys[a.name] ? refColumn(a.name) : a.name));
    this.partition = partitionOf(this.storage, db.deployment);
    this.inPartition = andPartition(this.partition);
    this.statements = new TableStatements(this.storage.table, columns, new Set(jsonColumns), this.partition);
    this.reads = new KeyReads(db.sql, this.storage, this.partition);
    this.cursors = new CursorCodec(db.lists.cursorSecret);
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

  /**
   * A page of the resources matching the filter, in sort order: one prepared statement, its text
   * decided by the filter's shape (which conditions, which sort) and the columns read, its values
   * all parameters.
   */
  async list(args: ListArgs, columns: ColumnSet<T> = this.columnSets.all, sql: Sql = this.db.sql, trace?: TraceParent): Promise<T[]> {
    this.checkOffset(args.offset, CURSOR_HINT);
    const where = sqlWhere(args.filter, this.storage, 3);
    const text = `SELECT ${columns.select} FROM "${this.storage.table}" WHERE ${where.text}${this.inPartition} ORDER BY ${sqlOrderBy(args.sort, this.storage)} OFFSET $1 LIMIT $2`;
    const rows = await sql.query(text, [args.offset, args.limit, ...where.values], trace && { parent: trace }).catch(tooExpensive(this.db.statementTimeoutMs));
    return rows.map(columns.read);
  }

  /** The sort keys of a list: what its cursors hold. */
  sortKeys(sort: ListArgs["sort"]): SortKey[] {
    return sortKeys(sort, this.storage);
  }

  /**
   * A page of a list by position: `limit` rows after `from` (before it, `backward`), in sort order,
   * one more read to tell whether others follow. Its cost is the page's whatever its depth (an
   * index on the sort keys ranges from the position).
   */
  async page(args: KeysetArgs, columns: ColumnSet<T> = this.columnSets.all, sql: Sql = this.db.sql, trace?: TraceParent): Promise<KeysetPage<T>> {
    this.checkOffset(args.offset, CURSOR_HINT);
    const keys = sortKeys(args.sort, this.storage);
    const where = sqlWhere(args.filter, this.storage, 3);
    const values = [...where.values, ...(args.parent ? [args.parent.id] : [])];
    const parent = `${args.parent ? ` AND "${args.parent.column}" = $${2 + values.length}::uuid` : ""}${this.inPartition}`;
    const from = args.from && afterKeys(keys, args.from, Boolean(args.backward), 3 + values.length);
    const params = [args.offset, args.limit + 1, ...values, ...(from?.values ?? [])];
    // The list's count, when asked, rides in the page's statement (an InitPlan run once): one round trip.
    const total = args.count ? `, (${this.countText(args.filter, `${where.text}${parent}`, params.push(this.db.lists.countMax + 1))}) AS "__total"` : "";
    const text = `SELECT ${columns.select}, ${keyColumns(keys)}${total} FROM "${this.storage.table}" WHERE ${where.text}${parent}${from ? ` AND ${from.text}` : ""}
      ORDER BY ${orderBy(keys, args.backward)} OFFSET $1 LIMIT $2`;
    const found = await sql.query(text, params, trace && { parent: trace }).catch(tooExpensive(this.db.statementTimeoutMs));
    const more = found.length > args.limit;
    const rows = found.slice(0, args.limit);
    if (args.backward) rows.reverse();
    const page: KeysetPage<T> = { rows: rows.map(columns.read), keyOf: (i) => keyValuesOf(rows[i]!, keys), more };
    // An empty page of a list read from its start: nothing matches. Deeper, the statement returned no row to carry the count.
    if (args.count) page.total = found.length ? (found[0]!.__total as number) : args.offset === 0 && !args.from ? 0 : undefined;
    return page;
  }

  /**
   * The number of resources matching the filter, counted up to LIST_COUNT_MAX + 1 and no further:
   * its cost is bounded whatever the collection's size. A result above `countMax` says "more than
   * countMax", never how many more.
   */
  async count(filter: ListArgs["filter"], sql: Sql = this.db.sql, parent?: KeysetArgs["parent"], trace?: TraceParent): Promise<number> {
    const where = sqlWhere(filter, this.storage, 2);
    const values = [this.db.lists.countMax + 1, ...where.values, ...(parent ? [parent.id] : [])];
    const ofParent = `${parent ? ` AND "${parent.column}" = $${values.length}::uuid` : ""}${this.inPartition}`;
    const count = this.countText(filter, `${where.text}${ofParent}`, 1);
    const [row] = await sql.query<{ n: number }>(count, values, trace && { parent: trace }).catch(tooExpensive(this.db.statementTimeoutMs));
    return row!.n;
  }

  /** The statement counting the rows of `condition` (`filter`'s, in SQL), up to the parameter `$limit`. */
  private countText(filter: ListArgs["filter"], condition: string, limit: number): string {
    this.navigated ??= new Set(
      relationsOf(this.description)
        .filter((r) => r.inverse)
        .map((r) => r.column),
    );
    const order = countInIndexOrder(filter, this.storage, this.navigated) ? ` ORDER BY "createdAt", "id"` : "";
    return `SELECT count(*)::int AS n FROM (SELECT 1 FROM "${this.storage.table}" WHERE ${condition}${order} LIMIT $${limit}) AS matching`;
  }

  /** An offset past LIST_MAX_OFFSET is a 400: skipping rows costs as many rows as it skips. */
  private checkOffset(offset: number, hint = ""): void {
    const max = this.db.lists.maxOffset;
    if (offset > max) throw badInput(`offset must be at most ${max}, got ${offset}${hint}`);
  }

  /** Rows whose `column` (a uuid: id or foreign key) is one of `values`: one statement per batch. */
  async findWhereIn(column: string, values: readonly string[], sql?: Sql, columns: ColumnSet<T> = this.columnSets.all, trace?: TraceParent): Promise<T[]> {
    const valid = values.filter((v) => UUID.test(v));
    return valid.length ? (await this.reads.whereIn(column, valid, columns.select, sql, trace)).map(columns.read) : [];
  }

  /**
   * One page per parent of a relation: the rows `offset + 1` to `offset + limit`, in relation
   * order, of each parent whose `column` (a foreign key) is one of `values` — one statement for all
   * the parents, the page applied in SQL, so a long relation is never read whole.
   */
  async findPageWhereIn(
    column: string,
    values: readonly string[],
    page: Page,
    sql?: Sql,
    columns: ColumnSet<T> = this.columnSets.all,
    trace?: TraceParent,
  ): Promise<T[]> {
    const valid = values.filter((v) => UUID.test(v));
    this.checkOffset(page.offset);
    if (!valid.length || page.limit <= 0) return [];
    return (await this.reads.pageWhereIn(column, valid, page, columns, sql, trace)).map(columns.read);
  }

  /** The number of rows per value of `column` (a uuid foreign key) among `values`: one grouped count. */
  async countWhereIn(column: string, values: readonly string[], sql: Sql = this.db.sql, trace?: TraceParent): Promise<Map<string, number>> {
    const valid = [...new Set(values.filter((v) => UUID.test(v)))];
    if (!valid.length) return new Map();
    const rows = await sql.query<{ key: string; n: number }>(
      `SELECT "${column}"::text AS key, count(*)::int AS n FROM "${this.storage.table}" WHERE "${column}" = ANY($1::uuid[])${this.inPartition} GROUP BY "${column}"`,
      [valid],
      trace && { parent: trace },
    );
    return new Map(rows.map((row) => [row.key, row.n]));
  }

  /** The value of `column` (a foreign key or internal column) in a resource: how relation rows group by parent. */
  keyOf(column: string): (resource: T) => string | null | undefined {
    return relationKeyOf(this.description, this.storage, column);
  }

  /** Creates a resource from its input attributes plus service-owned columns (`extra`), in `tx`. */
  async insert(tx: Sql, input: object, extra: Row = {}): Promise<T> {
    const { text, values } = this.insertion(this.newRow(input, extra));
    const inserted = await tx.query(text, values).catch(referenceGone);
    return this.toResource(inserted[0]!);
  }

  /** The row a create writes: its input attributes (under the attribute rules) plus service-owned columns. */
  newRow(input: object, extra: Row = {}, mandatory: readonly string[] = this.mandatory): Row {
    this.rules.checkCreate(input, mandatory);
    return this.completeRow({ atType: this.typeName, ...toData(input as Row, this.storage), ...extra });
  }

  /** The columns that hold `attributes` (GraphQL shape), as a write sets them. */
  dataOf(attributes: object): Row {
    return toData(attributes as Row, this.storage);
  }

  /** `data` with the columns every insert sets (a new id, and the update stamp), its values as the table will hold them. */
  completeRow(data: Row): Row {
    return { id: randomUUID(), ...(this.storage.updatedAt && { [this.storage.updatedAt]: new Date() }), ...asStored(data, this.storage) };
  }

  /** INSERT … RETURNING of one complete row, for a caller that sends it with others. */
  insertion(row: Row): Statement {
    return this.statements.insert(row);
  }

  /**
   * UPDATE … RETURNING of attributes the service decides (a task's state…) and of service-owned
   * `columns` of the row `id`, with its update stamp (now, unless `columns` give it: the one the caller's event shows),
   * for a caller that sends it with others.
   */
  updating(id: string, attributes: object, columns: Row = {}): Statement {
    const stamp = this.storage.updatedAt && { [this.storage.updatedAt]: new Date() };
    return this.statements.update(id, { ...stamp, ...toData(attributes as Row, this.storage), ...columns });
  }

  /** The resource a complete row will be once written (for an event written with it). */
  written(row: Row): T {
    return this.toResource(Object.fromEntries(Object.entries(row).map(([column, value]) => [column, isNull(value) ? null : value])));
  }

  /** Locks the resource's row in `tx` until it ends, when it exists: its other writers wait. */
  async lock(tx: Sql, id: string): Promise<void> {
    if (!UUID.test(id)) return;
    const { text, values } = this.statements.lock(id);
    await tx.query(text, values);
  }

  /**
   * Applies a JSON merge patch to the resource's attributes in `tx`, under the same rules as a
   * create (a patch made from the current resource, read after its row is locked: a JSON Patch). `extra` sees the patched resource and returns service-owned columns to write with it
   * (e.g. a foreign key derived from an attribute).
   */
  async patch(tx: Sql, id: string, patch: Patch<T>, extra?: (next: T) => Promise<Row> | Row): Promise<{ before: T; after: T }> {
    const current = (await this.getById(id, tx)) as Row;
    const changes: Row = {};
    for (const [key, value] of Object.entries(typeof patch === "function" ? patch(current as T) : patch)) {
      if (value !== undefined) setOwn(changes, key, mergePatch(current[key], value));
    }
    const next = { ...current, ...changes } as T;
    this.rules.checkPatch(changes, next);
    const stamp = this.storage.updatedAt ? { [this.storage.updatedAt]: new Date() } : {};
    const { text, values } = this.statements.update(id, { ...toData(changes, this.storage), ...(extra ? await extra(next) : {}), ...stamp });
    const [updated] = await tx.query(text, values).catch(referenceGone);
    return { before: current as T, after: this.toResource(updated!) };
  }

  /** Deletes the resource in `tx`; a resource other rows still refer to is a 409. */
  async remove(tx: Sql, id: string): Promise<T> {
    const current = await this.getById(id, tx);
    const { text, values } = this.statements.delete(id);
    try {
      await tx.query(text, values);
      return current;
    } catch (err) {
      if (isForeignKeyViolation(err)) {
        throw new AppError("CONFLICT", `${this.typeName} ${id} is still referenced by other resources`, "Resource in use");
      }
      throw err;
    }
  }
}
