import pg from "pg";
import { badInput } from "../errors.js";

/** PostgreSQL SQLSTATE of an error raised by pg, or by Prisma through the driver adapter or the client. */
export function sqlState(err: unknown): string | undefined {
  if (err instanceof pg.DatabaseError) return err.code;
  const cause = (err as { cause?: { originalCode?: string; code?: string } })?.cause;
  return cause?.originalCode ?? cause?.code;
}

/** A foreign key stopped the write: a reference to a missing row, or a delete of a referenced one. */
export function isForeignKeyViolation(err: unknown): boolean {
  const state = sqlState(err);
  return state === "23503" || state === "23001" || (err as { code?: string })?.code === "P2003";
}

/**
 * A value PostgreSQL refused as data (SQLSTATE class 22: a NUL character, a number out of range…)
 * is the client's bad input, not a server fault: it becomes a 400 with PostgreSQL's own wording,
 * which names the problem and never the schema.
 */
export function asInputError(err: unknown): unknown {
  const state = sqlState(err);
  // 54000: a value too large for an index entry, should a limit of input-rules.ts not have caught it
  // (PostgreSQL's message would name the index).
  if (state === "54000") return badInput("A value was refused: it is too large to be stored");
  if (!state?.startsWith("22")) return err;
  const cause = (err as { cause?: { originalMessage?: string } }).cause;
  return badInput(`A value was refused: ${cause?.originalMessage ?? (err as Error).message}`);
}

/** Rethrows `err`, as bad input when it is one (see asInputError). */
export function rethrowAsInputError(err: unknown): never {
  throw asInputError(err);
}
