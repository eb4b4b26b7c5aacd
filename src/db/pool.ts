import pg from "pg";
import { clientThrough, HostSelector, parseMultiHost } from "./multi-host.js";

/** A connection that cannot be had within this long fails its request (503) instead of queueing forever. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A pg pool that survives the database going away. pg-pool listens for `error` only on idle
 * clients: a checked-out client between two statements (a transaction waiting on the gateway, a
 * delivery holding its row lock during the POST) that is cut by the server would emit an unhandled
 * `error` and end the process. Every client gets a listener of its own; the statement in flight
 * fails with the error, and the broken client is discarded on release.
 */
export function createPool(config: pg.PoolConfig, log: (message: string) => void): pg.Pool {
  const pool = new pg.Pool(withHostSelection({ connectionTimeoutMillis: CONNECT_TIMEOUT_MS, ...config }));
  const report = (err: Error & { code?: string }) => log(`${err.message}${err.code ? ` (${err.code})` : ""}`);
  pool.on("error", report);
  pool.on("connect", (client) => client.on("error", report));
  return pool;
}

/**
 * Every new connection of `pool` runs its statements under `statement_timeout` = `ms` (0: the
 * server's own setting), set before the connection serves anyone (pg-pool's onConnect; a startup
 * parameter would be refused by PgBouncer). Behind a transaction pooler a session setting cannot be
 * relied on (the next transaction may run on another server connection): units of work also set it
 * locally (see `Db.transaction`).
 */
export function limitStatementTime(pool: pg.Pool, ms: number): void {
  if (ms <= 0) return;
  const before = pool.options.onConnect;
  pool.options.onConnect = async (client) => {
    await before?.(client);
    await client.query(`SET statement_timeout = ${Math.trunc(ms)}`);
  };
}

/** A multi-host URL (see multi-host.ts): every new connection of the pool goes to the current fitting host. */
function withHostSelection(config: pg.PoolConfig): pg.PoolConfig {
  const target = config.connectionString ? parseMultiHost(config.connectionString) : undefined;
  if (!target) return config;
  const selector = new HostSelector(target, { connectionTimeoutMillis: config.connectionTimeoutMillis });
  return { ...config, connectionString: target.urls[0], Client: clientThrough(selector, target.attrs) };
}
