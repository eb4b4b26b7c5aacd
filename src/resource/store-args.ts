import type { KeyValues } from "./keyset.js";

// The arguments and results of a ResourceStore's reads and patches.

/** A JSON merge patch (GraphQL names), or how to make one from the resource as it is (read in the patch's transaction). */
export type Patch<T> = object | ((current: T) => object);

/** A keyset page: `limit` rows after (or, `backward`, before) the position `from`, `offset` rows further. */
export interface KeysetArgs {
  filter?: Record<string, unknown> | null;
  sort?: { field: string; order: string }[] | null;
  limit: number;
  offset: number;
  from?: KeyValues | null;
  backward?: boolean;
  /** Only the rows of one parent of a relation: those whose `column` (a uuid foreign key) is `id`. */
  parent?: { column: string; id: string } | null;
  /** Count the list too (not the page: `filter` and `parent`), up to LIST_COUNT_MAX + 1, in the page's statement. */
  count?: boolean;
}

/** A keyset page's rows in list order, each row's key values (its cursor's content), and whether more lie beyond it. */
export interface KeysetPage<T> {
  rows: T[];
  /** The sort key values of row `i` (what its cursor holds), read from the row only when asked: a page reads one or two. */
  keyOf: (i: number) => KeyValues;
  more: boolean;
  /** The list's count when `count` was asked and the page's statement could carry it (a page with rows, or a first page). */
  total?: number;
}

export interface ListArgs {
  filter?: Record<string, unknown> | null;
  offset: number;
  limit: number;
  sort?: { field: string; order: string }[] | null;
}
