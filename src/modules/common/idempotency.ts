import { createHash } from "node:crypto";
import type { Db } from "../../db/database.js";
import type { Sql, Statement, Transaction } from "../../db/sql.js";
import { badInput, unprocessable } from "../../errors.js";
import type { IdempotencyKey } from "../../resource/service.js";

export const IDEMPOTENCY_KEY_DOC =
  "Same key and same input within 48 h: the first result is returned and nothing new is created; same key, other input: UNPROCESSABLE";

/** How long a key is remembered (the guarantee is at least 24 h). */
export const IDEMPOTENCY_TTL_HOURS = 48;

export type { IdempotencyKey } from "../../resource/service.js";

/** The key's scope in the table: the kind of resource and the owner (hashed when long: it is part of the primary key). */
function scopeOf(kind: string, owner: string): string {
  return `${kind}:${owner.length <= 128 ? owner : createHash("sha256").update(owner).digest("hex")}`;
}

/** sha256 of the request with object keys in a stable order: the same body gives the same hash. */
export function requestHash(input: unknown): string {
  return createHash("sha256").update(stableJson(input)).digest("hex");
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(value);
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
}

/**
 * Claims `key` for a create in the caller's transaction. Returns null when the request is new, or the
 * id of what the first request with this key created. A concurrent request with the same key waits on
 * the primary key until the first commits, then reads its result: exactly one resource is created.
 */
export async function claimIdempotencyKey(tx: Sql, kind: string, { key, owner }: IdempotencyKey, hash: string): Promise<string | null> {
  const scope = scopeOf(kind, owner);
  if (!key || key.length > 255) throw badInput("Idempotency-Key must be 1 to 255 characters");
  await tx.query(`DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND "createdAt" < now() - make_interval(hours => $3::int)`, [
    scope,
    key,
    IDEMPOTENCY_TTL_HOURS,
  ]);
  const inserted = await tx.query(`INSERT INTO idempotency_key (scope, key, "requestHash") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`, [
    scope,
    key,
    hash,
  ]);
  if (inserted.length) return null;
  const prior = await replayDurably(tx, scope, key);
  if (!prior || prior.requestHash !== hash) {
    throw unprocessable(`Idempotency-Key ${key} was already used with a different request`, "Idempotency-Key reused");
  }
  return prior.resourceId;
}

/**
 * Reads a claimed key's row for a replay with a write, so that the replay's answer is as durable as
 * the first one: the first request may have committed on a primary that crashed before its standby
 * had it (its client got no answer), and a restarted primary still read-write would otherwise answer
 * the retry with a payment that the failover then discards. A transaction that only reads (or only
 * takes an xid, `pg_current_xact_id()`) commits without waiting for synchronous replication
 * (RecordTransactionCommit waits only when the transaction wrote WAL); rewriting the row writes WAL,
 * so COMMIT waits until the standby confirms every record up to it, the first request's included.
 */
async function replayDurably(tx: Sql, scope: string, key: string) {
  const [prior] = await tx.query<{ requestHash: string; resourceId: string | null }>(
    `UPDATE idempotency_key SET "requestHash" = "requestHash" WHERE scope = $1 AND key = $2 RETURNING "requestHash", "resourceId"::text AS "resourceId"`,
    [scope, key],
  );
  return prior;
}

/** The statement that records what a claimed key created, written with the resource. */
export function completion(kind: string, { key, owner }: IdempotencyKey, resourceId: string): Statement {
  return { text: `UPDATE idempotency_key SET "resourceId" = $3::uuid WHERE scope = $1 AND key = $2`, values: [scopeOf(kind, owner), key, resourceId] };
}

/**
 * A create that honours an Idempotency-Key (null: none), in one transaction: the key is claimed, and
 * a repeat answers what the first request created (`replay` reads it, after the commit); a new request
 * runs `create`, which writes `completes(id)` with the resource it creates — what the key created.
 */
export async function idempotentCreate<T>(
  db: Db,
  kind: string,
  key: IdempotencyKey | null,
  input: unknown,
  create: (tx: Transaction, completes: (id: string) => Statement[]) => Promise<T>,
  replay: (id: string) => Promise<T>,
): Promise<T> {
  const hash = key ? requestHash(input) : "";
  const result = await db.transaction(async (tx): Promise<{ created: T } | { prior: string }> => {
    const prior = key && (await claimIdempotencyKey(tx, kind, key, hash));
    if (prior) return { prior };
    return { created: await create(tx, (id) => (key ? [completion(kind, key, id)] : [])) };
  });
  return "prior" in result ? replay(result.prior) : result.created;
}
