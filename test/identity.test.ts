import { SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { FailedAttempts } from "../src/auth/failed-attempts.js";
import { ConfigError, loadConfig } from "../src/config.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Issue #27, identity: a bearer token names its subject and expires within a bounded lifetime, two
// callers never share a principal, and guessing credentials from one address is bounded.

const SECRET = "an-identity-test-secret-of-32-chars-or-more";
const KEY = "identity-key-0123456789abcdef";
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount";
const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
const PAYMENT_HUB = "/tmf-api/paymentManagement/v4/hub";
const ENV = {
  AUTH: "true",
  JWT_SECRET: SECRET,
  API_KEYS: JSON.stringify([{ name: "admin", key: KEY, scopes: ["*"] }]),
  // Hubs are registered here, never delivered to.
  EVENTS_DISPATCHER: "false",
};

const now = () => Math.floor(Date.now() / 1000);
/** A token with these claims; `exp`/`iat` only as given (absolute seconds), `sub` only inside claims. */
function token(claims: JWTPayload, times: { exp?: number; iat?: number } = { exp: now() + 300 }): Promise<string> {
  const jwt = new SignJWT({ scope: "*", ...claims }).setProtectedHeader({ alg: "HS256" });
  if (times.iat !== undefined) jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
  return jwt.sign(new TextEncoder().encode(SECRET));
}
const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ...ENV, AUTH_FAILURES_MAX: "1000" });
});
afterAll(() => server?.close());

describe("a bearer token names its subject", () => {
  it("two tokens without `sub` are both refused 401 (they shared the principal jwt:unknown), on REST, GraphQL and graphql-ws", async () => {
    for (const claims of [{ name: "token A" }, { name: "token B" }]) {
      const res = await server.request("GET", CUSTOMERS, undefined, bearer(await token(claims)));
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ "@type": "Error", status: "401", code: "UNAUTHENTICATED" });
      expect(res.body.message).toContain('"sub"');
    }
    const empty = await server.request("GET", CUSTOMERS, undefined, bearer(await token({ sub: "" })));
    expect(empty.status).toBe(401);
    const gql = await server.request("POST", "/graphql", { query: "{ customersCount }" }, bearer(await token({})));
    expect(gql.status).toBe(401);
    expect(gql.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(await subscriptionInit(server, await token({}))).toEqual({ acknowledged: false, closeCode: 4403 });
    expect(await subscriptionInit(server, await token({ sub: "someone" }))).toEqual({ acknowledged: true, closeCode: undefined });
    // connectionParams are headers: their names in any case.
    expect(await subscriptionInit(server, await token({ sub: "someone" }), "Authorization")).toEqual({ acknowledged: true, closeCode: undefined });
  });

  it("JWT_SUBJECT_CLAIM names another claim, a dot path included; `sub` alone is then not enough", async () => {
    const keycloak = await startTestServer({ ...ENV, JWT_SUBJECT_CLAIM: "realm.user_id" }, server.db);
    try {
      const ok = await keycloak.request("GET", CUSTOMERS, undefined, bearer(await token({ realm: { user_id: "u-1" } })));
      expect(ok.status).toBe(200);
      const subOnly = await keycloak.request("GET", CUSTOMERS, undefined, bearer(await token({ sub: "u-1" })));
      expect(subOnly.status).toBe(401);
      expect(subOnly.body.message).toContain('"realm.user_id"');
      expect((await keycloak.request("GET", CUSTOMERS, undefined, bearer(await token({ realm: { user_id: " " } })))).status).toBe(401);
      expect((await keycloak.request("GET", CUSTOMERS, undefined, bearer(await token({ realm: { user_id: { id: 1 } } })))).status).toBe(401);
    } finally {
      await keycloak.close();
    }
  });
});

describe("a bearer token expires, within a bounded lifetime", () => {
  it("a token without `exp` is refused 401, saying so", async () => {
    const res = await server.request("GET", CUSTOMERS, undefined, bearer(await token({ sub: "forever" }, { iat: now() })));
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('"exp"');
  });

  it("JWT_MAX_LIFETIME_S (default a day) bounds exp − iat, and exp − now without iat", async () => {
    const t = now();
    const status = async (times: { exp?: number; iat?: number }) =>
      (await server.request("GET", CUSTOMERS, undefined, bearer(await token({ sub: "timed" }, times)))).status;
    expect(await status({ iat: t, exp: t + 86_400 })).toBe(200);
    expect(await status({ exp: t + 86_400 })).toBe(200);
    expect(await status({ iat: t, exp: t + 86_400 + 60 })).toBe(401);
    expect(await status({ exp: t + 2 * 86_400 })).toBe(401);
    expect(await status({ exp: t + 10 * 365 * 86_400 })).toBe(401);
    // Issued long ago for two days, near its end now: still a two-day token.
    expect(await status({ iat: t - 2 * 86_400 + 600, exp: t + 600 })).toBe(401);
    // An `iat` in the future does not stretch the bound.
    expect(await status({ iat: t + 86_400, exp: t + 2 * 86_400 })).toBe(401);
    const far = await server.request("GET", CUSTOMERS, undefined, bearer(await token({ sub: "timed" }, { iat: t, exp: t + 3 * 86_400 })));
    expect(far.body.message).toContain("86400 s");
  });

  it("JWT_MAX_LIFETIME_S is configurable", async () => {
    const short = await startTestServer({ ...ENV, JWT_MAX_LIFETIME_S: "600" }, server.db);
    try {
      const t = now();
      expect((await short.request("GET", CUSTOMERS, undefined, bearer(await token({ sub: "s" }, { iat: t, exp: t + 600 })))).status).toBe(200);
      expect((await short.request("GET", CUSTOMERS, undefined, bearer(await token({ sub: "s" }, { iat: t, exp: t + 3600 })))).status).toBe(401);
    } finally {
      await short.close();
    }
  });
});

describe("a bearer token is an access token", () => {
  it("an ID or refresh token (Keycloak's typ) is refused 401, saying so; an access token (typ Bearer, or none) passes", async () => {
    for (const typ of ["ID", "Refresh", 7]) {
      const res = await server.request("GET", CUSTOMERS, undefined, bearer(await token({ sub: "u-typ", typ })));
      expect(res.status, String(typ)).toBe(401);
      expect(res.body.message).toContain('"typ"');
    }
    for (const claims of [{ sub: "u-typ", typ: "Bearer" }, { sub: "u-typ" }]) {
      expect((await server.request("GET", CUSTOMERS, undefined, bearer(await token(claims)))).status).toBe(200);
    }
  });
});

describe("two subjects never share a principal", () => {
  it("neither their idempotency keys nor their hubs", async () => {
    // Not `*`, which administers every hub.
    const scope = "customer:* account:* payment:*";
    const alice = bearer(await token({ sub: "alice", scope }));
    const bob = bearer(await token({ sub: "bob", scope }));
    const customer = await server.request("POST", CUSTOMERS, { name: "Identity Ltd", engagedParty: { id: "o-1", "@referredType": "Organization" } }, alice);
    expect(customer.status).toBe(201);
    const account = await server.request(
      "POST",
      ACCOUNTS,
      {
        name: "Main",
        relatedParty: [{ id: customer.body.id, name: "Identity Ltd", role: "Customer", "@referredType": "Customer" }],
      },
      alice,
    );
    expect(account.status).toBe(201);
    const body = {
      account: { id: account.body.id },
      paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
      totalAmount: { unit: "EUR", value: 7 },
    };
    const key = { "idempotency-key": "identity-shared-key" };
    const first = await server.request("POST", PAYMENTS, body, { ...alice, ...key });
    const again = await server.request("POST", PAYMENTS, body, { ...alice, ...key });
    const other = await server.request("POST", PAYMENTS, body, { ...bob, ...key });
    expect([first.status, again.status, other.status]).toEqual([201, 201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(other.body.id).not.toBe(first.body.id);

    const hub = await server.request("POST", PAYMENT_HUB, { callback: "http://listener.example/alice" }, alice);
    expect(hub.status).toBe(201);
    expect((await server.request("GET", `${PAYMENT_HUB}/${hub.body.id}`, undefined, alice)).status).toBe(200);
    expect((await server.request("GET", `${PAYMENT_HUB}/${hub.body.id}`, undefined, bob)).status).toBe(404);
    expect((await server.request("DELETE", `${PAYMENT_HUB}/${hub.body.id}`, undefined, bob)).status).toBe(404);
    const { rows } = await server.db.pool.query(`SELECT owner FROM hub WHERE id = $1`, [hub.body.id]);
    expect(rows).toEqual([{ owner: "jwt:alice" }]);
  });
});

describe("failed authentications are bounded per client address", () => {
  it("60 wrong keys with AUTH_FAILURES_MAX=40: 40 × 401, then 429 with Retry-After; the address is blocked, valid key included", async () => {
    const guarded = await startTestServer({ ...ENV, AUTH_FAILURES_MAX: "40" }, server.db);
    try {
      const statuses: number[] = [];
      let refused: Awaited<ReturnType<typeof guarded.request>> | undefined;
      for (let i = 0; i < 60; i++) {
        const res = await guarded.request("GET", CUSTOMERS, undefined, { "x-api-key": `guess-${i}-0123456789abcdef` });
        statuses.push(res.status);
        if (res.status === 429) refused ??= res;
      }
      expect(statuses).toEqual([...Array(40).fill(401), ...Array(20).fill(429)]);
      expect(refused!.body).toMatchObject({ "@type": "Error", status: "429", code: "TOO_MANY_REQUESTS" });
      const retryAfter = Number(refused!.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);

      // Blocked whatever it presents, on every route that needs a caller, GraphQL included.
      expect((await guarded.request("GET", CUSTOMERS, undefined, { "x-api-key": KEY })).status).toBe(429);
      expect((await guarded.request("GET", CUSTOMERS, undefined, bearer(await token({ sub: "valid" })))).status).toBe(429);
      expect((await guarded.request("GET", CUSTOMERS)).status).toBe(429);
      const gql = await guarded.request("POST", "/graphql", { query: "{ customersCount }" }, { "x-api-key": KEY });
      expect(gql.status).toBe(429);
      expect(gql.body.errors[0].extensions.code).toBe("TOO_MANY_REQUESTS");
      // Probes and docs stay open to it without a credential.
      expect((await guarded.request("GET", "/health")).status).toBe(200);
      // Another replica (its own counts) still serves the valid key: the block is this address's at this gateway.
      expect((await server.request("GET", CUSTOMERS, undefined, { "x-api-key": KEY })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it("a missing credential is not a failed attempt; AUTH_FAILURES_MAX=0 turns the guard off", async () => {
    const off = await startTestServer({ ...ENV, AUTH_FAILURES_MAX: "0" }, server.db);
    const low = await startTestServer({ ...ENV, AUTH_FAILURES_MAX: "2" }, server.db);
    try {
      for (let i = 0; i < 5; i++) expect((await off.request("GET", CUSTOMERS, undefined, { "x-api-key": "wrong-0123456789abcdef" })).status).toBe(401);
      for (let i = 0; i < 5; i++) expect((await low.request("GET", CUSTOMERS)).status).toBe(401);
      expect((await low.request("GET", CUSTOMERS, undefined, { "x-api-key": KEY })).status).toBe(200);
      // Refused tokens count like refused keys.
      for (let i = 0; i < 2; i++) expect((await low.request("GET", CUSTOMERS, undefined, bearer(await token({})))).status).toBe(401);
      expect((await low.request("GET", CUSTOMERS, undefined, { "x-api-key": KEY })).status).toBe(429);
    } finally {
      await off.close();
      await low.close();
    }
  });

  it("the window ends the block; memory stays bounded whatever the number of addresses; an IPv6 /64 is one address", () => {
    const attempts = new FailedAttempts({ max: 3, windowMs: 60_000, capacity: 100 });
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) attempts.failed("203.0.113.7", t + i);
    expect(attempts.blocked("203.0.113.7", t + 10)).toBe(59_990);
    expect(attempts.blocked("203.0.113.8", t + 10)).toBe(0);
    expect(attempts.blocked("::ffff:203.0.113.7", t + 10)).toBe(59_990);
    expect(attempts.blocked("203.0.113.7", t + 60_000)).toBe(0);

    for (let i = 0; i < 3; i++) attempts.failed(`2001:db8:1:2::${i + 1}`, t);
    expect(attempts.blocked("2001:db8:1:2:ffff::9", t + 1)).toBe(59_999);
    expect(attempts.blocked("2001:db8:1:3::1", t + 1)).toBe(0);

    for (let i = 0; i < 10_000; i++) attempts.failed(`198.51.${i >> 8}.${i & 255}`, t + 2);
    expect(attempts.size).toBe(100);
    // The least recently failing addresses were forgotten first: the most recent are still counted.
    expect(attempts.blocked("2001:db8:1:2::1", t + 3)).toBe(0);
    attempts.failed("198.51.39.15", t + 3);
    attempts.failed("198.51.39.15", t + 3);
    expect(attempts.blocked("198.51.39.15", t + 3)).toBeGreaterThan(0);
  });
});

describe("configuration", () => {
  it("refuses nonsense values with a ConfigError", () => {
    const base = { AUTH: "true", JWT_SECRET: SECRET };
    for (const env of [
      { JWT_SUBJECT_CLAIM: "realm..user_id" },
      { JWT_SUBJECT_CLAIM: "user id" },
      { JWT_SUBJECT_CLAIM: ".sub" },
      { JWT_MAX_LIFETIME_S: "0" },
      { JWT_MAX_LIFETIME_S: "1d" },
      { JWT_CLOCK_TOLERANCE_S: "-1" },
      { JWT_CLOCK_TOLERANCE_S: "3600" },
      { AUTH_FAILURES_MAX: "-1" },
      { AUTH_FAILURES_MAX: "many" },
    ]) {
      expect(() => loadConfig({ ...base, ...env }), JSON.stringify(env)).toThrow(ConfigError);
    }
    const config = loadConfig({ ...base, JWT_SUBJECT_CLAIM: "azp" });
    expect(config.auth).toMatchObject({ jwtSubjectClaim: "azp", jwtMaxLifetimeS: 86_400, jwtClockToleranceS: 30 });
    expect(config.authFailuresMax).toBe(20);
  });
});

/** graphql-ws connection_init with this token: acknowledged, or closed with which code. */
function subscriptionInit(target: TestServer, jwt: string, header = "authorization"): Promise<{ acknowledged: boolean; closeCode?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${target.url.replace("http", "ws")}/graphql`, "graphql-transport-ws");
    ws.on("error", () => undefined);
    ws.once("unexpected-response", () => reject(new Error("upgrade refused")));
    ws.once("open", () => ws.send(JSON.stringify({ type: "connection_init", payload: { [header]: `Bearer ${jwt}` } })));
    ws.on("message", (data) => {
      if (JSON.parse(String(data)).type !== "connection_ack") return;
      ws.close();
      resolve({ acknowledged: true, closeCode: undefined });
    });
    ws.once("close", (code) => resolve({ acknowledged: false, closeCode: code }));
  });
}
