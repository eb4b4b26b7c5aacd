// The authentication settings (AUTH, API_KEYS, JWT_*, OIDC_DISCOVERY, ROLE_SCOPES), parsed and validated.
import type { AuthConfig } from "./auth/authenticator.js";
import { PLAIN_HTTP_REFUSED, plainHttp } from "./auth/remote-jwks.js";
import { bool, ConfigError, int, list } from "./config-values.js";

export function authConfig(env: NodeJS.ProcessEnv, developmentMode: boolean): AuthConfig {
  const enabled = bool(env, "AUTH", !developmentMode);
  const config: AuthConfig = {
    enabled,
    apiKeys: apiKeys(env.API_KEYS),
    jwtSecret: env.JWT_SECRET || undefined,
    jwtPublicKey: env.JWT_PUBLIC_KEY || undefined,
    jwksFile: env.JWT_JWKS_FILE || undefined,
    jwksUrl: jwksUrl(env.JWT_JWKS_URL),
    jwksAllowHttp: bool(env, "JWT_JWKS_ALLOW_HTTP", false),
    oidcDiscovery: bool(env, "OIDC_DISCOVERY", false),
    jwks: {
      timeoutMs: int(env, "JWT_JWKS_TIMEOUT_MS", 5000, 100, 60_000),
      cooldownMs: int(env, "JWT_JWKS_COOLDOWN_MS", 30_000, 100, 3_600_000),
      cacheMaxAgeMs: int(env, "JWT_JWKS_CACHE_MAX_AGE_MS", 600_000, 1000, 86_400_000),
    },
    jwtIssuer: env.JWT_ISSUER || undefined,
    jwtAudience: nonEmpty(list(env.JWT_AUDIENCE)),
    jwtClientId: env.JWT_CLIENT_ID || undefined,
    jwtAuthorizedParties: nonEmpty(list(env.JWT_AUTHORIZED_PARTIES)),
    jwtRoleClaims: nonEmpty(list(env.JWT_ROLE_CLAIMS).map((path) => claimPath("JWT_ROLE_CLAIMS", path))),
    roleScopes: roleScopes(env.ROLE_SCOPES),
    jwtSubjectClaim: env.JWT_SUBJECT_CLAIM ? claimPath("JWT_SUBJECT_CLAIM", env.JWT_SUBJECT_CLAIM) : "sub",
    jwtMaxLifetimeS: int(env, "JWT_MAX_LIFETIME_S", 86_400, 60, 31_622_400),
    jwtClockToleranceS: int(env, "JWT_CLOCK_TOLERANCE_S", 30, 0, 300),
  };
  const verifiers = [
    ["JWT_JWKS_URL", config.jwksUrl],
    ["OIDC_DISCOVERY", config.oidcDiscovery || undefined],
    ["JWT_JWKS_FILE", config.jwksFile],
    ["JWT_PUBLIC_KEY", config.jwtPublicKey],
    ["JWT_SECRET", config.jwtSecret],
  ].filter(([, value]) => value !== undefined);
  if (enabled && !config.apiKeys.length && !verifiers.length) {
    throw new ConfigError(
      "AUTH is on but no credentials are configured: set API_KEYS and/or JWT_SECRET, JWT_PUBLIC_KEY, JWT_JWKS_FILE, JWT_JWKS_URL or OIDC_DISCOVERY (or AUTH=false)",
    );
  }
  if (config.oidcDiscovery && !config.jwtIssuer)
    throw new ConfigError("OIDC_DISCOVERY=true needs JWT_ISSUER, the issuer whose /.well-known/openid-configuration names the JWKS");
  keySourcesOverHttp(config);
  if (verifiers.length > 1) throw new ConfigError(`Bearer tokens are verified one way: set only one of ${verifiers.map(([name]) => name).join(", ")}`);
  if (config.jwtSecret && config.jwtSecret.length < 32) throw new ConfigError("JWT_SECRET must be at least 32 characters");
  return config;
}

function apiKeys(raw: string | undefined): AuthConfig["apiKeys"] {
  if (!raw) return [];
  let keys: AuthConfig["apiKeys"];
  try {
    keys = JSON.parse(raw);
  } catch {
    throw new ConfigError('API_KEYS must be JSON: [{"name":"billing","key":"…","scopes":["payment:write"]}]');
  }
  if (!Array.isArray(keys) || keys.some((k) => !k?.name || !k?.key || k.key.length < 16 || !Array.isArray(k.scopes))) {
    throw new ConfigError("API_KEYS entries need a name, a key of at least 16 characters and a scopes array");
  }
  return keys;
}

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length ? values : undefined;
}

/** JWT_JWKS_URL: an http(s) URL; plain http off loopback only with JWT_JWKS_ALLOW_HTTP (keySourcesOverHttp). */
function jwksUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new ConfigError(`JWT_JWKS_URL must be an http(s) URL, got "${raw}"`);
  return raw;
}

/**
 * Where the issuer's keys come from over plain http off loopback (JWT_JWKS_URL, or JWT_ISSUER's
 * discovery document, which names them): refused unless JWT_JWKS_ALLOW_HTTP (then warned of at
 * start, Authenticator). A discovered `jwks_uri` is checked when it is read (discoverJwksUri).
 */
function keySourcesOverHttp(config: AuthConfig): void {
  if (config.jwksAllowHttp) return;
  if (config.jwksUrl && plainHttp(new URL(config.jwksUrl))) throw new ConfigError(`JWT_JWKS_URL ${config.jwksUrl} ${PLAIN_HTTP_REFUSED}`);
  const issuer = config.oidcDiscovery && !config.jwksUrl && config.jwtIssuer;
  if (issuer && URL.canParse(issuer) && plainHttp(new URL(issuer))) {
    throw new ConfigError(`OIDC_DISCOVERY reads the discovery document of JWT_ISSUER ${issuer}, which ${PLAIN_HTTP_REFUSED}`);
  }
}

/** JWT_SUBJECT_CLAIM, each of JWT_ROLE_CLAIMS: a claim name, or a dot path into nested claims (`realm_access.roles`). */
function claimPath(name: string, raw: string): string {
  if (raw.length > 200 || !/^[\w:/-]+(\.[\w:/-]+)*$/.test(raw)) {
    throw new ConfigError(`${name} must be a claim name or a dot path (letters, digits, _ - : / separated by dots), got "${raw}"`);
  }
  return raw;
}

/** ROLE_SCOPES: `{"role": ["scope", …]}` (the scopes are checked against the APIs served later, src/auth/scopes.ts). */
function roleScopes(raw: string | undefined): Record<string, string[]> {
  if (!raw) return {};
  const example = 'ROLE_SCOPES must be a JSON object of role names to lists of scopes, such as {"customer-reader":["customer:read"]}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`${example}: it is not JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ConfigError(example);
  for (const [role, scopes] of Object.entries(parsed)) {
    if (!role || !Array.isArray(scopes) || scopes.some((scope) => typeof scope !== "string" || !scope)) {
      throw new ConfigError(`${example}; role "${role}" is not`);
    }
  }
  return parsed as Record<string, string[]>;
}
