import type { AuthChecker } from "type-graphql";
import { AppError } from "../errors.js";
import type { Context } from "../graphql/context.js";
import { grants, type Scope } from "./scopes.js";

/** type-graphql's check for `@Authorized(scope)`: the caller needs every listed scope (403 otherwise). */
export const authChecker: AuthChecker<Context, Scope> = ({ context }, scopes) => {
  const missing = scopes.filter((scope) => !grants(context.principal.scopes, scope));
  if (missing.length) throw new AppError("FORBIDDEN", `Missing scope(s): ${missing.join(", ")}`, "Forbidden");
  return true;
};
