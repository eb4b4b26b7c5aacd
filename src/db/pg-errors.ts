import pg from "pg";

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
