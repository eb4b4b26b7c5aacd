import type { JWTPayload } from "jose";
import { unauthenticated } from "./jwt-claims.js";
import type { RoleScopes } from "./role-scopes.js";

/** A claim path: its names from the payload down (`realm_access.roles` is ["realm_access", "roles"]). */
export type ClaimPath = readonly string[];

/**
 * What one token may carry: a token is at most `tokenChars` long (checked before it is parsed, so the
 * JSON a WebSocket's connectionParams can hold costs nothing), names at most `roles` roles and
 * scopes over all its claims, each at most `nameChars` long. More is refused 401, never truncated.
 */
export const TOKEN_LIMITS = { tokenChars: 16_384, roles: 256, nameChars: 256 } as const;

/** A role whose name is a scope grants that scope (a Canvas lists a component's scopes as its roles). */
const SCOPE_NAME = /^(\*|[A-Za-z][\w-]*:(read|write|admin|\*))$/;

/** ROLE_SCOPES, or any fixed map: the scopes of each role it names. */
export class StaticRoleScopes implements RoleScopes {
  private readonly map: Map<string, readonly string[]>;
  constructor(map: Record<string, readonly string[]>) {
    this.map = new Map(Object.entries(map).map(([role, scopes]) => [role, Object.freeze([...scopes])]));
  }
  scopesOf(role: string): readonly string[] | undefined {
    return this.map.get(role);
  }
}

/** The value at `path`, own properties only (a claim named `__proto__` or `constructor` is nothing). */
function at(payload: JWTPayload, path: ClaimPath): unknown {
  let value: unknown = payload;
  for (const name of path) {
    if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** Names from a claim: an array of strings, or one string of space-separated names (`scope`). */
function namesIn(value: unknown, claim: string, into: Set<string>): void {
  if (value === undefined || value === null) return;
  const names = typeof value === "string" ? value.split(" ") : Array.isArray(value) ? value : undefined;
  if (!names || names.length > TOKEN_LIMITS.roles) tooMany(claim, names);
  for (const name of names!) {
    if (typeof name !== "string") throw unauthenticated(`Bearer token's "${claim}" claim must hold strings`);
    if (name.length > TOKEN_LIMITS.nameChars)
      throw unauthenticated(`Bearer token's "${claim}" claim holds a name longer than ${TOKEN_LIMITS.nameChars} characters`);
    if (name) into.add(name);
    if (into.size > TOKEN_LIMITS.roles) tooMany(claim, names);
  }
}

function tooMany(claim: string, names: unknown[] | undefined): never {
  if (!names) throw unauthenticated(`Bearer token's "${claim}" claim must be a list of names`);
  throw unauthenticated(`Bearer token carries more than ${TOKEN_LIMITS.roles} roles and scopes (at "${claim}"): refused`);
}

/** The roles a token names at `roleClaims` (absent claims name none), at most TOKEN_LIMITS.roles. */
export function rolesOf(payload: JWTPayload, roleClaims: readonly ClaimPath[]): Set<string> {
  const roles = new Set<string>();
  for (const path of roleClaims) namesIn(at(payload, path), path.join("."), roles);
  return roles;
}

/** What a token names, from which its scopes are worked out (`scopesFrom`): kept in its principal, so its scopes can be worked out again as roles change. */
export interface TokenGrants {
  /** The scopes it names itself, in `scope` (a space-separated string) or `scp` (a list). */
  readonly named: readonly string[];
  /** The roles it names at the role claims. */
  readonly roles: readonly string[];
}

/** What a token names: its own scopes and its roles, each list within TOKEN_LIMITS (more is refused 401). */
export function grantsOf(payload: JWTPayload, roleClaims: readonly ClaimPath[]): TokenGrants {
  const named = new Set<string>();
  namesIn(payload.scope, "scope", named);
  if (!Object.hasOwn(payload, "scope")) namesIn(payload.scp, "scp", named);
  return Object.freeze({ named: Object.freeze([...named]), roles: Object.freeze([...rolesOf(payload, roleClaims)]) });
}

/**
 * The scopes a token's grants give now: those it names, and those of its roles — each role's scopes
 * in `roleScopes`, or, for a role it does not know whose name is a scope (`customer:read`), that
 * scope. Other roles (Keycloak's `offline_access`, `default-roles-<realm>`) grant nothing. Asked at
 * authentication, and again before each operation on a socket (Authenticator.current).
 */
export function scopesFrom(grants: TokenGrants, roleScopes: RoleScopes | undefined): readonly string[] {
  const scopes = new Set(grants.named);
  for (const role of grants.roles) {
    const granted = roleScopes?.scopesOf(role);
    if (granted) for (const scope of granted) scopes.add(scope);
    else if (SCOPE_NAME.test(role)) scopes.add(role);
  }
  return Object.freeze([...scopes]);
}

/** The scopes a token grants now (`grantsOf`, then `scopesFrom`). */
export function scopesOf(payload: JWTPayload, roleClaims: readonly ClaimPath[], roleScopes: RoleScopes | undefined): readonly string[] {
  return scopesFrom(grantsOf(payload, roleClaims), roleScopes);
}

/**
 * JWT_ROLE_CLAIMS' paths: each a dot path; unset, Keycloak's realm roles and, with a client id, the
 * roles of that client (built from names, so a client id holding dots is still one name).
 */
export function roleClaimPaths(configured: readonly string[] | undefined, clientId: string | undefined): ClaimPath[] {
  if (configured) return configured.map((text) => text.split("."));
  return [["realm_access", "roles"], ...(clientId ? [["resource_access", clientId, "roles"]] : [])];
}
