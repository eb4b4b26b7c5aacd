import { AppError } from "../errors.js";
import { sqlState } from "./pg-errors.js";

/** What a client is told to wait before retrying while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/** Prisma's: cannot reach the server, timed out, connection closed, no connection from the pool in time. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const DISCONNECTED = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i;

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

export const unavailable = () =>
  new AppError("SERVICE_UNAVAILABLE", `The database is unavailable; retry in ${RETRY_AFTER_SECONDS} s`, "Service Unavailable");
