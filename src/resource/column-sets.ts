import { rowReader } from "./row-mapping.js";
import { columnsOf, readsAttribute, selectList, selectNames, type Storage } from "./storage.js";

type Row = Record<string, unknown>;

/** What one read of a table selects, and how its rows become objects (with only those attributes). */
export interface ColumnSet<T> {
  /** Names the set among the table's sets: "" for every attribute. */
  readonly key: string;
  /** The columns, quoted, as a statement selects or returns them. */
  readonly select: string;
  /** The names of those columns in a statement's output, as columns of a subquery named "page". */
  readonly names: string;
  readonly read: (row: Row) => T;
}

/** Sets kept per table beyond the full one: the selections are the clients' choice. */
const MAX_SETS = 128;

/**
 * The column sets of a table: every attribute (what writes return, what events project), or only
 * the attributes a read selects — fewer columns parsed, fewer objects made, the bulk of a nested
 * read's cost; those read dates and amounts as their output text (storage.ts `selectList`). Sets
 * are made once per distinct selection, the most recent `MAX_SETS` kept.
 */
export class ColumnSets<T> {
  readonly all: ColumnSet<T>;
  private readonly sets = new Map<string, ColumnSet<T>>();
  /** The attributes that have columns, which a set may leave out (of a foreign-key reference: all but its id). */
  private readonly optional: string[];

  constructor(private readonly storage: Storage) {
    this.all = { key: "", select: selectList(storage), names: selectNames(storage, undefined, "page"), read: rowReader<T>(storage) };
    this.optional = columnsOf(storage)
      .map((a) => a.name)
      .filter((name) => name !== "id" && (readsAttribute(storage, name, new Set()) === false || name in storage.foreignKeys));
  }

  /** The set that reads `attributes` (names that are not stored attributes are ignored); null: all. */
  of(attributes: Iterable<string> | null): ColumnSet<T> {
    if (!attributes) return this.all;
    const wanted = new Set(attributes);
    const kept = this.optional.filter((name) => wanted.has(name));
    if (kept.length === this.optional.length) return this.all;
    const key = kept.join(",") || "id";
    let set = this.sets.get(key);
    if (!set) {
      const only = new Set(kept);
      set = { key, select: selectList(this.storage, only, true), names: selectNames(this.storage, only, "page"), read: rowReader<T>(this.storage, only, true) };
      if (this.sets.size >= MAX_SETS) this.sets.delete(this.sets.keys().next().value!);
      this.sets.set(key, set);
    } else {
      // Most recently used last, so eviction drops the least recent.
      this.sets.delete(key);
      this.sets.set(key, set);
    }
    return set;
  }
}
