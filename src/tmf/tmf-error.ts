import { STATUS_CODES } from "node:http";
import { type AppError, ERROR_STATUS } from "../errors.js";

export interface TmfError {
  code: string;
  reason: string;
  message: string;
  status: string;
  "@type": "Error";
}

/** The TMF630 `Error` body (code, reason, message, status, @type) for a status and message. */
export function tmfError(status: number, message: string, code?: string, reason?: string): TmfError {
  return {
    code: code ?? codeForStatus(status),
    reason: reason ?? STATUS_CODES[status] ?? "Error",
    message,
    status: String(status),
    "@type": "Error",
  };
}

export function tmfErrorOf(error: AppError): TmfError {
  return tmfError(error.status, error.message, error.code, error.reason);
}

function codeForStatus(status: number): string {
  const entry = Object.entries(ERROR_STATUS).find(([, s]) => s === status);
  return entry ? entry[0] : (TRANSPORT_CODES[status] ?? "ERROR");
}

/** Codes of statuses only the HTTP layer answers (the domain never raises them). */
const TRANSPORT_CODES: Record<number, string> = {
  405: "METHOD_NOT_ALLOWED",
  408: "REQUEST_TIMEOUT",
  414: "URI_TOO_LONG",
  431: "REQUEST_HEADER_FIELDS_TOO_LARGE",
};
