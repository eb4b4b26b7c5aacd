import type { Statement } from "../db/sql.js";
import { Decimal } from "../db/decimal.js";
import { Prisma } from "../generated/prisma/client.js";
import { andPartition, type PartitionOf } from "./storage.js";

type Row = Record<string, unknown>;

export const isNull = (value: unknown) => value === null || value === undefined || value === Prisma.DbNull || value === Prisma.JsonNull;
const jsonValue = (value: unknown) => (isNull(value) ? null : JSON.stringify(value));
const sqlValue = (value: unknown) => (isNull(value) ? null : Decimal.isDecimal(value) ? value.toString() : value);

/**
 * The write statements of one table, from its column lists. PostgreSQL types the parameters from
 * the target columns; JSON goes as text, decimals as exact text. Table and column names come from
 * code only; values always travel as parameters. With a partition, a row is written in the
 * deployment's part, and a statement by id sees only the rows of it.
 */
export class TableStatements {
  constructor(
    private readonly table: string,
    /** The columns statements return, quoted (storage.ts `selectList`). */
    private readonly returning: string,
    private readonly jsonColumns: ReadonlySet<string>,
    private readonly partition?: PartitionOf,
  ) {
    this.byId = `id = $1::uuid${andPartition(partition)}`;
  }

  /** The condition of a statement by id: `$1`, in the deployment's partition. */
  private readonly byId: string;

  private value(column: string, value: unknown): unknown {
    return this.jsonColumns.has(column) ? jsonValue(value) : sqlValue(value);
  }

  /** INSERT … RETURNING of one complete row. */
  insert(given: Row): Statement {
    const row = this.partition ? { ...given, [this.partition.column]: this.partition.value } : given;
    const columns = Object.keys(row);
    return {
      text: `INSERT INTO "${this.table}" (${columns.map((c) => `"${c}"`).join(", ")})
        VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING ${this.returning}`,
      values: columns.map((c) => this.value(c, row[c])),
    };
  }

  /** UPDATE … RETURNING of the given columns of the row `id`. */
  update(id: string, changes: Row): Statement {
    const columns = Object.keys(changes);
    if (!columns.length) return { text: `SELECT ${this.returning} FROM "${this.table}" WHERE ${this.byId}`, values: [id] };
    return {
      text: `UPDATE "${this.table}" SET ${columns.map((c, i) => `"${c}" = $${i + 2}`).join(", ")} WHERE ${this.byId} RETURNING ${this.returning}`,
      values: [id, ...columns.map((c) => this.value(c, changes[c]))],
    };
  }

  delete(id: string): Statement {
    return { text: `DELETE FROM "${this.table}" WHERE ${this.byId}`, values: [id] };
  }

  /** Locks the row `id` until the end of the transaction (a writer of it waits). */
  lock(id: string): Statement {
    return { text: `SELECT 1 FROM "${this.table}" WHERE ${this.byId} FOR UPDATE`, values: [id] };
  }
}
