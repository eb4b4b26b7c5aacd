import { AppError } from "../errors.js";
import { sqlState } from "./pg-errors.js";

/** What a client is told to wait before retrying while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/** Prisma's: cannot reach the server, timed out, connection closed, no connection from the pool in time. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const DISCONNECTED =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i;

/**
 * The database cannot be reached, or is shutting down or restarting: SQLSTATE class 08
 * (connection exception), 57P01–57P03 (shutdown, crash recovery), 53300 (too many connections),
 * 25006 (a write on a server that is read-only: a primary demoted by a failover), or
 * a socket error of the driver; or a row lock not granted in time (55P03: a unit of work's
 * lock_timeout). Such a failure is no fault of the request: 503, try again later.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || PRISMA_CODES.has(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && DISCONNECTED.test(message)) return true;
  }
  const state = sqlState(err);
  return Boolean(state && (state.startsWith("08") || ["57P01", "57P02", "57P03", "53300", "55P03", "25006"].includes(state)));
}

export const unavailable = () => new AppError("SERVICE_UNAVAILABLE", `The database is unavailable; retry in ${RETRY_AFTER_SECONDS} s`, "Service Unavailable");

/** SQLSTATE 57014: a statement cancelled, by its statement_timeout (DATABASE_STATEMENT_TIMEOUT_MS) or by an operator. */
export const isStatementCancelled = (err: unknown) => sqlState(err) === "57014";

/**
 * 42P05 (prepared statement already exists) or 26000 (prepared statement does not exist): named
 * statements sent through a transaction pooler that does not keep them per client (PgBouncer
 * before 1.21, or without max_prepared_statements) — the deployment's configuration, not the request.
 */
export const isPreparedStatementClash = (err: unknown) => ["42P05", "26000"].includes(sqlState(err) ?? "");

export const PREPARED_STATEMENTS_ADVICE =
  "The database is reached through a connection pooler that does not keep prepared statements: set DATABASE_PREPARED_STATEMENTS=false";

/**
 * The 503 (with Retry-After) of a failure that is no fault of the request, or undefined: the
 * database unavailable; a statement cancelled (a read a client's filter made too expensive is
 * answered 400 where it runs, see `tooExpensive`); a pooler that loses prepared statements.
 */
export function serviceFailure(err: unknown): AppError | undefined {
  if (isDatabaseUnavailable(err)) return unavailable();
  if (isStatementCancelled(err)) {
    return new AppError("SERVICE_UNAVAILABLE", `The database did not complete a statement in time; retry in ${RETRY_AFTER_SECONDS} s`, "Service Unavailable");
  }
  if (isPreparedStatementClash(err))
    return new AppError("SERVICE_UNAVAILABLE", `${PREPARED_STATEMENTS_ADVICE}; retry in ${RETRY_AFTER_SECONDS} s`, "Service Unavailable");
  return undefined;
}

let advised = false;

/** Logs PREPARED_STATEMENTS_ADVICE once per process (every request fails alike until the operator acts). */
export function adviseOnPreparedStatements(log: (message: string) => void): void {
  if (advised) return;
  advised = true;
  log(`${PREPARED_STATEMENTS_ADVICE} (PostgreSQL answered "prepared statement already exists / does not exist"); requests are answered 503 until then`);
}

/**
 * A read whose cost a client's filter decides (a list, a count) cancelled by statement_timeout is
 * the client's to narrow: 400 QUERY_TOO_EXPENSIVE naming the limit, never a 503 inviting a retry.
 */
export function tooExpensive(timeoutMs: number): (err: unknown) => never {
  return (err) => {
    if (!isStatementCancelled(err)) throw err;
    const limit = timeoutMs > 0 ? `${timeoutMs} ms (DATABASE_STATEMENT_TIMEOUT_MS)` : "the database's statement_timeout";
    throw new AppError("QUERY_TOO_EXPENSIVE", `The query took longer than ${limit}; narrow the filter`, "Query too expensive");
  };
}
