import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { buildApp } from "../src/http/app.js";
import { startTestServer, type TestServer } from "./support/server.js";

const SECRET = "a-test-secret-that-is-at-least-32-chars";
const READER = "reader-key-0123456789abcdef";
const BILLING = "billing-key-0123456789abcdef";
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";

let server: TestServer;
let rsa: { privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"]; publicPem: string };

const hs256 = (scope: string, expiresIn = "5m") =>
  new SignJWT({ scope }).setProtectedHeader({ alg: "HS256" }).setSubject("portal").setExpirationTime(expiresIn).sign(new TextEncoder().encode(SECRET));

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  rsa = { privateKey: pair.privateKey, publicPem: await exportSPKI(pair.publicKey) };
  server = await startTestServer({
    AUTH: "true",
    JWT_SECRET: SECRET,
    API_KEYS: JSON.stringify([
      { name: "reader", key: READER, scopes: ["customer:read", "account:read"] },
      { name: "billing", key: BILLING, scopes: ["*"] },
    ]),
  });
});
afterAll(() => server?.close());

describe("authentication and scopes, the same on REST and GraphQL", () => {
  it("401 without or with a bad credential: TMF Error on REST, UNAUTHENTICATED on GraphQL", async () => {
    const rest = await server.request("GET", CUSTOMERS);
    expect(rest.status).toBe(401);
    expect(rest.body).toMatchObject({ "@type": "Error", status: "401", code: "UNAUTHENTICATED" });
    expect((await server.request("GET", CUSTOMERS, undefined, { "x-api-key": "wrong-key-0123456789" })).status).toBe(401);
    expect((await server.request("GET", CUSTOMERS, undefined, { authorization: "Bearer not.a.jwt" })).status).toBe(401);
    const expired = await hs256("*", "-1m");
    expect((await server.request("GET", CUSTOMERS, undefined, { authorization: `Bearer ${expired}` })).status).toBe(401);
    const gql = await server.request("POST", "/graphql", { query: "{ customersCount }" });
    expect(gql.status).toBe(401);
    expect(gql.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("API keys: read scope reads, cannot write (403 / FORBIDDEN); a full key writes", async () => {
    const body = { name: "Scoped", engagedParty: { id: "p", "@referredType": "Individual" } };
    const denied = await server.request("POST", CUSTOMERS, body, { "x-api-key": READER });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ "@type": "Error", status: "403", code: "FORBIDDEN" });
    expect(denied.body.message).toContain("customer:write");
    const created = await server.request("POST", CUSTOMERS, body, { "x-api-key": BILLING });
    expect(created.status).toBe(201);
    expect((await server.request("GET", `${CUSTOMERS}/${created.body.id}`, undefined, { "x-api-key": READER })).status).toBe(200);
    const gql = await server.request("POST", "/graphql", { query: "{ paymentsCount }" }, { "x-api-key": READER });
    expect(gql.body.errors[0].extensions.code).toBe("FORBIDDEN");
  });

  it("scopes guard navigation too: customer:read alone cannot reach payments through accounts", async () => {
    const token = await hs256("customer:read");
    const res = await server.request("POST", "/graphql", { query: "{ customers { accounts { id } } }" }, { authorization: `Bearer ${token}` });
    expect(res.body.errors[0].extensions.code).toBe("FORBIDDEN");
    expect(res.body.errors[0].message).toContain("account:read");
  });

  it("JWT bearer tokens: HS256 with the shared secret", async () => {
    const token = await hs256("customer:read customer:write");
    const res = await server.request(
      "POST",
      CUSTOMERS,
      { name: "Via JWT", engagedParty: { id: "p", "@referredType": "Individual" } },
      { authorization: `Bearer ${token}` },
    );
    expect(res.status).toBe(201);
  });

  it("JWT bearer tokens: RS256 with a public key", async () => {
    const rs = await startTestServer({ AUTH: "true", JWT_PUBLIC_KEY: rsa.publicPem });
    try {
      const token = await new SignJWT({ scp: ["customer:read"] })
        .setProtectedHeader({ alg: "RS256" })
        .setSubject("crm")
        .setExpirationTime("5m")
        .sign(rsa.privateKey);
      expect((await rs.request("GET", CUSTOMERS, undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
      const forged = await hs256("*");
      expect((await rs.request("GET", CUSTOMERS, undefined, { authorization: `Bearer ${forged}` })).status).toBe(401);
    } finally {
      await rs.close();
    }
  });

  it("keeps the explorer page and health checks open", async () => {
    expect((await server.request("GET", "/health")).status).toBe(200);
    expect((await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } })).status).toBe(200);
  });
});

describe("rate limiting", () => {
  it("answers 429 with Retry-After per credential once the budget is spent", async () => {
    const limited = await startTestServer({ RATE_LIMIT_MAX: "3" });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push(await limited.request("GET", CUSTOMERS));
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
      expect(Number(statuses[3]!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(statuses[3]!.body).toMatchObject({ "@type": "Error", status: "429" });
    } finally {
      await limited.close();
    }
  });
});

describe("configured API keys", () => {
  it("refuse to start with a scope the gateway does not know (a typo would grant nothing), naming the key and the scope", async () => {
    const config = loadConfig({
      LOG_LEVEL: "silent",
      AUTH: "true",
      API_KEYS: JSON.stringify([{ name: "billing", key: BILLING, scopes: ["payments:write", "customer:read"] }]),
    });
    await expect(buildApp(config, server.db)).rejects.toThrow(
      /^API_KEYS entry "billing" has unknown scope\(s\) payments:write; known: \*, hub:admin, hub:\*, customer:read, /,
    );
  });
});
