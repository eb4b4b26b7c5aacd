import type { TestServer } from "./server.js";

/** Tables a test may count rows of (the name goes into the SQL text, so only these). */
export type Table =
  | "customer"
  | "billing_account"
  | "customer_bill"
  | "payment"
  | "payment_item"
  | "refund"
  | "authorize_payment"
  | "event"
  | "delivery"
  | "hub";
const TABLES: readonly Table[] = [
  "customer",
  "billing_account",
  "customer_bill",
  "payment",
  "payment_item",
  "refund",
  "authorize_payment",
  "event",
  "delivery",
  "hub",
];

/**
 * The number of rows in `table` (optionally `WHERE where`, with `params`), read from PostgreSQL
 * directly: a "nothing was written" check must not rest on the service's own count.
 */
export async function countRows(server: Pick<TestServer, "db">, table: Table, where?: string, params: unknown[] = []): Promise<number> {
  if (!TABLES.includes(table)) throw new Error(`countRows: unknown table ${table}`);
  const { rows } = await server.db.pool.query(`SELECT count(*)::int AS n FROM ${table}${where ? ` WHERE ${where}` : ""}`, params);
  return (rows[0] as { n: number }).n;
}
