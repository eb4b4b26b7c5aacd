import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CARRIERS, type Carrier } from "../src/graphql/policy.js";
import WebSocket from "ws";
import { runOver, type Credential, type GraphqlCarrier, type Outcome } from "./support/carriers.js";
import { callTool, mcpClient, refusal, tmfErrorOf, type ToolOutcome } from "./support/mcp.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Every carrier × every policy, against the real service with authentication on, in production's
// switches (introspection and suggestions off). A carrier the gateway registers (CARRIERS, and
// `policy.carrier(…)` where it is set up) without its column here fails the first test; a policy
// without its row for every carrier does not compile. "Not applicable" must say why.

const POLICIES = [
  "authentication",
  "credential expiry",
  "scopes",
  "party-role grants",
  "rate limit",
  "introspection",
  "suggestions",
  "error masking",
  "operation limits",
  "body rules",
] as const;
type Policy = (typeof POLICIES)[number];
type Probe = (() => Promise<void>) | { notApplicable: string };

const RATE = 12;
const key = (name: string) => `${name}-key-0123456789abcdef`;
const keys = [
  ...CARRIERS.flatMap((carrier) => [
    { name: carrier, key: key(carrier), scopes: ["*"] },
    { name: `rate-${carrier}`, key: key(`rate-${carrier}`), scopes: ["*"] },
  ]),
  { name: "reader", key: key("reader"), scopes: ["customer:read"] },
  // May write party roles, and hold no other scope: it may grant none (party-role-grants.test.ts).
  { name: "role-writer", key: key("role-writer"), scopes: ["partyRole:read", "partyRole:write"] },
];
const MINT = `mutation { createPartyRole(input: { name: "Mint", characteristic: [{ name: "scope", value: "*" }] }) { id } }`;
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
const ROLES = "/tmf-api/partyRoleManagement/v4/partyRole";
const SECRET = "policy-matrix-secret-0123456789abcdef";

/** A bearer token's headers (on a socket, its connectionParams), expiring at `exp` (seconds since the epoch). */
async function bearer(exp: number): Promise<Record<string, string>> {
  const jwt = await new SignJWT({ scope: "*" })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("matrix")
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(SECRET));
  return { authorization: `Bearer ${jwt}` };
}
const expired = () => bearer(Math.floor(Date.now() / 1000) - 5);

/** How a graphql-ws connection with these connectionParams is closed by the server, and when (ms since the epoch). */
function socketClosed(params: Record<string, string>): Promise<{ acknowledged: boolean; code: number; at: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/graphql`, "graphql-transport-ws");
    let acknowledged = false;
    ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init", payload: params })));
    ws.on("message", (data) => (acknowledged ||= (JSON.parse(String(data)) as { type: string }).type === "connection_ack"));
    ws.on("close", (code) => resolve({ acknowledged, code, at: Date.now() }));
  });
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    AUTH: "true",
    API_KEYS: JSON.stringify(keys),
    JWT_SECRET: SECRET,
    JWT_CLOCK_TOLERANCE_S: "0",
    RATE_LIMIT_MAX: String(RATE),
    GRAPHQL_INTROSPECTION: "false",
    GRAPHQL_SUGGESTIONS: "false",
    GRAPHQL_MAX_COST: "50",
  });
  const created = await rest("POST", CUSTOMERS, key("reader"), {
    name: "Matrix",
    engagedParty: { id: "o-1", name: "Matrix", "@referredType": "Organization" },
  });
  expect(created.status).toBe(403); // the reader may not write…
  expect(
    (await rest("POST", CUSTOMERS, key("rest"), { name: "Matrix", engagedParty: { id: "o-1", name: "Matrix", "@referredType": "Organization" } })).status,
  ).toBe(201);
});
afterAll(() => server?.close());

async function rest(method: string, path: string, apiKey: Credential, body?: unknown): Promise<{ status: number; body: { code?: string; message?: string } }> {
  const credential = typeof apiKey === "string" ? { "x-api-key": apiKey } : apiKey;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...credential, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as { code?: string; message?: string } };
}

const gql = (carrier: GraphqlCarrier, apiKey: Credential, query: string, variables?: Record<string, unknown>) =>
  runOver(carrier, server.url, apiKey, query, variables);

/** A column of the customer table renamed while `probe` runs: the reads fail inside PostgreSQL, with a message naming it. */
async function withBrokenTable<T>(probe: () => Promise<T>): Promise<T> {
  await server.db.pool.query(`ALTER TABLE customer RENAME COLUMN name TO name_broken_for_test`);
  try {
    return await probe();
  } finally {
    await server.db.pool.query(`ALTER TABLE customer RENAME COLUMN name_broken_for_test TO name`);
  }
}

/** A JSON variable holding an own `__proto__` key (JSON.parse makes one; an object literal would set the prototype). */
const PROTO_VARIABLES = JSON.parse(`{"v":{"__proto__":{"polluted":true}}}`) as Record<string, unknown>;

const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);

/** Refused, as each carrier says it: an HTTP 4xx with the code, or the error (or close code) on a socket. */
function expectRefused(outcome: Outcome, code: string, status: number, closeCode?: number) {
  if (outcome.closed !== undefined) expect(outcome.closed).toBe(closeCode);
  else expect(outcome, JSON.stringify(outcome)).toMatchObject({ code });
  if (outcome.status !== undefined) expect(outcome.status).toBe(status);
}

function graphqlProbes(carrier: GraphqlCarrier): Record<Policy, Probe> {
  const own = key(carrier);
  return {
    authentication: async () => {
      // On a socket as graphql-ws's protocol has it: 4401 Unauthorized without a credential, 4403 Forbidden for a refused one.
      expectRefused(await gql(carrier, undefined, `{ customers { id } }`), "UNAUTHENTICATED", 401, 4401);
      expectRefused(await gql(carrier, "not-a-key", `{ customers { id } }`), "UNAUTHENTICATED", 401, 4403);
    },
    "credential expiry": async () => {
      // Checked per request on HTTP; a socket is closed (4403, the client reconnects with a fresh token) when its token expires.
      expectRefused(await gql(carrier, await expired(), `{ customers(limit: 1) { id } }`), "UNAUTHENTICATED", 401, 4403);
      if (carrier !== "graphql-ws") return;
      const exp = Math.floor(Date.now() / 1000) + 2;
      const closed = await socketClosed(await bearer(exp));
      expect(closed).toMatchObject({ acknowledged: true, code: 4403 });
      expect(closed.at).toBeGreaterThanOrEqual(exp * 1000);
    },
    scopes: async () => {
      const outcome = await gql(carrier, key("reader"), `{ payments(limit: 1) { id } }`);
      expect(outcome.code).toBe("FORBIDDEN");
    },
    "party-role grants": async () => {
      const outcome = await gql(carrier, key("role-writer"), MINT);
      if (carrier === "graphql-get")
        expect(outcome.status).toBe(405); // a mutation is never carried by GET
      else expect(outcome).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("Missing scope(s): *:") });
    },
    "rate limit": async () => {
      const outcomes: Outcome[] = [];
      for (let i = 0; i <= RATE; i++) outcomes.push(await gql(carrier, key(`rate-${carrier}`), `{ customers(limit: 1) { id } }`));
      expect(outcomes.slice(0, RATE).every((o) => o.code === undefined)).toBe(true);
      expectRefused(outcomes[RATE]!, "TOO_MANY_REQUESTS", 429);
    },
    introspection: async () => {
      for (const query of [`{ __schema { types { name } } }`, `{ __type(name: "Customer") { fields { name } } }`]) {
        const outcome = await gql(carrier, own, query);
        expectRefused(outcome, "GRAPHQL_VALIDATION_FAILED", 400);
        expect(outcome.message).toMatch(/GRAPHQL_INTROSPECTION/);
      }
      expect((await gql(carrier, own, `{ __typename }`)).data).toEqual({ __typename: "Query" });
    },
    suggestions: async () => {
      const outcome = await gql(carrier, own, `{ customer(id: "x") { nam } }`);
      expectRefused(outcome, "GRAPHQL_VALIDATION_FAILED", 400);
      expect(outcome.message).toBe(`Cannot query field "nam" on type "Customer".`);
    },
    "error masking": async () => {
      const outcome = await withBrokenTable(() => gql(carrier, own, `{ customers(limit: 1) { id name } }`));
      expect(outcome).toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
    },
    "operation limits": async () => {
      const outcome = await gql(carrier, own, `{ customers(limit: 100) { id } }`);
      expectRefused(outcome, "GRAPHQL_VALIDATION_FAILED", 400);
      expect(outcome.message).toBe("Query complexity limit exceeded: cost 100 > maximum complexity 50");
    },
    "body rules": async () => {
      const write = `mutation ($v: JSON) { updateCustomer(id: "x", patch: { characteristic: [{ name: "a", value: $v }] }) { id } }`;
      expectRefused(await gql(carrier, own, write, { v: nested(40) }), "BAD_USER_INPUT", 400, 4400);
      expectRefused(await gql(carrier, own, write, PROTO_VARIABLES), "BAD_USER_INPUT", 400, 4400);
    },
  };
}

/** MCP clients by API key, connected once (a connection is three requests the rate limit counts). */
const mcpClients = new Map<string, Client>();
afterAll(() => Promise.all([...mcpClients.values()].map((client) => client.close())));

/** One MCP tool call with the SDK's client with this API key (or none): its result, or the HTTP refusal. */
async function tool(apiKey: string | undefined, name: string, args: Record<string, unknown>): Promise<ToolOutcome> {
  let client = apiKey ? mcpClients.get(apiKey) : undefined;
  if (!client) {
    try {
      client = await mcpClient(server.url, apiKey ? { "x-api-key": apiKey } : {});
    } catch (err) {
      return { refused: refusal(err) };
    }
    if (apiKey) mcpClients.set(apiKey, client);
  }
  return callTool(client, name, args);
}

const MATRIX: Record<Carrier, Record<Policy, Probe>> = {
  rest: {
    authentication: async () => expect(await rest("GET", CUSTOMERS, undefined)).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } }),
    "credential expiry": async () => expect(await rest("GET", CUSTOMERS, await expired())).toMatchObject({ status: 401, body: { code: "UNAUTHENTICATED" } }),
    scopes: async () => expect(await rest("GET", `${PAYMENTS}?limit=1`, key("reader"))).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } }),
    "party-role grants": async () => {
      const minted = await rest("POST", ROLES, key("role-writer"), { name: "Mint", characteristic: [{ name: "scope", value: "*" }] });
      expect(minted).toMatchObject({ status: 403, body: { code: "FORBIDDEN", message: expect.stringContaining("Missing scope(s): *:") } });
    },
    "rate limit": async () => {
      const statuses: number[] = [];
      for (let i = 0; i <= RATE; i++) statuses.push((await rest("GET", `${CUSTOMERS}?limit=1`, key("rate-rest"))).status);
      expect(statuses).toEqual([...Array<number>(RATE).fill(200), 429]);
    },
    introspection: { notApplicable: "REST runs only the documents the translator generates from resource descriptions; none selects __schema or __type" },
    suggestions: async () => {
      const answer = await rest("GET", `${CUSTOMERS}?fields=nam`, key("rest"));
      expect(answer.status).toBe(400);
      expect(answer.body.message).not.toMatch(/Did you mean/);
    },
    "error masking": async () => {
      const answer = await withBrokenTable(() => rest("GET", `${CUSTOMERS}?limit=1&fields=name`, key("rest")));
      expect(answer.status).toBe(500);
      expect(answer.body.code).toBe("INTERNAL_SERVER_ERROR");
      expect(answer.body.message).toMatch(/^Internal error; reference request id /);
    },
    "operation limits": async () => {
      const answer = await rest("GET", `${CUSTOMERS}?limit=100`, key("rest"));
      expect(answer).toMatchObject({ status: 400, body: { code: "BAD_USER_INPUT" } });
      expect(answer.body.message).toMatch(/complexity limit exceeded/);
    },
    "body rules": async () => {
      const deep = JSON.stringify({ name: "Deep", characteristic: [{ name: "x", value: nested(40) }] });
      expect(await rest("POST", CUSTOMERS, key("rest"), deep)).toMatchObject({ status: 400, body: { code: "BAD_USER_INPUT" } });
      const proto = `{"name":"Proto","characteristic":[{"name":"x","value":{"__proto__":{"polluted":true}}}]}`;
      expect(await rest("POST", CUSTOMERS, key("rest"), proto)).toMatchObject({ status: 400, body: { code: "BAD_USER_INPUT" } });
    },
  },
  mcp: {
    authentication: async () => {
      expect((await tool(undefined, "list_customer", {})).refused).toMatchObject({ status: 401, message: expect.stringMatching(/UNAUTHENTICATED/) });
      expect((await tool("not-a-key", "list_customer", {})).refused).toMatchObject({ status: 401 });
    },
    "credential expiry": async () => {
      // MCP is HTTP: each request of a session authenticates, so an expired token is refused.
      const refused = await mcpClient(server.url, await expired()).then(
        () => undefined,
        (err: unknown) => refusal(err),
      );
      expect(refused).toMatchObject({ status: 401 });
    },
    scopes: async () => expect(tmfErrorOf(await tool(key("reader"), "list_payment", { limit: 1 }))).toMatchObject({ code: "FORBIDDEN", status: "403" }),
    "party-role grants": async () => {
      const minted = await tool(key("role-writer"), "create_partyRole", { name: "Mint", characteristic: [{ name: "scope", value: "*" }] });
      expect(tmfErrorOf(minted)).toMatchObject({ code: "FORBIDDEN", status: "403", message: expect.stringContaining("Missing scope(s): *:") });
    },
    "rate limit": async () => {
      // A connection is requests too (initialize, its notification, the event stream's GET): each counts.
      const outcomes: ToolOutcome[] = [];
      for (let i = 0; i < RATE; i++) outcomes.push(await tool(key("rate-mcp"), "list_customer", { limit: 1 }));
      const served = outcomes.filter((o) => o.result && !o.result.isError).length;
      expect(served).toBeGreaterThan(RATE - 5);
      expect(outcomes.slice(served).map((o) => o.refused?.status)).toEqual(Array<number>(RATE - served).fill(429));
    },
    introspection: { notApplicable: "MCP tools run the translator's documents generated from resource descriptions, as REST; none selects __schema or __type" },
    suggestions: async () => {
      const error = tmfErrorOf(await tool(key("mcp"), "list_customer", { fields: "nam" }));
      expect(error.status).toBe("400");
      expect(error.message).not.toMatch(/Did you mean/);
    },
    "error masking": async () => {
      const outcome = await withBrokenTable(() => tool(key("mcp"), "list_customer", { limit: 1, fields: "name" }));
      expect(tmfErrorOf(outcome)).toMatchObject({
        code: "INTERNAL_SERVER_ERROR",
        status: "500",
        message: expect.stringMatching(/^Internal error; reference request id /),
      });
      expect(tmfErrorOf(outcome).message).not.toMatch(/name/);
    },
    "operation limits": async () => {
      const error = tmfErrorOf(await tool(key("mcp"), "list_customer", { limit: 100 }));
      expect(error).toMatchObject({ code: "BAD_USER_INPUT", status: "400", message: expect.stringMatching(/complexity limit exceeded/) });
    },
    "body rules": async () => {
      // The JSON-RPC request's body is parsed by the gateway's one JSON parser: refused before any message is read.
      const deep = await tool(key("mcp"), "create_customer", { name: "Deep", characteristic: [{ name: "x", value: nested(40) }] });
      expect(deep.refused).toMatchObject({ status: 400, message: expect.stringMatching(/BAD_USER_INPUT/) });
      const proto = await tool(
        key("mcp"),
        "create_customer",
        JSON.parse(`{"name":"Proto","characteristic":[{"name":"x","value":{"__proto__":{"polluted":true}}}]}`),
      );
      expect(proto.refused).toMatchObject({ status: 400, message: expect.stringMatching(/BAD_USER_INPUT/) });
    },
  },
  "graphql-post": graphqlProbes("graphql-post"),
  "graphql-get": graphqlProbes("graphql-get"),
  "graphql-ws": graphqlProbes("graphql-ws"),
};

describe("carrier × policy", () => {
  it("every carrier the gateway sets up has its column here, and no other", () => {
    expect([...server.app.gateway.policy.carriers].sort()).toEqual(Object.keys(MATRIX).sort());
    expect([...CARRIERS].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const carrier of CARRIERS) {
    for (const policy of POLICIES) {
      const probe = MATRIX[carrier][policy];
      if (typeof probe === "function") it(`${carrier}: ${policy}`, probe);
      else it(`${carrier}: ${policy} — not applicable: ${probe.notApplicable}`, () => expect(probe.notApplicable.length).toBeGreaterThan(20));
    }
  }
});
