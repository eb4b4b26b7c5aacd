import DataLoader from "dataloader";
import type { Sql } from "../db/sql.js";
import type { TraceParent } from "../telemetry/tracing.js";
import type { ColumnSet, Page, ResourceStore } from "../resource/resource-store.js";

type AnyStore = ResourceStore<{ id: string }>;
type Resource = { id: string };

/**
 * The DataLoaders of one request, created lazily per store, set of columns read (and foreign key):
 * never shared between requests. Rows loaded through any loader are kept for later reads of their
 * id with the same columns, and whole rows (every column: a write's, an event's) serve every read, so a relation to something already loaded costs no statement. `sql`: the
 * transaction to read in (an event's projection reads in the transaction that writes it); by
 * default reads are coalesced across requests.
 */
export class Loaders {
  private readonly single = new Map<AnyStore, Map<string, DataLoader<string, Resource | null>>>();
  private readonly many = new Map<string, DataLoader<string, Resource[]>>();
  private lastRelation?: { store: object; column: string; columns: object; offset?: number; limit?: number; loader: DataLoader<string, Resource[]> };
  private readonly counts = new Map<string, DataLoader<string, number>>();
  private readonly computed = new Map<string, DataLoader<string, unknown>>();
  /** Rows already read, per store and set of columns ("" for whole rows, which serve every set). */
  private readonly read = new Map<AnyStore, Map<string, Map<string, Resource>>>();

  constructor(
    private readonly sql?: Sql,
    /** The trace of the operation the loaders read for (its statements' spans are its children). */
    private readonly trace: () => TraceParent | undefined = () => undefined,
  ) {}

  byId<T extends Resource>(store: ResourceStore<T>, columns: ColumnSet<T> = store.columnSets.all): DataLoader<string, T | null> {
    const s = store as unknown as AnyStore;
    let loaders = this.single.get(s);
    if (!loaders) this.single.set(s, (loaders = new Map()));
    let loader = loaders.get(columns.key);
    if (!loader) {
      loader = new DataLoader(async (ids: readonly string[]) => {
        const rows = await store.findWhereIn("id", ids, this.sql, columns, this.trace());
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      loaders.set(columns.key, loader);
    }
    return loader as unknown as DataLoader<string, T | null>;
  }

  /** The resource `id` of `store` (with `columns`), or null when there is no id. */
  one<T extends Resource>(store: ResourceStore<T>, id: string | null | undefined, columns?: ColumnSet<T>): Promise<T | null> {
    if (!id) return Promise.resolve(null);
    const read = this.read.get(store as unknown as AnyStore);
    const known = read?.get("")?.get(id) ?? (columns ? read?.get(columns.key)?.get(id) : undefined);
    return known ? Promise.resolve(known as T) : this.byId(store, columns).load(id);
  }

  /**
   * The rows of `store` whose `column` (a uuid foreign key) is `key`; with a `page`, that page of
   * them (applied in SQL). One loader — one statement per batch — per store, column, page and columns.
   */
  relation<T extends Resource>(store: ResourceStore<T>, column: string, key: string, page?: Page, columns: ColumnSet<T> = store.columnSets.all): Promise<T[]> {
    // A navigation asks once per parent row, the same loader each time: found without naming it.
    const last = this.lastRelation;
    if (last && last.store === store && last.column === column && last.columns === columns && last.offset === page?.offset && last.limit === page?.limit) {
      return (last.loader as unknown as DataLoader<string, T[]>).load(key);
    }
    const name = `${store.typeName}.${column} ${page ? `${page.offset} ${page.limit}` : ""} ${columns.key}`;
    let loader = this.many.get(name);
    if (!loader) {
      const keyOf = store.keyOf(column);
      loader = new DataLoader(async (keys: readonly string[]) => {
        const rows = page
          ? await store.findPageWhereIn(column, keys, page, this.sql, columns, this.trace())
          : await store.findWhereIn(column, keys, this.sql, columns, this.trace());
        const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
        for (const row of rows) groups.get(keyOf(row) ?? "")?.push(row);
        this.prime(store, rows, columns);
        return keys.map((k) => groups.get(k) ?? []);
      }) as unknown as DataLoader<string, Resource[]>;
      this.many.set(name, loader);
    }
    this.lastRelation = { store, column, columns, offset: page?.offset, limit: page?.limit, loader };
    return (loader as unknown as DataLoader<string, T[]>).load(key);
  }

  /** The number of rows of `store` whose `column` (a uuid foreign key) is `key`: one statement per batch. */
  count(store: ResourceStore<Resource>, column: string, key: string): Promise<number> {
    const name = `${store.typeName}.${column} count`;
    let loader = this.counts.get(name);
    if (!loader) {
      loader = new DataLoader(async (keys: readonly string[]) => {
        const counts = await store.countWhereIn(column, keys, this.sql, this.trace());
        return keys.map((k) => counts.get(k) ?? 0);
      });
      this.counts.set(name, loader);
    }
    return loader.load(key);
  }

  /** A value computed per key by a service (`load` answers the keys in their order): one call per batch. */
  computedBy<V>(name: string, load: (keys: readonly string[]) => Promise<V[]>, key: string): Promise<V> {
    let loader = this.computed.get(name);
    if (!loader) this.computed.set(name, (loader = new DataLoader(load)));
    return (loader as DataLoader<string, V>).load(key);
  }

  /** Rows read with `columns` (default: whole rows), for later reads of their ids (a map, not a promise per row). */
  prime<T extends Resource>(store: ResourceStore<T>, rows: T[], columns: ColumnSet<T> = store.columnSets.all): void {
    const s = store as unknown as AnyStore;
    let read = this.read.get(s);
    if (!read) this.read.set(s, (read = new Map()));
    let known = read.get(columns.key);
    if (!known) read.set(columns.key, (known = new Map()));
    for (const row of rows) known.set(row.id, row);
  }
}
