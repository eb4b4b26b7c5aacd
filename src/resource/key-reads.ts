import type { PoolSql, Row, Sql, StatementTrace } from "../db/sql.js";
import { andPartition, type PartitionOf, type Storage } from "./storage.js";
import { linkTo, recorded, type SpanLink, type TraceParent } from "../telemetry/tracing.js";

/** A page of a relation (the rows of one parent): rows `offset + 1` to `offset + limit` in relation order. */
export interface Page {
  offset: number;
  limit: number;
}

/** Coalescing loaders kept per table (and kind: paged or not), the oldest dropped first. */
const MAX_COALESCERS = 128;

/**
 * Reads of one table by a uuid column (id or foreign key) — the hottest reads of the gateway. The
 * keys that requests in flight ask for in one turn of the event loop go to PostgreSQL as one
 * statement (one round trip, one plan) instead of one per request. Nothing is cached here: each
 * request's DataLoaders are the cache, and they never outlive their request. Paged reads coalesce
 * per (column, offset, limit).
 */
export class KeyReads {
  private readonly statements = new Map<string, string>();
  private readonly coalescers = new Map<string, Coalescer>();
  private readonly pageCoalescers = new Map<string, Coalescer>();
  private readonly order: (readonly [string, "asc" | "desc"])[];

  constructor(
    private readonly pool: PoolSql,
    private readonly storage: Storage,
    /** The deployment's rows only, when the table is partitioned. */
    private readonly partition?: PartitionOf,
  ) {
    const relationOrder = (storage.relationOrder ?? [{ createdAt: "asc" }, { id: "asc" }]).flatMap((o) => Object.entries(o));
    // With `id` last the order is total, so consecutive pages neither overlap nor skip.
    this.order = relationOrder.some(([col]) => col === "id") ? relationOrder : [...relationOrder, ["id", "asc"] as const];
  }

  /**
   * The columns `select` of the rows whose `column` is one of `keys` (valid uuids), in relation
   * order; in `sql` when given, else coalesced with the reads of other requests.
   */
  async whereIn(column: string, keys: readonly string[], select: string, sql?: Sql, trace?: TraceParent): Promise<Row[]> {
    if (sql) return sql.query(this.whereInStatement(column, select), [keys], trace && { parent: trace });
    return this.coalescer(column, select).load(keys, trace);
  }

  /** One page per parent of the rows whose `column` is one of `keys`: one statement for all the parents. */
  async pageWhereIn(column: string, keys: readonly string[], page: Page, columns: Columns, sql?: Sql, trace?: TraceParent): Promise<Row[]> {
    if (sql) return sql.query(this.pageStatement(column, columns), [[...new Set(keys)], page.offset, page.limit], trace && { parent: trace });
    return this.coalescer(column, columns, page).load(keys, trace);
  }

  private coalescer(column: string, columns: string | Columns, page?: Page): Coalescer {
    const select = typeof columns === "string" ? columns : columns.select;
    const name = page ? `${column} ${page.offset} ${page.limit} ${select}` : `${column} ${select}`;
    const loaders = page ? this.pageCoalescers : this.coalescers;
    let loader = loaders.get(name);
    if (!loader) {
      const text = typeof columns === "string" ? this.whereInStatement(column, columns) : this.pageStatement(column, columns);
      loader = new Coalescer(column, (keys, trace) => this.pool.query(text, page ? [keys, page.offset, page.limit] : [keys], trace));
      // Pages and selections are the clients' choice: only the most recent ones keep a loader (a
      // pending batch still completes when its loader is dropped).
      if (loaders.size >= MAX_COALESCERS) loaders.delete(loaders.keys().next().value!);
      loaders.set(name, loader);
    }
    return loader;
  }

  private whereInStatement(column: string, select: string): string {
    const name = `${column} ${select}`;
    let text = this.statements.get(name);
    if (!text) {
      const order = this.order.map(([col, dir]) => `"${col}" ${dir.toUpperCase()}`).join(", ");
      // By id, the loader puts rows in key order: only the rows of a relation need an order.
      text = `SELECT ${select} FROM "${this.storage.table}" WHERE "${column}" = ANY($1::uuid[])${andPartition(this.partition)}${column === "id" ? "" : ` ORDER BY ${order}`}`;
      this.remember(name, text);
    }
    return text;
  }

  /**
   * The paged read of `column`: $1 the parents, $2 offset, $3 limit. Per parent (LATERAL), the top
   * offset + limit rows in relation order, then the page; the order columns come along
   * (`_order0…`) for the final sort, which keeps each parent's rows in order, but not into the
   * output: only the selected columns are sent and parsed.
   */
  private pageStatement(column: string, { select, names }: Columns): string {
    const name = `${column} paged ${select}`;
    let text = this.statements.get(name);
    if (!text) {
      const order = this.order;
      text = `SELECT ${names} FROM unnest($1::uuid[]) AS "parent"("key") CROSS JOIN LATERAL (
          SELECT ${select}, ${order.map(([col], i) => `"${col}" AS "_order${i}"`).join(", ")} FROM "${this.storage.table}"
          WHERE "${column}" = "parent"."key"${andPartition(this.partition)} ORDER BY ${order.map(([col, dir]) => `"${col}" ${dir.toUpperCase()}`).join(", ")} OFFSET $2 LIMIT $3
        ) AS "page" ORDER BY ${order.map(([, dir], i) => `"page"."_order${i}" ${dir.toUpperCase()}`).join(", ")}`;
      this.remember(name, text);
    }
    return text;
  }

  private remember(name: string, text: string): void {
    if (this.statements.size >= MAX_COALESCERS * 4) this.statements.delete(this.statements.keys().next().value!);
    this.statements.set(name, text);
  }
}

/** A read's columns: the select list, and the names of its output (ColumnSet). */
interface Columns {
  select: string;
  names: string;
}

/** Keys of one statement at most (larger batches are split, as a DataLoader's `maxBatchSize`). */
const MAX_KEYS = 1_000;

interface Waiting {
  keys: readonly string[];
  resolve: (rows: Row[]) => void;
  reject: (err: unknown) => void;
}

/**
 * The key sets that requests ask for in one turn of the event loop (until `setImmediate`), read
 * together: each distinct key once, then each request gets the rows of its keys, in its keys' order.
 * One promise per request's set of keys, not one per key (a nested read asks for a hundred).
 */
class Coalescer {
  private waiting: Waiting[] = [];
  /** While tracing: the statement's parent (the first recorded request waiting), and a link to each recorded request. */
  private trace: { parent?: TraceParent; links: SpanLink[] } = { links: [] };

  constructor(
    private readonly column: string,
    private readonly read: (keys: string[], trace: StatementTrace | undefined) => Promise<Row[]>,
  ) {}

  load(keys: readonly string[], trace?: TraceParent): Promise<Row[]> {
    if (recorded(trace)) {
      this.trace.parent ??= trace;
      this.trace.links.push(linkTo(trace)!);
    }
    return new Promise((resolve, reject) => {
      if (!this.waiting.length) setImmediate(() => void this.flush());
      this.waiting.push({ keys, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const { waiting, trace } = this;
    this.waiting = [];
    this.trace = { links: [] };
    const unique = [...new Set(waiting.flatMap((w) => w.keys))];
    try {
      const reads: Promise<Row[]>[] = [];
      for (let at = 0; at < unique.length; at += MAX_KEYS) reads.push(this.read(unique.slice(at, at + MAX_KEYS), trace.parent && trace));
      const groups = new Map<string, Row[]>();
      for (const rows of await Promise.all(reads)) {
        for (const row of rows) {
          const key = row[this.column] as string;
          const group = groups.get(key);
          if (group) group.push(row);
          else groups.set(key, [row]);
        }
      }
      for (const { keys, resolve } of waiting) resolve(keys.length === 1 ? (groups.get(keys[0]!) ?? []) : keys.flatMap((key) => groups.get(key) ?? []));
    } catch (err) {
      for (const { reject } of waiting) reject(err);
    }
  }
}
