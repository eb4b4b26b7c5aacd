import type { JWTPayload } from "jose";
import { describe, expect, it } from "vitest";
import { roleScopeProblem } from "../../src/auth/scopes.js";
import { roleClaimPaths, rolesOf, scopesOf, StaticRoleScopes, TOKEN_LIMITS } from "../../src/auth/token-roles.js";
import { AppError } from "../../src/errors.js";
import { ConfigError, loadConfig } from "../../src/config.js";

// Issue #32: the roles of a Keycloak token (realm_access.roles, resource_access.<client>.roles, or
// the claims JWT_ROLE_CLAIMS names) and the scopes they grant; ROLE_SCOPES and the new settings.

const keycloak = {
  sub: "u-1",
  scope: "openid profile email",
  realm_access: { roles: ["offline_access", "default-roles-tmf", "customer-reader"] },
  resource_access: {
    "tmf-gateway": { roles: ["account:write"] },
    "odacompid.r1": { roles: ["payment:read"] },
    account: { roles: ["manage-account"] },
  },
};
const mapped = new StaticRoleScopes({ "customer-reader": ["customer:read"], "billing-clerk": ["bill:read", "account:read"] });

describe("roles read from a token's claims", () => {
  it("by default Keycloak's realm roles, and with a client id that client's roles (a client id holding dots stays one name)", () => {
    expect([...rolesOf(keycloak, roleClaimPaths(undefined, undefined))]).toEqual(["offline_access", "default-roles-tmf", "customer-reader"]);
    expect([...rolesOf(keycloak, roleClaimPaths(undefined, "tmf-gateway"))]).toContain("account:write");
    expect([...rolesOf(keycloak, roleClaimPaths(undefined, "odacompid.r1"))]).toContain("payment:read");
    expect([...rolesOf(keycloak, roleClaimPaths(["groups", "realm_access.roles"], "tmf-gateway"))]).not.toContain("account:write");
  });

  it("absent claims name no role; a claim of another shape, a non-string role or an over-long name is refused 401", () => {
    expect(rolesOf({ sub: "x" }, roleClaimPaths(undefined, "c")).size).toBe(0);
    expect(rolesOf({ realm_access: "admin" }, roleClaimPaths(["realm_access.roles"], undefined)).size).toBe(0);
    const refused = (payload: JWTPayload) => () => rolesOf(payload, roleClaimPaths(undefined, undefined));
    expect(refused({ realm_access: { roles: { admin: true } } })).toThrow(/must be a list of names/);
    expect(refused({ realm_access: { roles: [1] } })).toThrow(/must hold strings/);
    expect(refused({ realm_access: { roles: ["x".repeat(TOKEN_LIMITS.nameChars + 1)] } })).toThrow(/longer than/);
    try {
      refused({ realm_access: { roles: [1] } })();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("UNAUTHENTICATED");
    }
  });

  it("a token with 100,000 roles is refused at once, before any is looked at", () => {
    let asked = 0;
    const counting = {
      scopesOf: () => {
        asked++;
        return undefined;
      },
    };
    const huge = { realm_access: { roles: Array.from({ length: 100_000 }, (_, i) => `role-${i}`) } };
    const started = performance.now();
    expect(() => scopesOf(huge, roleClaimPaths(undefined, undefined), counting)).toThrow(/more than 256 roles/);
    expect(performance.now() - started).toBeLessThan(50);
    expect(asked).toBe(0);
    // Spread over claims: the total counts.
    const spread = {
      realm_access: { roles: Array.from({ length: 200 }, (_, i) => `a-${i}`) },
      resource_access: { c: { roles: Array.from({ length: 200 }, (_, i) => `b-${i}`) } },
    };
    expect(() => rolesOf(spread, roleClaimPaths(undefined, "c"))).toThrow(/more than 256/);
    expect(() => scopesOf({ scope: Array(300).fill("customer:read").join(" ") }, [], undefined)).toThrow(/more than 256/);
  });

  it("does not walk into inherited properties", () => {
    expect(rolesOf(Object.create({ realm_access: { roles: ["customer:write"] } }), roleClaimPaths(undefined, undefined)).size).toBe(0);
    expect(rolesOf({}, [["constructor", "name"]]).size).toBe(0);
  });
});

describe("the scopes a token grants", () => {
  it("its `scope` (or `scp`) names, its mapped roles' scopes, and its roles named as scopes; other roles nothing", () => {
    const scopes = scopesOf(keycloak, roleClaimPaths(undefined, "tmf-gateway"), mapped);
    expect([...scopes].sort()).toEqual(["account:write", "customer:read", "email", "openid", "profile"]);
    expect(Object.isFrozen(scopes)).toBe(true);
    expect(scopesOf({ scp: ["payment:read"] }, [], mapped)).toEqual(["payment:read"]);
    // `scope` wins over `scp`, as before.
    expect(scopesOf({ scope: "bill:read", scp: ["payment:read"] }, [], mapped)).toEqual(["bill:read"]);
    expect(scopesOf({ realm_access: { roles: ["billing-clerk", "offline_access", "hub:admin", "*"] } }, roleClaimPaths(undefined, undefined), mapped)).toEqual([
      "bill:read",
      "account:read",
      "hub:admin",
      "*",
    ]);
  });

  it("a RoleScopes that knows a role decides for it, even when its name is a scope", () => {
    const partyRoles = { scopesOf: (role: string) => (role === "customer:write" ? ["customer:read"] : role === "Canvas admin" ? ["*"] : undefined) };
    const token = { realm_access: { roles: ["customer:write", "Canvas admin", "payment:read"] } };
    expect(scopesOf(token, roleClaimPaths(undefined, undefined), partyRoles)).toEqual(["customer:read", "*", "payment:read"]);
    expect(scopesOf(token, roleClaimPaths(undefined, undefined), undefined)).toEqual(["customer:write", "payment:read"]);
  });

  it("ROLE_SCOPES' scopes are checked against the APIs served", () => {
    expect(roleScopeProblem({ r: ["customer:read", "hub:admin"] }, ["customer"])).toBeUndefined();
    expect(roleScopeProblem({ r: ["customers:read"] }, ["customer"])).toMatch(/ROLE_SCOPES role "r" has unknown scope\(s\) customers:read/);
  });
});

describe("the identity settings", () => {
  const base = { AUTH: "true", DATABASE_URL: "postgresql://x/y" };
  const fails = (env: Record<string, string>, message: RegExp) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  };

  it("parse JWT_JWKS_URL, OIDC_DISCOVERY, the JWKS bounds, the audiences, azp, role claims and ROLE_SCOPES", () => {
    const { auth } = loadConfig({
      ...base,
      JWT_JWKS_URL: "http://keycloak:8080/realms/tmf/protocol/openid-connect/certs",
      JWT_JWKS_ALLOW_HTTP: "true",
      JWT_AUDIENCE: "account, tmf-gateway",
      JWT_CLIENT_ID: "tmf-gateway",
      JWT_AUTHORIZED_PARTIES: "frontend",
      JWT_ROLE_CLAIMS: "realm_access.roles, groups",
      ROLE_SCOPES: '{"customer-reader":["customer:read"]}',
      JWT_JWKS_COOLDOWN_MS: "5000",
    });
    expect(auth).toMatchObject({
      jwksUrl: "http://keycloak:8080/realms/tmf/protocol/openid-connect/certs",
      jwksAllowHttp: true,
      oidcDiscovery: false,
      jwks: { timeoutMs: 5000, cooldownMs: 5000, cacheMaxAgeMs: 600_000 },
      jwtAudience: ["account", "tmf-gateway"],
      jwtClientId: "tmf-gateway",
      jwtAuthorizedParties: ["frontend"],
      jwtRoleClaims: ["realm_access.roles", "groups"],
      roleScopes: { "customer-reader": ["customer:read"] },
    });
    expect(loadConfig({ ...base, OIDC_DISCOVERY: "true", JWT_ISSUER: "https://id.example.com/realms/tmf" }).auth.oidcDiscovery).toBe(true);
    expect(loadConfig({ ...base, JWT_SECRET: "s".repeat(32) }).auth).toMatchObject({ jwtRoleClaims: undefined, roleScopes: {}, jwtAudience: undefined });
  });

  it("refuse what cannot work, saying which variable", () => {
    fails({ JWT_JWKS_URL: "file:///etc/jwks.json" }, /JWT_JWKS_URL must be an http\(s\) URL/);
    fails({ JWT_JWKS_URL: "not a url" }, /JWT_JWKS_URL/);
    fails({ OIDC_DISCOVERY: "true" }, /OIDC_DISCOVERY=true needs JWT_ISSUER/);
    fails({ OIDC_DISCOVERY: "maybe", JWT_ISSUER: "https://i" }, /OIDC_DISCOVERY must be true or false/);
    fails({ JWT_JWKS_URL: "https://i/certs", JWT_SECRET: "s".repeat(32) }, /set only one of JWT_JWKS_URL, JWT_SECRET/);
    fails({ JWT_JWKS_URL: "https://i/certs", OIDC_DISCOVERY: "true", JWT_ISSUER: "https://i" }, /set only one of JWT_JWKS_URL, OIDC_DISCOVERY/);
    fails({ JWT_JWKS_URL: "https://i/certs", JWT_JWKS_TIMEOUT_MS: "0" }, /JWT_JWKS_TIMEOUT_MS must be an integer between 100 and 60000/);
    fails({ JWT_JWKS_URL: "https://i/certs", JWT_ROLE_CLAIMS: "realm access.roles" }, /JWT_ROLE_CLAIMS must be a claim name or a dot path/);
    fails({ JWT_JWKS_URL: "https://i/certs", ROLE_SCOPES: "[]" }, /ROLE_SCOPES must be a JSON object/);
    fails({ JWT_JWKS_URL: "https://i/certs", ROLE_SCOPES: "{not json" }, /ROLE_SCOPES .* it is not JSON/);
    fails({ JWT_JWKS_URL: "https://i/certs", ROLE_SCOPES: '{"r":"customer:read"}' }, /role "r" is not/);
    // The controller role is the security function's (every scope): ROLE_SCOPES, which decides for the roles it maps, cannot take it.
    fails({ JWT_JWKS_URL: "https://i/certs", ROLE_SCOPES: '{"Admin":["customer:read"]}' }, /ROLE_SCOPES maps "Admin", the controller role \(CONTROLLER_ROLE\)/);
    fails({ JWT_JWKS_URL: "https://i/certs", CONTROLLER_ROLE: "ops", ROLE_SCOPES: '{"ops":["*"]}' }, /ROLE_SCOPES maps "ops"/);
    expect(loadConfig({ ...base, JWT_JWKS_URL: "https://i/certs", ROLE_SCOPES: '{"clerk":["customer:read"]}' }).partyRoles.staticRoles).toEqual(["clerk"]);
    fails({}, /no credentials are configured: .*JWT_JWKS_URL or OIDC_DISCOVERY/);
  });

  it("refuse the issuer's keys over plain http off loopback, unless JWT_JWKS_ALLOW_HTTP says the path is trusted", () => {
    const refusal = /is plain http to a host other than loopback: .*swap the issuer's keys.*JWT_JWKS_ALLOW_HTTP=true/;
    for (const url of ["http://keycloak:8080/certs", "http://10.0.0.7/certs", "http://127.0.0.1.example.com/certs", "http://[fd00::2]/certs"]) {
      fails({ JWT_JWKS_URL: url }, new RegExp(`JWT_JWKS_URL ${url.replace(/[.[\]]/g, "\\$&")} ${refusal.source}`));
    }
    fails(
      { OIDC_DISCOVERY: "true", JWT_ISSUER: "http://id.example.com/realms/tmf" },
      /OIDC_DISCOVERY reads the discovery document of JWT_ISSUER http:\/\/id.example.com\/realms\/tmf, which is plain http/,
    );
    fails({ JWT_JWKS_URL: "http://keycloak/certs", JWT_JWKS_ALLOW_HTTP: "maybe" }, /JWT_JWKS_ALLOW_HTTP must be true or false/);
    for (const url of [
      "https://keycloak/certs",
      "http://127.0.0.1:8080/certs",
      "http://127.9.9.9/certs",
      "http://localhost/certs",
      "http://[::1]:8080/certs",
    ]) {
      expect(loadConfig({ ...base, JWT_JWKS_URL: url }).auth).toMatchObject({ jwksUrl: url, jwksAllowHttp: false });
    }
    expect(loadConfig({ ...base, JWT_JWKS_URL: "http://keycloak/certs", JWT_JWKS_ALLOW_HTTP: "true" }).auth.jwksAllowHttp).toBe(true);
    expect(loadConfig({ ...base, OIDC_DISCOVERY: "true", JWT_ISSUER: "http://id.example.com/r", JWT_JWKS_ALLOW_HTTP: "true" }).auth.oidcDiscovery).toBe(true);
  });
});
