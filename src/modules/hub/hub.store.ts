import type { Sql } from "../../db/sql.js";
import { ADVISORY_LOCKS } from "../../db/transaction.js";
import type { EventSubscription, HubApi } from "./hub.type.js";

/**
 * The hub registrations' table: its named operations. `partition`: the deployment's partition of
 * the API's resources (null when they have none): a registration is made in it, and one of another
 * partition does not exist here.
 */
export const hubStore = {
  /** Until `tx` ends, no other registration of `owner` proceeds. */
  async lockOwner(tx: Sql, owner: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [ADVISORY_LOCKS.hubOwner, owner]);
  },

  async countOwnedBy(sql: Sql, owner: string): Promise<number> {
    const [held] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM hub WHERE owner = $1`, [owner]);
    return held!.n;
  },

  async insert(tx: Sql, api: HubApi, callback: string, query: string | null, owner: string, partition: string | null): Promise<EventSubscription> {
    const [hub] = await tx.query<EventSubscription>(
      `INSERT INTO hub (id, api, callback, query, owner, partition) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5) RETURNING id, callback, query`,
      [api, callback, query, owner, partition],
    );
    return { id: hub!.id, callback: hub!.callback, query: hub!.query };
  },

  /** The registration `id` of `api` (only when `owner` holds it, unless owner is null). */
  async get(sql: Sql, api: HubApi, id: string, owner: string | null, partition: string | null): Promise<EventSubscription | undefined> {
    const [hub] = await sql.query<EventSubscription>(
      `SELECT id, callback, query FROM hub WHERE id = $1::uuid AND api = $2 AND ($3::text IS NULL OR owner = $3) AND partition IS NOT DISTINCT FROM $4::text`,
      [id, api, owner, partition],
    );
    return hub && { id: hub.id, callback: hub.callback, query: hub.query };
  },

  /** Removes the registration `id` of `api` (only when `owner` holds it, unless owner is null); whether it did. */
  async remove(sql: Sql, api: HubApi, id: string, owner: string | null, partition: string | null): Promise<boolean> {
    const removed = await sql.query(
      `DELETE FROM hub WHERE id = $1::uuid AND api = $2 AND ($3::text IS NULL OR owner = $3) AND partition IS NOT DISTINCT FROM $4::text RETURNING id`,
      [id, api, owner, partition],
    );
    return removed.length > 0;
  },
};
