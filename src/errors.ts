/** Error codes of the domain, mapped once per transport (GraphQL extensions.code; REST status + TMF Error). */
export const ERROR_STATUS = {
  BAD_USER_INPUT: 400,
  /** A list or count whose filter made PostgreSQL work past DATABASE_STATEMENT_TIMEOUT_MS. */
  QUERY_TOO_EXPENSIVE: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Short TMF `reason`; defaults from the code. */
    readonly reason?: string,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (type: string, id: string) => new AppError("NOT_FOUND", `${type} ${id} not found`, `${type} not found`);
export const badInput = (message: string) => new AppError("BAD_USER_INPUT", message, "Invalid request");
export const unprocessable = (message: string, reason = "Business rule violated") => new AppError("UNPROCESSABLE", message, reason);
