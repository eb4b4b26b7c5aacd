import type pg from "pg";
import { Transaction } from "./sql.js";

/** The advisory lock keys of the gateway's database, in one list so that no two uses collide. */
export const ADVISORY_LOCKS = {
  /** With hashtext(owner): serialises the hub registrations of one owner. */
  hubOwner: 7_262_900,
  /** One migrator at a time per database. */
  migration: 7_262_900_001,
  /** One dispatcher at a time turns new events into deliveries. */
  fanOut: 7_262_900_002,
  /** One demo-data seeder at a time per database. */
  demoData: 7_262_900_003,
  /**
   * With hashtext(securityFunction): one party role created at a time per security function (the
   * store's partition), so that its number stays within PARTY_ROLES_MAX; the functions of other ODA
   * components never wait for it.
   */
  partyRoles: 7_262_901,
  /**
   * The one party-role lock of gateways before the per-function one (they take it alone,
   * exclusively). A create takes it too, shared: during a rolling upgrade an old instance's creates
   * and a new one's still take turns, and new instances never wait for each other on it.
   */
  partyRolesBeforePerFunction: 7_262_900_004,
} as const;

export interface TransactionOptions {
  /** The statement that opens it (with its `SET LOCAL`s). */
  begin?: string;
  /** Named prepared statements (DATABASE_PREPARED_STATEMENTS). */
  prepared?: boolean;
}

/**
 * The one unit of work: runs `work` in a transaction on `client`, committed when `work` returns
 * (unless it ended the transaction itself: `Transaction.commitWith`, `rollback`), rolled back when
 * it throws. `onBroken` hears of a rollback that failed (the connection is then unusable). `work`
 * gets the connection too, for statements that are not a request's (no span, pg's own types).
 */
export async function transactionOn<T>(
  client: pg.ClientBase,
  work: (tx: Transaction, client: pg.ClientBase) => Promise<T>,
  { begin = "BEGIN", prepared = true, onBroken }: TransactionOptions & { onBroken?: (err: Error) => void } = {},
): Promise<T> {
  const tx = new Transaction(client, prepared);
  try {
    await client.query(begin);
    const result = await work(tx, client);
    if (!tx.finished) await tx.commit();
    return result;
  } catch (err) {
    if (!tx.finished) await tx.rollback().catch((rollbackError: Error) => onBroken?.(rollbackError));
    throw err;
  }
}

/** `transactionOn` a connection of `pool`, released afterwards (destroyed when its rollback failed). */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (tx: Transaction, client: pg.ClientBase) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await transactionOn(client, work, {
      ...options,
      onBroken: (err) => (broken = err),
    });
  } finally {
    client.release(broken);
  }
}
