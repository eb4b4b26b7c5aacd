import { createServer, type Server } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Authenticator, type AuthConfig } from "../../src/auth/authenticator.js";
import { plainHttp, REMOTE_LIMITS, remoteKeys } from "../../src/auth/remote-jwks.js";

// Issue #32: what one answer of an issuer's JWKS endpoint may be, over real loopback HTTP; and a
// token's length checked before it is parsed.

let server: Server;
let base: string;
let publicJwk: object;
const answers: Record<string, (res: import("node:http").ServerResponse) => void> = {
  "/ok": (res) => res.end(JSON.stringify({ keys: [publicJwk] })),
  "/huge": (res) => res.end(JSON.stringify({ keys: [publicJwk], padding: "x".repeat(REMOTE_LIMITS.bytes) })),
  "/huge-chunked": (res) => {
    res.setHeader("transfer-encoding", "chunked");
    for (let i = 0; i < 20; i++) res.write(" ".repeat(8192));
    res.end(JSON.stringify({ keys: [] }));
  },
  "/many": (res) => res.end(JSON.stringify({ keys: Array.from({ length: REMOTE_LIMITS.keys + 1 }, (_, i) => ({ ...publicJwk, kid: `k${i}` })) })),
  "/redirect": (res) => {
    res.statusCode = 302;
    res.setHeader("location", "/ok");
    res.end();
  },
  "/not-jwks": (res) => res.end(JSON.stringify({ hello: "world" })),
};

beforeAll(async () => {
  const { publicKey } = await generateKeyPair("RS256");
  publicJwk = { ...(await exportJWK(publicKey)), kid: "k", alg: "RS256", use: "sig" };
  server = createServer((req, res) => answers[req.url!]!(res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const bounds = { timeoutMs: 2000, cooldownMs: 60_000, cacheMaxAgeMs: 600_000 };

describe("an issuer's JWKS answer", () => {
  it("is taken when it is a JWKS of at most 64 KiB and 50 keys", async () => {
    const keys = remoteKeys(new URL(`${base}/ok`), bounds, () => undefined);
    await keys.getKey.reload();
    expect(keys.fetches()).toEqual({ attempts: 1, failures: 0 });
  });

  it.each([
    ["/huge", /larger than 65536 bytes/],
    ["/huge-chunked", /larger than 65536 bytes/],
    ["/many", /holds 51 keys, more than 50/],
    ["/redirect", /answered 302/],
    ["/not-jwks", /no keys array/],
  ])("%s is refused, logged once, and not fetched again within the cooldown", async (path, reason) => {
    const logged: string[] = [];
    const keys = remoteKeys(new URL(`${base}${path}`), bounds, (message) => logged.push(message));
    await expect(keys.getKey.reload()).rejects.toThrow();
    await expect(keys.getKey.reload()).rejects.toThrow(/not retried before the cooldown/);
    expect(keys.fetches()).toEqual({ attempts: 1, failures: 1 });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(reason);
  });
});

describe("a key source that could be swapped on the way (plain http off loopback)", () => {
  it("is plain http to any host but a loopback name or address; https never is", () => {
    const swappable = [
      "http://keycloak:8080/certs",
      "http://10.0.0.7/certs",
      "http://0.0.0.0:8080/certs",
      "http://[::]/certs",
      "http://localhost.example/certs",
    ];
    const safe = [
      "https://keycloak/certs",
      "http://localhost:8080/certs",
      "http://127.0.0.1/certs",
      "http://127.8.0.9/certs",
      "http://[::1]/certs",
      "http://[::ffff:127.0.0.1]/certs",
    ];
    expect(swappable.filter((url) => !plainHttp(new URL(url)))).toEqual([]);
    expect(safe.filter((url) => plainHttp(new URL(url)))).toEqual([]);
  });
});

describe("a bearer token's length", () => {
  it("beyond 16 KiB is refused 401 before it is parsed", async () => {
    const config: AuthConfig = {
      enabled: true,
      apiKeys: [],
      jwtSecret: "s".repeat(32),
      oidcDiscovery: false,
      jwksAllowHttp: false,
      jwks: bounds,
      roleScopes: {},
      jwtSubjectClaim: "sub",
      jwtMaxLifetimeS: 3600,
      jwtClockToleranceS: 30,
    };
    const authenticator = new Authenticator(config);
    await expect(authenticator.authenticate({ authorization: `Bearer ${"a".repeat(16_385)}` })).rejects.toThrow(/longer than 16384 characters/);
    await expect(authenticator.authenticate({ authorization: `Bearer ${"a".repeat(100)}` })).rejects.toThrow(/Invalid or expired/);
  });
});
