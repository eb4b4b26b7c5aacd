import DataLoader from "dataloader";
import type { Page, ResourceStore } from "../resource/resource-store.js";

type AnyStore = ResourceStore<{ id: string }>;

/**
 * The DataLoaders of one request, created lazily per store (and foreign key): never shared between
 * requests. Rows loaded through any loader are primed into the by-id loader of their store, so a
 * relation to something already loaded costs no statement.
 */
export class Loaders {
  private readonly single = new Map<AnyStore, DataLoader<string, { id: string } | null>>();
  private readonly many = new Map<string, DataLoader<string, { id: string }[]>>();

  byId<T extends { id: string }>(store: ResourceStore<T>): DataLoader<string, T | null> {
    let loader = this.single.get(store as unknown as AnyStore);
    if (!loader) {
      loader = new DataLoader(async (ids: readonly string[]) => {
        const rows = await (store as unknown as AnyStore).findWhereIn("id", ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      });
      this.single.set(store as unknown as AnyStore, loader);
    }
    return loader as unknown as DataLoader<string, T | null>;
  }

  /**
   * Rows of `store` whose `column` (a uuid foreign key) equals each key, grouped per key; with a
   * `page`, that page of each key's rows (applied in SQL). One loader — one statement per batch —
   * per store, column and page.
   */
  manyBy<T extends { id: string }>(store: ResourceStore<T>, column: string, keyOf: (row: T) => string | null | undefined, page?: Page) {
    const name = page ? `${store.typeName}.${column} ${page.offset} ${page.limit}` : `${store.typeName}.${column}`;
    let loader = this.many.get(name);
    if (!loader) {
      loader = new DataLoader(async (keys: readonly string[]) => {
        const rows = page ? await store.findPageWhereIn(column, keys, page) : await store.findWhereIn(column, keys);
        const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
        for (const row of rows) groups.get(keyOf(row) ?? "")?.push(row);
        this.prime(store, rows);
        return keys.map((key) => groups.get(key) ?? []);
      });
      this.many.set(name, loader as unknown as DataLoader<string, { id: string }[]>);
    }
    return loader as unknown as DataLoader<string, T[]>;
  }

  prime<T extends { id: string }>(store: ResourceStore<T>, rows: T[]): void {
    const loader = this.byId(store);
    for (const row of rows) loader.prime(row.id, row);
  }
}
