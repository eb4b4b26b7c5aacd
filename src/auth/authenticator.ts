import { createPublicKey, hash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { createLocalJWKSet, jwtVerify, type CryptoKey, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from "jose";
import type { KeyObject } from "node:crypto";
import { checkLifetime, subjectOf, unauthenticated, verificationFailure } from "./jwt-claims.js";
import type { Principal } from "./principal.js";
import { discoverJwksUri, plainHttp, remoteKeys, type RemoteKeys, type RemoteKeysConfig } from "./remote-jwks.js";
import type { RoleScopes } from "./role-scopes.js";
import { grantsOf, roleClaimPaths, scopesFrom, StaticRoleScopes, TOKEN_LIMITS, type ClaimPath } from "./token-roles.js";

export interface AuthConfig {
  enabled: boolean;
  /** API keys: `[{ "name": "billing", "key": "…", "scopes": ["payment:write"] }]`. */
  apiKeys: { name: string; key: string; scopes: string[] }[];
  jwtSecret?: string;
  jwtPublicKey?: string;
  jwksFile?: string;
  /** JWT_JWKS_URL: the issuer's JWKS, fetched (remote-jwks.ts). */
  jwksUrl?: string;
  /** JWT_JWKS_ALLOW_HTTP: the JWKS (or the discovery document) may come over plain http off loopback (warned of at start). */
  jwksAllowHttp: boolean;
  /** OIDC_DISCOVERY: the JWKS URL is the `jwks_uri` of the issuer's discovery document, read at start. */
  oidcDiscovery: boolean;
  /** JWT_JWKS_TIMEOUT_MS, JWT_JWKS_COOLDOWN_MS, JWT_JWKS_CACHE_MAX_AGE_MS. */
  jwks: RemoteKeysConfig;
  jwtIssuer?: string;
  /** Accepted `aud` values: a token must name one of them. */
  jwtAudience?: string[];
  /** JWT_CLIENT_ID: this gateway's client at the issuer (Keycloak), whose client roles a token carries. */
  jwtClientId?: string;
  /** JWT_AUTHORIZED_PARTIES: accepted `azp` values; when set, a token must name one of them. */
  jwtAuthorizedParties?: string[];
  /** JWT_ROLE_CLAIMS as configured (dot paths); unset: Keycloak's (token-roles.ts). */
  jwtRoleClaims?: string[];
  /** ROLE_SCOPES: the scopes of each role, when the deployment gives no RoleScopes of its own. */
  roleScopes: Record<string, string[]>;
  /** The claim (or dot path) naming a token's subject, from which its principal is derived. */
  jwtSubjectClaim: string;
  /** Longest lifetime of a token, from `iat` (or now) to `exp`, which every token must carry. */
  jwtMaxLifetimeS: number;
  /** Clock skew allowed between the issuer and the gateway on `exp`, `nbf` and `iat`. */
  jwtClockToleranceS: number;
}

/**
 * Establishes the principal of a request from `X-API-Key` or `Authorization: Bearer <JWT>`
 * (HS256 with a shared secret, or RS256/ES256/PS256 with a public key, a local JWKS file or the
 * issuer's JWKS fetched from a URL). A token's scopes are those it names (`scope`, `scp`) and those
 * of its roles (JWT_ROLE_CLAIMS) as `roleScopes` maps them — the deployment's, else ROLE_SCOPES.
 * Every carrier (REST, /graphql, graphql-ws) authenticates through `authenticate`.
 */
export class Authenticator {
  private readonly keys: { name: string; digest: Buffer; scopes: readonly string[] }[];
  private verifyKey?: CryptoKey | KeyObject | Uint8Array | JWTVerifyGetKey;
  private remote?: RemoteKeys;
  private readonly roleClaims: readonly ClaimPath[];
  private readonly roleScopes: RoleScopes;

  constructor(
    private readonly config: AuthConfig,
    roleScopes?: RoleScopes,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.keys = config.apiKeys.map((k) => ({ name: k.name, digest: sha256(k.key), scopes: Object.freeze([...k.scopes]) }));
    this.roleClaims = roleClaimPaths(config.jwtRoleClaims, config.jwtClientId);
    this.roleScopes = roleScopes ?? new StaticRoleScopes(config.roleScopes);
    if (config.jwksUrl) this.useRemoteKeys(new URL(config.jwksUrl));
    else if (config.jwksFile) this.verifyKey = createLocalJWKSet(JSON.parse(readFileSync(config.jwksFile, "utf8")));
    else if (config.jwtPublicKey) this.verifyKey = createPublicKey(config.jwtPublicKey.replace(/\\n/g, "\n"));
    else if (config.jwtSecret) this.verifyKey = new TextEncoder().encode(config.jwtSecret);
  }

  /**
   * With OIDC_DISCOVERY, reads the issuer's JWKS URL (throws when it cannot: start-up stops); with
   * a JWKS URL, fetches its keys once, so the first tokens wait for nothing — an issuer down at
   * start is logged, not fatal: tokens are refused 401 until it answers.
   */
  async start(): Promise<void> {
    if (!this.config.enabled) return;
    if (this.config.oidcDiscovery && !this.config.jwksUrl) {
      const { jwtIssuer, jwks, jwksAllowHttp } = this.config;
      if (URL.canParse(jwtIssuer!)) this.warnIfPlainHttp(new URL(jwtIssuer!), "discovery document");
      this.useRemoteKeys(await discoverJwksUri(jwtIssuer!, jwks.timeoutMs, jwksAllowHttp));
    }
    await this.remote?.getKey.reload().catch(() => undefined);
  }

  /** Fetches of the issuer's JWKS so far, and the failed ones among them (for /metrics). */
  jwksFetches(): { attempts: number; failures: number } {
    return this.remote?.fetches() ?? { attempts: 0, failures: 0 };
  }

  private useRemoteKeys(url: URL): void {
    this.warnIfPlainHttp(url, "JWKS");
    this.remote = remoteKeys(url, this.config.jwks, this.log);
    this.verifyKey = this.remote.getKey;
  }

  /** Only JWT_JWKS_ALLOW_HTTP lets such a source through (config-auth.ts, discoverJwksUri): said at every start. */
  private warnIfPlainHttp(url: URL, what: string): void {
    if (!plainHttp(url)) return;
    this.log(
      `JWT_JWKS_ALLOW_HTTP=true: the issuer's ${what} is fetched over plain http from ${url.host}; whoever is on that network path could swap its keys and sign any token`,
    );
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
    if (token.length > TOKEN_LIMITS.tokenChars) throw unauthenticated(`Bearer token is longer than ${TOKEN_LIMITS.tokenChars} characters`);
    const { jwtSubjectClaim, jwtMaxLifetimeS, jwtClockToleranceS, jwtAuthorizedParties } = this.config;
    const payload = await this.verify(token);
    const subject = subjectOf(payload, jwtSubjectClaim);
    checkLifetime(payload, jwtMaxLifetimeS, jwtClockToleranceS);
    // Keycloak types its tokens: an ID or refresh token names a login, it does not authorize calls.
    if (payload.typ !== undefined && (typeof payload.typ !== "string" || payload.typ.toLowerCase() !== "bearer")) {
      throw unauthenticated('Bearer token refused: its "typ" claim says it is not an access token');
    }
    if (jwtAuthorizedParties && !(typeof payload.azp === "string" && jwtAuthorizedParties.includes(payload.azp))) {
      throw unauthenticated('Bearer token refused: its "azp" claim is not acceptable');
    }
    const grants = grantsOf(payload, this.roleClaims);
    const expiresAt = (payload.exp! + jwtClockToleranceS) * 1000;
    return { id: `jwt:${subject}`, scopes: scopesFrom(grants, this.roleScopes), via: "jwt", expiresAt, grants };
  }

  /**
   * `principal` as its credential grants now: a token's scopes worked out again from the scopes and
   * roles it names, through the roles' scopes as they are now (a party role suspended, deleted or
   * narrowed since grants less) — the same `scopesFrom` as at authentication. The same object when
   * nothing changed (what its scopes grant stays worked out, scopes.ts); an API key's as it is (keys
   * change with the configuration, at a restart). For a carrier that authenticates once and runs
   * many operations: graphql-ws, before each operation and each event of a subscription.
   */
  current(principal: Principal): Principal {
    if (!principal.grants) return principal;
    const scopes = scopesFrom(principal.grants, this.roleScopes);
    const same = scopes.length === principal.scopes.length && scopes.every((scope, i) => scope === principal.scopes[i]);
    return same ? principal : { ...principal, scopes };
  }

  /** The token's claims once its signature, issuer, audience and times are checked; `exp` is required. */
  private async verify(token: string): Promise<JWTPayload> {
    const options: JWTVerifyOptions = {
      issuer: this.config.jwtIssuer,
      audience: this.config.jwtAudience,
      algorithms: this.remote ? ISSUER_ALGORITHMS : ["HS256", "RS256", "ES256", "PS256"],
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

/** What an issuer may sign with (Keycloak realms choose among them; RS256 by default): no shared secrets. */
const ISSUER_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

/** One-shot: no Hash object per request. */
function sha256(text: string): Buffer {
  return hash("sha256", text, "buffer");
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
