import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { OidcIssuer } from "./support/oidc-issuer.js";
import { startTestServer } from "./support/server.js";
import { startService } from "./support/service-process.js";

// The issuer's keys fetched over plain http from a host other than loopback could be swapped by
// whoever is on the network path, who could then sign any token: refused at start-up (JWT_JWKS_URL,
// OIDC_DISCOVERY's document and the jwks_uri it names) unless JWT_JWKS_ALLOW_HTTP=true, which the
// service then warns of. The issuer is a real OpenID provider on loopback, named off loopback by the
// unspecified address 0.0.0.0: no loopback name, so refused without the opt-in, and a connection to
// it reaches the local socket (Linux) — no request leaves the machine.

const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const READER = { id: "reader", realmRoles: ["customer-reader"] };
const REFUSED = /is plain http to a host other than loopback: whoever is on the network path could swap the issuer's keys/;

const offLoopback = (url: string) => url.replace("//127.0.0.1:", "//0.0.0.0:");

let issuer: OidcIssuer;
let db: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  issuer = await OidcIssuer.start([READER]);
  db = await createTestDatabase();
  env = {
    AUTH: "true",
    JWT_ISSUER: issuer.issuer,
    JWT_AUDIENCE: "account",
    ROLE_SCOPES: JSON.stringify({ "customer-reader": ["customer:read"] }),
    JWT_JWKS_TIMEOUT_MS: "2000",
    EVENTS_DISPATCHER: "false",
  };
});
afterAll(async () => {
  await issuer?.close();
  await db?.close();
});

describe("the issuer's keys over plain http off loopback", () => {
  it("JWT_JWKS_URL, or OIDC_DISCOVERY of such an issuer, stops start-up naming the variable; the JWKS is never fetched", async () => {
    await expect(startTestServer({ ...env, JWT_JWKS_URL: offLoopback(issuer.jwksUrl) }, db)).rejects.toThrow(
      new RegExp(`^JWT_JWKS_URL ${offLoopback(issuer.jwksUrl)} ${REFUSED.source}`),
    );
    await expect(startTestServer({ ...env, JWT_ISSUER: offLoopback(issuer.issuer), OIDC_DISCOVERY: "true" }, db)).rejects.toThrow(
      new RegExp(`^OIDC_DISCOVERY reads the discovery document of JWT_ISSUER ${offLoopback(issuer.issuer)}, which ${REFUSED.source}`),
    );
    expect(issuer.jwksRequests).toBe(0);
  });

  it("a discovery document on loopback naming such a jwks_uri stops start-up too", async () => {
    let local = "";
    const document: Server = createServer((_, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ issuer: local, jwks_uri: offLoopback(issuer.jwksUrl) }));
    });
    await new Promise<void>((resolve) => document.listen(0, "127.0.0.1", resolve));
    local = `http://127.0.0.1:${(document.address() as { port: number }).port}`;
    try {
      await expect(startTestServer({ ...env, JWT_ISSUER: local, OIDC_DISCOVERY: "true" }, db)).rejects.toThrow(
        new RegExp(`^OIDC_DISCOVERY: the jwks_uri ${offLoopback(issuer.jwksUrl)} that ${local}/.well-known/openid-configuration names ${REFUSED.source}`),
      );
      expect(issuer.jwksRequests).toBe(0);
    } finally {
      await new Promise((resolve) => document.close(resolve));
    }
  });

  it("JWT_JWKS_ALLOW_HTTP=true: the service starts, warns that the keys come over plain http, and accepts the issuer's tokens", async () => {
    const service = await startService({ ...env, DATABASE_URL: db.url, JWT_JWKS_URL: offLoopback(issuer.jwksUrl), JWT_JWKS_ALLOW_HTTP: "true" });
    try {
      const token = await issuer.token(READER.id);
      const list = await fetch(`${service.url}${CUSTOMERS}?limit=1`, { headers: { authorization: `Bearer ${token}` } });
      expect(list.status).toBe(200);
      expect(issuer.jwksRequests).toBeGreaterThan(0);
      const warnings = service
        .tail(200)
        .split("\n")
        .filter((line) => line.trim().startsWith("{"))
        .map((line) => JSON.parse(line.trim()) as { level: number; msg: string })
        .filter((line) => line.msg.startsWith("JWT_JWKS_ALLOW_HTTP=true"));
      expect(warnings).toEqual([
        {
          ...warnings[0],
          level: 40,
          msg: `JWT_JWKS_ALLOW_HTTP=true: the issuer's JWKS is fetched over plain http from ${new URL(offLoopback(issuer.jwksUrl)).host}; whoever is on that network path could swap its keys and sign any token`,
        },
      ]);
    } finally {
      await service.stop();
    }
  });
});
