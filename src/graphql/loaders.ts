import DataLoader from "dataloader";
import type { Sql } from "../db/sql.js";
import type { Page, ResourceStore } from "../resource/resource-store.js";

type AnyStore = ResourceStore<{ id: string }>;

/**
 * The DataLoaders of one request, created lazily per store (and foreign key): never shared between
 * requests. Rows loaded through any loader are primed into the by-id loader of their store, so a
 * relation to something already loaded costs no statement. `sql`: the transaction to read in (an
 * event's projection reads in the transaction that writes it); by default reads are coalesced
 * across requests.
 */
export class Loaders {
  private readonly single = new Map<AnyStore, DataLoader<string, { id: string } | null>>();
  private readonly many = new Map<string, DataLoader<string, { id: string }[]>>();

  constructor(private readonly sql?: Sql) {}

  byId<T extends { id: string }>(store: ResourceStore<T>): DataLoader<string, T | null> {
    let loader = this.single.get(store as unknown as AnyStore);
    if (!loader) {
      loader = new DataLoader(async (ids: readonly string[]) => {
        const rows = await (store as unknown as AnyStore).findWhereIn("id", ids, this.sql);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      this.single.set(store as unknown as AnyStore, loader);
    }
    return loader as unknown as DataLoader<string, T | null>;
  }

  /** The resource `id` of `store`, or null when there is no id. */
  one<T extends { id: string }>(store: ResourceStore<T>, id: string | null | undefined): Promise<T | null> {
    return id ? this.byId(store).load(id) : Promise.resolve(null);
  }

  /**
   * The rows of `store` whose `column` (a uuid foreign key) is `key`; with a `page`, that page of
   * them (applied in SQL). One loader — one statement per batch — per store, column and page.
   */
  relation<T extends { id: string }>(store: ResourceStore<T>, column: string, key: string, page?: Page): Promise<T[]> {
    const name = page ? `${store.typeName}.${column} ${page.offset} ${page.limit}` : `${store.typeName}.${column}`;
    let loader = this.many.get(name);
    if (!loader) {
      const keyOf = store.keyOf(column);
      loader = new DataLoader(async (keys: readonly string[]) => {
        const rows = page ? await store.findPageWhereIn(column, keys, page, this.sql) : await store.findWhereIn(column, keys, this.sql);
        const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
        for (const row of rows) groups.get(keyOf(row) ?? "")?.push(row);
        this.prime(store, rows);
        return keys.map((k) => groups.get(k) ?? []);
      }) as unknown as DataLoader<string, { id: string }[]>;
      this.many.set(name, loader);
    }
    return (loader as unknown as DataLoader<string, T[]>).load(key);
  }

  prime<T extends { id: string }>(store: ResourceStore<T>, rows: T[]): void {
    const loader = this.byId(store);
    for (const row of rows) loader.prime(row.id, row);
  }
}
