/**
 * Scopes separate read from write per TMF API: `<api>:read` and `<api>:write`, where api is one of
 * customer, account, payment, bill. `*` grants everything; `<api>:*` both for one API.
 */
export const APIS = ["customer", "account", "payment", "bill"] as const;
export type Api = (typeof APIS)[number];
export type Scope = `${Api}:${"read" | "write"}`;

export const read = (api: Api): Scope => `${api}:read`;
export const write = (api: Api): Scope => `${api}:write`;

export function grants(scopes: readonly string[], needed: Scope): boolean {
  const [api] = needed.split(":");
  return scopes.includes("*") || scopes.includes(needed) || scopes.includes(`${api}:*`);
}
