import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { OidcIssuer } from "./support/oidc-issuer.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Issue #32, Keycloak-compatible identities: the gateway verifies the access tokens of a real OpenID
// provider run here on loopback (oidc-provider), fetching its JWKS from a URL or through discovery —
// cached, fetched again on an unknown `kid` at most once per cooldown, bounded in time — and reads
// Keycloak's role claims, mapped to scopes by ROLE_SCOPES (or a role named as a scope).

const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const GATEWAY_CLIENT = "tmf-gateway";
const COOLDOWN_MS = 3000;
const TIMEOUT_MS = 1000;
const CLIENTS = [
  // A realm role that ROLE_SCOPES maps, beside Keycloak's own.
  { id: "reader", realmRoles: ["customer-reader", "offline_access", "default-roles-tmf"] },
  // A role of the gateway's own client named as a scope; another client's role grants nothing here.
  { id: "client-role-reader", clientRoles: { [GATEWAY_CLIENT]: ["customer:read"], "other-client": ["customer:write"] } },
  { id: "nobody", realmRoles: ["offline_access"] },
  // More roles than a token may carry (TOKEN_LIMITS.roles), one of them mapped.
  { id: "hoarder", realmRoles: ["customer-reader", ...Array.from({ length: 300 }, (_, i) => `group-role-${i}`)] },
];

let issuer: OidcIssuer;
let env: Record<string, string>;
let server: TestServer;
const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  issuer = await OidcIssuer.start(CLIENTS);
  env = {
    AUTH: "true",
    JWT_ISSUER: issuer.issuer,
    JWT_AUDIENCE: "account",
    JWT_CLIENT_ID: GATEWAY_CLIENT,
    ROLE_SCOPES: JSON.stringify({ "customer-reader": ["customer:read"] }),
    JWT_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
    JWT_JWKS_TIMEOUT_MS: String(TIMEOUT_MS),
    AUTH_FAILURES_MAX: "0",
    EVENTS_DISPATCHER: "false",
  };
  server = await startTestServer({ ...env, JWT_JWKS_URL: issuer.jwksUrl });
});
afterAll(async () => {
  await server?.close();
  await issuer?.close();
});

describe("roles from Keycloak's claims, mapped to scopes", () => {
  it("a realm role mapped to customer:read lists customers over REST, /graphql and graphql-ws, and is refused 403 on a write", async () => {
    for (const client of ["reader", "client-role-reader"]) {
      const token = await issuer.token(client);
      const list = await server.request("GET", CUSTOMERS, undefined, bearer(token));
      expect(list.status, client).toBe(200);
      const gql = await server.request("POST", "/graphql", { query: "{ customersCount }" }, bearer(token));
      expect(gql.status, client).toBe(200);
      expect(gql.body.data.customersCount).toBeTypeOf("number");
      const write = await server.request("POST", CUSTOMERS, { name: "Keycloak", engagedParty: { id: "p", "@referredType": "Individual" } }, bearer(token));
      expect(write.status, client).toBe(403);
      expect(write.body).toMatchObject({ code: "FORBIDDEN" });
      expect(write.body.message).toContain("customer:write");
      const mutation = await server.request(
        "POST",
        "/graphql",
        {
          query: "mutation ($input: CustomerInput!) { createCustomer(input: $input) { id } }",
          variables: { input: { name: "K", engagedParty: { id: "p", atReferredType: "Individual" } } },
        },
        bearer(token),
      );
      expect(mutation.body.errors[0].extensions.code, client).toBe("FORBIDDEN");
      expect(await socketInit(server, token)).toEqual({ acknowledged: true });
    }
  });

  it("a token without a mapped role is authenticated and grants nothing: 403 on reads", async () => {
    const token = await issuer.token("nobody");
    const list = await server.request("GET", CUSTOMERS, undefined, bearer(token));
    expect(list.status).toBe(403);
    expect(list.body.message).toContain("customer:read");
    const gql = await server.request("POST", "/graphql", { query: "{ customersCount }" }, bearer(token));
    expect(gql.body.errors[0].extensions.code).toBe("FORBIDDEN");
  });

  it("a token carrying more roles than 256, or longer than 16 KiB, is refused 401 on every carrier, unread", async () => {
    const hoarder = await issuer.token("hoarder");
    const rest = await server.request("GET", CUSTOMERS, undefined, bearer(hoarder));
    expect(rest.status).toBe(401);
    expect(rest.body.message).toContain("more than 256 roles");
    expect((await server.request("POST", "/graphql", { query: "{ customersCount }" }, bearer(hoarder))).body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(await socketInit(server, hoarder)).toEqual({ acknowledged: false, closeCode: 4403 });
    // Only a socket's connectionParams can carry a token beyond HTTP's 16 KiB of headers.
    expect(await socketInit(server, `${hoarder}${"A".repeat(20_000)}`)).toEqual({ acknowledged: false, closeCode: 4403 });
  });

  it("OIDC_DISCOVERY finds the JWKS from the issuer; JWT_AUTHORIZED_PARTIES and JWT_AUDIENCE refuse other clients' and audiences' tokens 401", async () => {
    const discovered = await startTestServer({ ...env, OIDC_DISCOVERY: "true", JWT_AUTHORIZED_PARTIES: "reader" }, server.db);
    try {
      expect((await discovered.request("GET", CUSTOMERS, undefined, bearer(await issuer.token("reader")))).status).toBe(200);
      const other = await discovered.request("GET", CUSTOMERS, undefined, bearer(await issuer.token("client-role-reader")));
      expect(other.status).toBe(401);
      expect(other.body.message).toContain('"azp"');
    } finally {
      await discovered.close();
    }
    const audience = await startTestServer({ ...env, JWT_JWKS_URL: issuer.jwksUrl, JWT_AUDIENCE: GATEWAY_CLIENT }, server.db);
    try {
      const refused = await audience.request("GET", CUSTOMERS, undefined, bearer(await issuer.token("reader")));
      expect(refused.status).toBe(401);
      expect(refused.body.message).toContain('"aud"');
    } finally {
      await audience.close();
    }
  });

  it("a discovery document that names another issuer, or none within the timeout, stops start-up, saying so", async () => {
    await expect(startTestServer({ ...env, JWT_ISSUER: `${issuer.issuer}/`, OIDC_DISCOVERY: "true" }, server.db)).rejects.toThrow(
      /names the issuer .* not JWT_ISSUER/,
    );
    await expect(startTestServer({ ...env, JWT_ISSUER: "http://127.0.0.1:9/realms/none", OIDC_DISCOVERY: "true" }, server.db)).rejects.toThrow(
      /OIDC_DISCOVERY: http:\/\/127.0.0.1:9\/realms\/none\/.well-known\/openid-configuration could not be read within 1000 ms/,
    );
  });
});

describe("the issuer's JWKS, fetched from its URL", () => {
  it("rotation: the provider's keys change, the gateway fetches the new JWKS once and accepts the new tokens; the old key's tokens are refused", async () => {
    const old = await issuer.token("reader");
    expect((await server.request("GET", CUSTOMERS, undefined, bearer(old))).status).toBe(200);
    await sleep(COOLDOWN_MS + 100);
    await issuer.rotate();
    const before = issuer.jwksRequests;
    const fresh = await issuer.token("reader");
    const results = await Promise.all(Array.from({ length: 10 }, () => server.request("GET", CUSTOMERS, undefined, bearer(fresh))));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(issuer.jwksRequests - before).toBe(1);
    expect((await server.request("GET", CUSTOMERS, undefined, bearer(old))).status).toBe(401);
    expect(issuer.jwksRequests - before).toBe(1);
  });

  it("a flood of tokens with random unknown kids causes at most one JWKS fetch per cooldown, each refused 401", async () => {
    await sleep(COOLDOWN_MS + 100);
    const { privateKey } = await generateKeyPair("RS256");
    const hostile = () =>
      new SignJWT({ realm_access: { roles: ["customer-reader"] } })
        .setProtectedHeader({ alg: "RS256", kid: `random-${Math.random().toString(36).slice(2)}` })
        .setIssuer(issuer.issuer)
        .setAudience("account")
        .setSubject("intruder")
        .setExpirationTime("5m")
        .sign(privateKey);
    const before = issuer.jwksRequests;
    const started = Date.now();
    const statuses: number[] = [];
    for (let batch = 0; batch < 15; batch++) {
      const tokens = await Promise.all(Array.from({ length: 20 }, hostile));
      statuses.push(...(await Promise.all(tokens.map((t) => server.request("GET", CUSTOMERS, undefined, bearer(t))))).map((r) => r.status));
    }
    const elapsed = Date.now() - started;
    expect(statuses).toEqual(Array(300).fill(401));
    const fetches = issuer.jwksRequests - before;
    expect(fetches).toBeGreaterThanOrEqual(1);
    expect(fetches).toBeLessThanOrEqual(1 + Math.floor(elapsed / COOLDOWN_MS));
    // The issuer's own tokens still pass.
    expect((await server.request("GET", CUSTOMERS, undefined, bearer(await issuer.token("reader")))).status).toBe(200);
  });

  it("the JWKS endpoint down (hanging): 401 within the timeout, never 500; retried at most once per cooldown; tokens accepted once it answers", async () => {
    issuer.jwksMode = "hang";
    try {
      // A gateway started while the issuer hangs starts anyway, after the timeout.
      const startedAt = Date.now();
      const fresh = await startTestServer({ ...env, JWT_JWKS_URL: issuer.jwksUrl }, server.db);
      try {
        expect(Date.now() - startedAt).toBeLessThan(TIMEOUT_MS + 20_000);
        const token = await issuer.token("reader");
        const before = issuer.jwksRequests;
        const floodStart = Date.now();
        for (let i = 0; i < 20; i++) {
          const t0 = Date.now();
          const res = await fresh.request("GET", CUSTOMERS, undefined, bearer(token));
          expect(res.status).toBe(401);
          expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 1500);
        }
        // One of them may wait for a fetch (the timeout), the others are answered at once: a failed
        // fetch holds the next back for the cooldown (jose alone would fetch again for each).
        expect(Date.now() - floodStart).toBeLessThan(TIMEOUT_MS + 3000);
        expect(issuer.jwksRequests - before).toBeLessThanOrEqual(2);
        const metrics = await (await fetch(`${fresh.url}/metrics`)).text();
        expect(Number(/auth_jwks_fetches\{outcome="failed"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
        // The running gateway holds keys: a token of a key it does not know waits for the timeout at most.
        await sleep(COOLDOWN_MS + 100);
        await issuer.rotate();
        const rotated = await issuer.token("reader");
        const t0 = Date.now();
        const res = await server.request("GET", CUSTOMERS, undefined, bearer(rotated));
        expect(res.status).toBe(401);
        expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 1500);
        expect((await server.request("POST", "/graphql", { query: "{ customersCount }" }, bearer(rotated))).body.errors[0].extensions.code).toBe(
          "UNAUTHENTICATED",
        );
        issuer.jwksMode = "up";
        await sleep(COOLDOWN_MS + 100);
        expect((await fresh.request("GET", CUSTOMERS, undefined, bearer(rotated))).status).toBe(200);
        expect((await server.request("GET", CUSTOMERS, undefined, bearer(rotated))).status).toBe(200);
      } finally {
        await fresh.close();
      }
    } finally {
      issuer.jwksMode = "up";
    }
  });
});

/** graphql-ws: acknowledged, or closed with a code. */
function socketInit(target: TestServer, jwt: string): Promise<{ acknowledged: boolean; closeCode?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${target.url.replace("http", "ws")}/graphql`, "graphql-transport-ws");
    ws.on("error", () => undefined);
    ws.once("unexpected-response", () => reject(new Error("upgrade refused")));
    ws.once("open", () => ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${jwt}` } })));
    ws.on("message", (data) => {
      if (JSON.parse(String(data)).type !== "connection_ack") return;
      ws.close();
      resolve({ acknowledged: true });
    });
    ws.once("close", (code) => resolve({ acknowledged: false, closeCode: code }));
  });
}
