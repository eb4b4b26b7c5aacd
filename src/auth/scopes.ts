/**
 * Scopes separate read from write per TMF API: `<api>:read` and `<api>:write`, where api is one of
 * customer, account, payment, bill. `*` grants everything; `<api>:*` both for one API.
 */
export const APIS = ["customer", "account", "payment", "bill"] as const;
export type Api = (typeof APIS)[number];
export type Scope = `${Api}:${"read" | "write"}`;

/** May delete any principal's hub registration (`*` also does); not needed for one's own. */
export const HUB_ADMIN = "hub:admin";

export const read = (api: Api): Scope => `${api}:read`;
export const write = (api: Api): Scope => `${api}:write`;

export function isHubAdmin(scopes: readonly string[]): boolean {
  return scopes.includes("*") || scopes.includes(HUB_ADMIN) || scopes.includes("hub:*");
}

export function grants(scopes: readonly string[], needed: Scope): boolean {
  const [api] = needed.split(":");
  return scopes.includes("*") || scopes.includes(needed) || scopes.includes(`${api}:*`);
}
