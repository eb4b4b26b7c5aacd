/**
 * Scopes separate read from write per TMF API: `<api>:read` and `<api>:write`, where api is the
 * scope its resource descriptions name (customer, account, payment, paymentMethod, bill). `*` grants everything;
 * `<api>:*` both for one API.
 */
export type Scope = `${string}:${"read" | "write"}`;

/** May delete any principal's hub registration (`*` also does); not needed for one's own. */
export const HUB_ADMIN = "hub:admin";

export const read = (api: string): Scope => `${api}:read`;
export const write = (api: string): Scope => `${api}:write`;

export function isHubAdmin(scopes: readonly string[]): boolean {
  return scopes.includes("*") || scopes.includes(HUB_ADMIN) || scopes.includes("hub:*");
}

/** What each credential's scopes were found to grant: checked per row of a nested read, worked out once. */
const decided = new WeakMap<readonly string[], Map<Scope, boolean>>();

export function grants(scopes: readonly string[], needed: Scope): boolean {
  let known = decided.get(scopes);
  if (!known) decided.set(scopes, (known = new Map()));
  let granted = known.get(needed);
  if (granted === undefined) {
    const [api] = needed.split(":");
    granted = scopes.includes("*") || scopes.includes(needed) || scopes.includes(`${api}:*`);
    if (Object.isFrozen(scopes)) known.set(needed, granted);
  }
  return granted;
}

/**
 * The scopes of `wanted` that `held` does not cover, as `grants` matches: `*` covers every scope,
 * `<api>:*` the scopes of its API (`hub:*` covers `hub:admin`), a scope itself. Granting a scope
 * to others (a party role) needs holding it: what a writer lacks of what it grants is refused.
 */
export function notCovered(held: readonly string[], wanted: readonly string[]): string[] {
  // A wanted `*` or `<api>:*` is matched as any scope: only `*`, or `*` and `<api>:*`, cover it.
  return wanted.filter((scope) => !grants(held, scope as Scope));
}

/**
 * Every scope a credential can usefully hold, given the scopes of the APIs served: `*`, the hub
 * admin scopes, and `<api>:read|write|*` for each. A configured key with any other scope (a typo
 * such as `payments:write`) would silently grant nothing.
 */
export function knownScopes(apiScopes: Iterable<string>): Set<string> {
  const known = new Set(["*", HUB_ADMIN, "hub:*"]);
  for (const api of apiScopes) for (const access of ["read", "write", "*"]) known.add(`${api}:${access}`);
  return known;
}

/**
 * What is wrong with the API keys' scopes, if anything: a scope this gateway does not know is a
 * configuration error (a typo), not a key that can do nothing. Checked before the database is opened.
 */
export function keyScopeProblem(apiKeys: readonly { name: string; scopes: readonly string[] }[], apiScopes: Iterable<string>): string | undefined {
  const known = knownScopes(apiScopes);
  for (const key of apiKeys) {
    const unknown = key.scopes.filter((scope) => !known.has(scope));
    if (unknown.length) return `API_KEYS entry "${key.name}" has unknown scope(s) ${unknown.join(", ")}; known: ${[...known].join(", ")}`;
  }
  return undefined;
}

/** What is wrong with ROLE_SCOPES, if anything: as with API keys, a scope no API grants is a typo. */
export function roleScopeProblem(roleScopes: Record<string, readonly string[]>, apiScopes: Iterable<string>): string | undefined {
  const known = knownScopes(apiScopes);
  for (const [role, scopes] of Object.entries(roleScopes)) {
    const unknown = scopes.filter((scope) => !known.has(scope));
    if (unknown.length) return `ROLE_SCOPES role "${role}" has unknown scope(s) ${unknown.join(", ")}; known: ${[...known].join(", ")}`;
  }
  return undefined;
}
