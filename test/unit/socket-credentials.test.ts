import { EventEmitter } from "node:events";
import { SignJWT } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Authenticator, type AuthConfig } from "../../src/auth/authenticator.js";
import { LayeredRoleScopes } from "../../src/auth/role-scopes.js";
import { StaticRoleScopes } from "../../src/auth/token-roles.js";
import { expireWith } from "../../src/http/socket-credentials.js";

// What a graphql-ws socket keeps of its credential: when it expires, and the roles and scopes it
// named, from which its scopes are worked out again as the roles change (test/socket-credentials.test.ts end to end).

const SECRET = "s".repeat(32);
const config: AuthConfig = {
  enabled: true,
  apiKeys: [{ name: "ops", key: "ops-key-0123456789", scopes: ["customer:read"] }],
  jwtSecret: SECRET,
  oidcDiscovery: false,
  jwksAllowHttp: false,
  jwks: { timeoutMs: 1000, cooldownMs: 1000, cacheMaxAgeMs: 1000 },
  roleScopes: {},
  jwtSubjectClaim: "sub",
  jwtMaxLifetimeS: 31_622_400,
  jwtClockToleranceS: 30,
};

const bearer = async (claims: Record<string, unknown>, exp: number) => ({
  authorization: `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setSubject("u-1").setExpirationTime(exp).sign(new TextEncoder().encode(SECRET))}`,
});

afterEach(() => vi.useRealTimers());

describe("Authenticator.current", () => {
  it("works a token's scopes out again through the roles' scopes as they are now; the same principal while nothing changed", async () => {
    const roles = new LayeredRoleScopes(new StaticRoleScopes({}));
    const authenticator = new Authenticator(config, roles);
    const exp = Math.floor(Date.now() / 1000) + 600;
    roles.use(new StaticRoleScopes({ clerk: ["customer:read", "customer:write"] }));
    const principal = (await authenticator.authenticate(await bearer({ scope: "bill:read", realm_access: { roles: ["clerk"] } }, exp)))!;
    expect(principal).toMatchObject({ scopes: ["bill:read", "customer:read", "customer:write"], expiresAt: (exp + 30) * 1000 });
    expect(authenticator.current(principal)).toBe(principal);

    roles.use(new StaticRoleScopes({ clerk: ["customer:read"] }));
    const narrowed = authenticator.current(principal);
    expect(narrowed).toMatchObject({ id: principal.id, scopes: ["bill:read", "customer:read"], expiresAt: principal.expiresAt });
    expect(authenticator.current(narrowed)).toBe(narrowed);
    roles.use(new StaticRoleScopes({ clerk: [] }));
    expect(authenticator.current(narrowed).scopes).toEqual(["bill:read"]); // what the token names itself stays

    const key = (await authenticator.authenticate({ "x-api-key": "ops-key-0123456789" }))!;
    expect(key.expiresAt).toBeUndefined();
    expect(authenticator.current(key)).toBe(key);
  });
});

describe("expireWith", () => {
  it("fires at expiry, even beyond the ~24.8 days one timer holds, and never after the socket closed", () => {
    vi.useFakeTimers();
    const day = 86_400_000;
    const expire = vi.fn();
    const socket = new EventEmitter();
    expireWith(socket, { id: "jwt:u", scopes: [], via: "jwt", expiresAt: Date.now() + 30 * day }, expire);
    vi.advanceTimersByTime(30 * day - 1);
    expect(expire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledTimes(1);

    const closed = vi.fn();
    const other = new EventEmitter();
    expireWith(other, { id: "jwt:u", scopes: [], via: "jwt", expiresAt: Date.now() + 1000 }, closed);
    other.emit("close");
    vi.advanceTimersByTime(2000);
    expect(closed).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);

    expireWith(socket, { id: "key:ops", scopes: [], via: "api-key" }, expire); // no expiry: no timer
    expect(vi.getTimerCount()).toBe(0);
  });
});
