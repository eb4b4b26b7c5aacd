import type { TokenGrants } from "./token-roles.js";

/** Who is calling, as established by an API key or a JWT bearer token. */
export interface Principal {
  /** Key name or token subject, for logs and rate limiting. */
  id: string;
  /** Frozen: what they grant is worked out once per array (scopes.ts). */
  scopes: readonly string[];
  via: "api-key" | "jwt" | "anonymous";
  /** A bearer token's: when the gateway stops accepting it (its `exp` plus JWT_CLOCK_TOLERANCE_S), in ms since the epoch. */
  expiresAt?: number;
  /** A bearer token's: what it names, from which `scopes` is worked out again while a socket lives (Authenticator.current). */
  grants?: TokenGrants;
}

/** When authentication is off (embedded development mode) every caller may do everything. */
export const DEVELOPMENT_PRINCIPAL: Principal = { id: "development", scopes: Object.freeze(["*"]), via: "anonymous" };

/** The caller of a public route who presented no credential: may read nothing through GraphQL. */
export const ANONYMOUS_PRINCIPAL: Principal = { id: "anonymous", scopes: Object.freeze([]), via: "anonymous" };
