import type { AuthChecker } from "type-graphql";
import { AppError } from "../errors.js";
import type { Principal } from "./principal.js";
import { grants, type Scope } from "./scopes.js";

/** type-graphql's check for `@Authorized(scope)`: the caller needs every listed scope (403 otherwise). */
export const authChecker: AuthChecker<{ principal: Principal }, Scope> = ({ context }, scopes) => {
  assertScopes(context.principal.scopes, scopes);
  return true;
};

/** 403 FORBIDDEN naming what is missing, unless `granted` covers every needed scope. */
export function assertScopes(granted: readonly string[], needed: readonly Scope[]): void {
  if (needed.every((scope) => grants(granted, scope))) return;
  const missing = needed.filter((scope) => !grants(granted, scope));
  throw new AppError("FORBIDDEN", `Missing scope(s): ${missing.join(", ")}`, "Forbidden");
}
