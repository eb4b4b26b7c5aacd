import { errors, type JWTPayload } from "jose";
import { AppError } from "../errors.js";

export const unauthenticated = (message: string) => new AppError("UNAUTHENTICATED", message, "Unauthorized");

/**
 * The subject a verified token was issued to: the claim named `claim` (`sub` by default; a name as
 * it stands, else a dot path such as `realm.user_id`), a non-empty string or a number. Without one
 * the token is refused: two subject-less tokens must never share a principal, its hubs or its
 * idempotency keys.
 */
export function subjectOf(payload: JWTPayload, claim: string): string {
  const value = Object.hasOwn(payload, claim)
    ? payload[claim]
    : claim.split(".").reduce<unknown>((at, name) => (isObject(at) && Object.hasOwn(at, name) ? at[name] : undefined), payload);
  if ((typeof value === "string" && value.trim() !== "") || (typeof value === "number" && Number.isFinite(value))) return String(value);
  throw unauthenticated(`Bearer token has no "${claim}" claim: a token must name its subject`);
}

/**
 * A token may live at most `maxS` seconds: from its `iat` to its `exp`, and from now to its `exp`
 * (so an `iat` in the future buys nothing; without `iat` only the latter, allowing `toleranceS` of
 * clock skew between the issuer and the gateway). jose has already required `exp`.
 */
export function checkLifetime(payload: JWTPayload, maxS: number, toleranceS: number, now = Math.floor(Date.now() / 1000)): void {
  const exp = payload.exp!;
  const lifetime = typeof payload.iat === "number" ? exp - payload.iat : 0;
  if (lifetime > maxS || exp - now > maxS + toleranceS) {
    throw unauthenticated(`Bearer token lives longer than the ${maxS} s this gateway accepts (JWT_MAX_LIFETIME_S): its "exp" is too far`);
  }
}

/** What a refused token is told: which claim failed when jose says so, nothing about keys or signatures. */
export function verificationFailure(err: unknown): AppError {
  if (err instanceof errors.JWTExpired) return unauthenticated("Bearer token has expired");
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === "missing" && err.claim === "exp") return unauthenticated('Bearer token has no "exp" claim: tokens must expire');
    return unauthenticated(`Bearer token refused: its "${err.claim}" claim is not acceptable`);
  }
  return unauthenticated("Invalid or expired bearer token");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
