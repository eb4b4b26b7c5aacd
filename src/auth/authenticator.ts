import { createHash, createPublicKey, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { createLocalJWKSet, jwtVerify, type CryptoKey, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from "jose";
import type { KeyObject } from "node:crypto";
import { checkLifetime, subjectOf, unauthenticated, verificationFailure } from "./jwt-claims.js";
import type { Principal } from "./principal.js";

export interface AuthConfig {
  enabled: boolean;
  /** API keys: `[{ "name": "billing", "key": "…", "scopes": ["payment:write"] }]`. */
  apiKeys: { name: string; key: string; scopes: string[] }[];
  jwtSecret?: string;
  jwtPublicKey?: string;
  jwksFile?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** The claim (or dot path) naming a token's subject, from which its principal is derived. */
  jwtSubjectClaim: string;
  /** Longest lifetime of a token, from `iat` (or now) to `exp`, which every token must carry. */
  jwtMaxLifetimeS: number;
  /** Clock skew allowed between the issuer and the gateway on `exp`, `nbf` and `iat`. */
  jwtClockToleranceS: number;
}

/**
 * Establishes the principal of a request from `X-API-Key` or `Authorization: Bearer <JWT>`
 * (HS256 with a shared secret, or RS256/ES256 with a public key or a local JWKS file).
 */
export class Authenticator {
  private readonly keys: { name: string; digest: Buffer; scopes: readonly string[] }[];
  private readonly verifyKey?: CryptoKey | KeyObject | Uint8Array | JWTVerifyGetKey;

  constructor(private readonly config: AuthConfig) {
    this.keys = config.apiKeys.map((k) => ({ name: k.name, digest: sha256(k.key), scopes: Object.freeze([...k.scopes]) }));
    if (config.jwksFile) this.verifyKey = createLocalJWKSet(JSON.parse(readFileSync(config.jwksFile, "utf8")));
    else if (config.jwtPublicKey) this.verifyKey = createPublicKey(config.jwtPublicKey.replace(/\\n/g, "\n"));
    else if (config.jwtSecret) this.verifyKey = new TextEncoder().encode(config.jwtSecret);
  }

  get enabled(): boolean {
    return this.config.enabled;
  }

  /** The principal of these headers; null when none is presented; throws 401 on a bad credential. */
  async authenticate(headers: Record<string, string | string[] | undefined>): Promise<Principal | null> {
    const apiKey = first(headers["x-api-key"]);
    if (apiKey) return this.byApiKey(apiKey);
    const authorization = first(headers.authorization);
    if (!authorization) return null;
    const [scheme, token] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token) throw unauthenticated("Authorization must be 'Bearer <token>'");
    return this.byJwt(token);
  }

  private byApiKey(key: string): Principal {
    const digest = sha256(key);
    const found = this.keys.find((k) => timingSafeEqual(k.digest, digest));
    if (!found) throw unauthenticated("Unknown API key");
    return { id: `key:${found.name}`, scopes: found.scopes, via: "api-key" };
  }

  private async byJwt(token: string): Promise<Principal> {
    if (!this.verifyKey) throw unauthenticated("Bearer tokens are not accepted by this gateway");
    const { jwtSubjectClaim, jwtMaxLifetimeS, jwtClockToleranceS } = this.config;
    const payload = await this.verify(token);
    const subject = subjectOf(payload, jwtSubjectClaim);
    checkLifetime(payload, jwtMaxLifetimeS, jwtClockToleranceS);
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : Array.isArray(payload.scp) ? payload.scp.map(String) : [];
    return { id: `jwt:${subject}`, scopes: Object.freeze(scopes.filter(Boolean)), via: "jwt" };
  }

  /** The token's claims once its signature, issuer, audience and times are checked; `exp` is required. */
  private async verify(token: string): Promise<JWTPayload> {
    const options: JWTVerifyOptions = {
      issuer: this.config.jwtIssuer,
      audience: this.config.jwtAudience,
      algorithms: ["HS256", "RS256", "ES256", "PS256"],
      requiredClaims: ["exp"],
      clockTolerance: this.config.jwtClockToleranceS,
    };
    try {
      const key = this.verifyKey!;
      return (typeof key === "function" ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options)).payload;
    } catch (err) {
      throw verificationFailure(err);
    }
  }
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
