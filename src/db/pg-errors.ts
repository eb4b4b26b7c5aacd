/** PostgreSQL SQLSTATE of a Prisma error, whether raised through the driver adapter or the client. */
export function sqlState(err: unknown): string | undefined {
  const cause = (err as { cause?: { originalCode?: string; code?: string } })?.cause;
  return cause?.originalCode ?? cause?.code;
}

/** A foreign key stopped the write: a reference to a missing row, or a delete of a referenced one. */
export function isForeignKeyViolation(err: unknown): boolean {
  const state = sqlState(err);
  return state === "23503" || state === "23001" || (err as { code?: string })?.code === "P2003";
}
