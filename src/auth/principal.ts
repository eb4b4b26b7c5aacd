/** Who is calling, as established by an API key or a JWT bearer token. */
export interface Principal {
  /** Key name or token subject, for logs and rate limiting. */
  id: string;
  /** Frozen: what they grant is worked out once per array (scopes.ts). */
  scopes: readonly string[];
  via: "api-key" | "jwt" | "anonymous";
}

/** When authentication is off (embedded development mode) every caller may do everything. */
export const DEVELOPMENT_PRINCIPAL: Principal = { id: "development", scopes: Object.freeze(["*"]), via: "anonymous" };

/** The caller of a public route who presented no credential: may read nothing through GraphQL. */
export const ANONYMOUS_PRINCIPAL: Principal = { id: "anonymous", scopes: Object.freeze([]), via: "anonymous" };
