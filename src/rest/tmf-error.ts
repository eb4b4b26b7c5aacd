import { AppError, ERROR_STATUS } from "../errors.js";

export interface TmfError {
  code: string;
  reason: string;
  message: string;
  status: string;
  "@type": "Error";
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The TMF630 `Error` body (code, reason, message, status, @type) for a status and message. */
export function tmfError(status: number, message: string, code?: string, reason?: string): TmfError {
  return {
    code: code ?? codeForStatus(status),
    reason: reason ?? REASONS[status] ?? "Error",
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
  return entry ? entry[0] : status === 405 ? "METHOD_NOT_ALLOWED" : "ERROR";
}
