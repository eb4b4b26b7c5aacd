import { AppError } from "../errors.js";
import { grants, type Scope } from "./scopes.js";

/** 403 FORBIDDEN naming what is missing, unless `granted` covers every needed scope. */
export function assertScopes(granted: readonly string[], needed: readonly Scope[]): void {
  if (needed.every((scope) => grants(granted, scope))) return;
  const missing = needed.filter((scope) => !grants(granted, scope));
  throw new AppError("FORBIDDEN", `Missing scope(s): ${missing.join(", ")}`, "Forbidden");
}
