import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { composeServices } from "@theguild/federation-composition";
import { parse } from "graphql";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { subgraphSdl } from "../src/schema/schema.js";
import { startTestServer, type TestServer } from "./support/server.js";

// This service as an Apollo Federation 2 subgraph: composed (@theguild/federation-composition) with
// a second subgraph written here, served through a real gateway (Hive Gateway's runtime), over
// loopback HTTP; and `_entities` held to the scopes, the cost budget and its own bound.

const ADMIN = "admin-key-0123456789abcdef";
const ROUTER = "router-key-0123456789abcdef";
const PORTAL = "portal-key-0123456789abcdef";
const CUSTOMERS_ONLY = "customers-key-0123456789abcdef";
const JWT_SECRET = "a-federation-test-secret-of-32-chars-at-least";

/** The loyalty subgraph: Customer extended with a tier of its own, and a root list that names customers by id only. */
const LOYALTY_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Customer @key(fields: "id") {
    id: ID!
    "The customer's loyalty tier, kept by the loyalty service"
    loyaltyTier: String!
  }
  type Query {
    "The loyalty programme's best customers"
    topLoyalCustomers: [Customer!]!
  }
`;

let tmf: TestServer;
let loyalty: { url: string; stop: () => Promise<void> };
let gateway: { url: string; server: Server; dispose: () => void | Promise<void> };
const customers: { id: string; name: string }[] = [];
const tierOf = (id: string) => `tier-${customers.findIndex((c) => c.id === id)}`;
let loyaltyEntityCalls = 0;

const post = (key: string, query: string, variables?: Record<string, unknown>) => tmf.request("POST", "/graphql", { query, variables }, { "x-api-key": key });

async function startLoyalty() {
  const schema = buildSubgraphSchema({
    typeDefs: parse(LOYALTY_SDL),
    resolvers: {
      Query: { topLoyalCustomers: () => customers.slice(0, 3).map(({ id }) => ({ id })) },
      Customer: {
        __resolveReference: ({ id }: { id: string }) => {
          loyaltyEntityCalls++;
          return { id };
        },
        loyaltyTier: ({ id }: { id: string }) => tierOf(id),
      },
    },
  });
  const server = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { host: "127.0.0.1", port: 0 } });
  return { url, stop: () => server.stop() };
}

/**
 * The supergraph of this service and the loyalty subgraph. Introspection is off here, as in
 * production, and `_service` with it: composition reads the committed graphql/subgraph.graphql
 * (the schema test holds it equal to `_service.sdl`).
 */
async function startGateway() {
  const composed = composeServices([
    { name: "tmf", typeDefs: parse(readFileSync(new URL("../graphql/subgraph.graphql", import.meta.url), "utf8")), url: `${tmf.url}/graphql` },
    { name: "loyalty", typeDefs: parse(LOYALTY_SDL), url: loyalty.url },
  ]);
  expect(composed.errors ?? []).toEqual([]);
  const runtime = createGatewayRuntime({
    supergraph: (composed as { supergraphSdl: string }).supergraphSdl,
    logging: false,
    maskedErrors: false,
    // The router's own credential on every fetch to this service; the loyalty subgraph needs none.
    propagateHeaders: { fromClientToSubgraphs: ({ subgraphName }) => (subgraphName === "tmf" ? { "x-api-key": ROUTER } : {}) },
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/graphql`, server, dispose: () => runtime.dispose() };
}

const throughGateway = async (query: string) => {
  const res = await fetch(gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] } };
};

beforeAll(async () => {
  tmf = await startTestServer({
    AUTH: "true",
    GRAPHQL_INTROSPECTION: "false",
    GRAPHQL_TRUSTED_DOCUMENTS: "true",
    GRAPHQL_TRUSTED_ROUTERS: "router",
    JWT_SECRET,
    API_KEYS: JSON.stringify([
      { name: "admin", key: ADMIN, scopes: ["*"] },
      { name: "router", key: ROUTER, scopes: ["customer:read", "account:read"] },
      { name: "portal", key: PORTAL, scopes: ["*"] },
      { name: "customers", key: CUSTOMERS_ONLY, scopes: ["customer:read"] },
    ]),
  });
  // Trusted documents are on: the seed goes through REST, which runs its own operations.
  for (let i = 0; i < 5; i++) {
    const body = { name: `Federated ${i}`, engagedParty: { id: `party-${i}`, "@referredType": "Individual" } };
    const created = await tmf.request("POST", "/tmf-api/customerManagement/v4/customer", body, { "x-api-key": ADMIN });
    expect(created.status).toBe(201);
    customers.push({ id: created.body.id, name: body.name });
  }
  loyalty = await startLoyalty();
  gateway = await startGateway();
});

afterAll(async () => {
  await new Promise((resolve) => gateway?.server.close(resolve));
  await gateway?.dispose();
  await loyalty?.stop();
  await tmf?.close();
});

describe("Apollo Federation 2: a supergraph through a real gateway", () => {
  it("a query crossing both subgraphs: this service's customers with the loyalty tier, and the loyalty list with this service's names", async () => {
    const before = tmf.db.pool.statements;
    const res = await throughGateway(`{
      customers(limit: 5) { id name loyaltyTier }
      topLoyalCustomers { id loyaltyTier name accountsCount }
    }`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.customers).toEqual(customers.map(({ id, name }, i) => ({ id, name, loyaltyTier: `tier-${i}` })));
    expect(res.body.data!.topLoyalCustomers).toEqual(
      customers.slice(0, 3).map(({ id, name }, i) => ({ id, loyaltyTier: `tier-${i}`, name, accountsCount: 0 })),
    );
    expect(loyaltyEntityCalls).toBeGreaterThanOrEqual(5);
    // customers (1), the three customers of _entities (1, batched), their accounts counted (1).
    expect(tmf.db.pool.statements - before).toBe(3);
  });

  it("trusted documents: the router's generated operations run; the same operation from another caller is refused", async () => {
    const operation = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { name } } }`;
    const r = [{ __typename: "Customer", id: customers[0]!.id }];
    const router = await post(ROUTER, operation, { r });
    expect(router.body).toEqual({ data: { _entities: [{ name: customers[0]!.name }] } });
    const portal = await post(PORTAL, operation, { r });
    expect(portal.status).toBe(400);
    expect(portal.body.errors[0].extensions.code).toBe("OPERATION_NOT_TRUSTED");
    // A token whose subject is the router key's name is not the router.
    const token = await new SignJWT({ scope: "customer:read" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("router")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(JWT_SECRET));
    const impostor = await tmf.request("POST", "/graphql", { query: operation, variables: { r } }, { authorization: `Bearer ${token}` });
    expect(impostor.status).toBe(400);
    expect(impostor.body.errors[0].extensions.code).toBe("OPERATION_NOT_TRUSTED");
  });

  it("GRAPHQL_TRUSTED_ROUTERS names API keys that exist (a typo would silently refuse the router), or jwt:<subject>", () => {
    const keys = JSON.stringify([{ name: "router", key: ROUTER, scopes: ["customer:read"] }]);
    expect(loadConfig({ API_KEYS: keys, GRAPHQL_TRUSTED_ROUTERS: "router, jwt:mesh" }).graphql.trustedRouters).toEqual(["key:router", "jwt:mesh"]);
    expect(() => loadConfig({ API_KEYS: keys, GRAPHQL_TRUSTED_ROUTERS: "rooter" })).toThrow(
      /GRAPHQL_TRUSTED_ROUTERS names "rooter", which is no API_KEYS name/,
    );
  });

  it("_service is refused like introspection when GRAPHQL_INTROSPECTION is off, the router's call too", async () => {
    const refused = await post(ROUTER, "{ _service { sdl } }");
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", limit: "introspection" });
  });
});

describe("_entities: batched, and held to the type's own rules", () => {
  let server: TestServer;
  const ids: string[] = [];
  const accounts: string[] = [];
  const scoped = (key: string, query: string, variables?: Record<string, unknown>) =>
    server.request("POST", "/graphql", { query, variables }, { "x-api-key": key });
  const ENTITIES = `query Entities($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Customer { id name } ... on BillingAccount { id name } } }`;

  beforeAll(async () => {
    server = await startTestServer({
      AUTH: "true",
      API_KEYS: JSON.stringify([
        { name: "admin", key: ADMIN, scopes: ["*"] },
        { name: "customers", key: CUSTOMERS_ONLY, scopes: ["customer:read"] },
      ]),
    });
    for (let i = 0; i < 3; i++) {
      const c = await scoped(ADMIN, `mutation ($i: CustomerInput!) { createCustomer(input: $i) { id } }`, {
        i: { name: `E${i}`, engagedParty: { id: "p", atReferredType: "Individual" } },
      });
      ids.push(c.body.data.createCustomer.id);
      const a = await scoped(ADMIN, `mutation ($i: BillingAccountInput!) { createBillingAccount(input: $i) { id } }`, {
        i: { name: `A${i}`, relatedParty: [{ id: ids[i], name: `E${i}`, role: "customer", atReferredType: "Customer" }] },
      });
      expect(a.body.errors).toBeUndefined();
      accounts.push(a.body.data.createBillingAccount.id);
    }
  });
  afterAll(() => server?.close());

  it("resolves every representation in order, one statement per type, null for a missing entity", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const r = [
      ...ids.map((id) => ({ __typename: "Customer", id })),
      { __typename: "Customer", id: missing },
      ...accounts.map((id) => ({ __typename: "BillingAccount", id })),
    ];
    const before = server.db.pool.statements;
    const res = await scoped(ADMIN, ENTITIES, { r });
    expect(res.body.errors).toBeUndefined();
    expect(server.db.pool.statements - before).toBe(2);
    expect(res.body.data._entities).toEqual([
      ...ids.map((id, i) => ({ __typename: "Customer", id, name: `E${i}` })),
      null,
      ...accounts.map((id, i) => ({ __typename: "BillingAccount", id, name: `A${i}` })),
    ]);
  });

  it("each type needs its by-id query's read scope: one type without it refuses the whole call, before any read", async () => {
    const before = server.db.pool.statements;
    const res = await scoped(CUSTOMERS_ONLY, ENTITIES, {
      r: [
        { __typename: "Customer", id: ids[0] },
        { __typename: "BillingAccount", id: accounts[0] },
      ],
    });
    expect(res.body.errors[0].extensions.code).toBe("FORBIDDEN");
    expect(res.body.errors[0].message).toContain("account:read");
    expect(res.body.data).toBeNull();
    expect(server.db.pool.statements - before).toBe(0);
    const allowed = await scoped(CUSTOMERS_ONLY, ENTITIES, { r: [{ __typename: "Customer", id: ids[0] }] });
    expect(allowed.body).toEqual({ data: { _entities: [{ __typename: "Customer", id: ids[0], name: "E0" }] } });
  });

  it("more representations than the bound (1000): 400 BAD_USER_INPUT, nothing read", async () => {
    const before = server.db.pool.statements;
    const r = Array.from({ length: 1001 }, () => ({ __typename: "Customer", id: ids[0] }));
    const res = await scoped(ADMIN, ENTITIES, { r });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", limit: "representations" });
    expect(server.db.pool.statements - before).toBe(0);
  });

  it("representations count against the cost budget, by the variable's length, every time the operation is sent", async () => {
    const query = `query Deep($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { accounts(limit: 100) { id } } } }`;
    const r = (n: number) => Array.from({ length: n }, (_, i) => ({ __typename: "Customer", id: ids[i % ids.length] }));
    // 200 × (1 + 100) = 20200 ≤ 25000; 300 × 101 = 30300 > 25000.
    for (let round = 0; round < 2; round++) {
      const within = await scoped(ADMIN, query, { r: r(200) });
      expect(within.status, JSON.stringify(within.body).slice(0, 300)).toBe(200);
      const over = await scoped(ADMIN, query, { r: r(300) });
      expect(over.status).toBe(400);
      expect(over.body.errors[0].extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", limit: "complexity" });
      expect(over.body.errors[0].message).toContain("cost 30300");
    }
  });

  it("an unknown __typename, a part, or a representation without id: BAD_USER_INPUT naming it, never 500", async () => {
    for (const bad of [
      { __typename: "Nope", id: "x" },
      { __typename: "PaymentItem", id: "x" },
      { __typename: "Customer" },
      { __typename: "Customer", id: 7 },
      "Customer",
    ]) {
      const res = await scoped(ADMIN, ENTITIES, { r: [bad] });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    }
    const literal = await scoped(ADMIN, `{ _entities(representations: [{ __typename: "Nope", id: "x" }]) { __typename } }`);
    expect(literal.status).toBe(400);
    expect(literal.body.errors[0].message).toContain('Unknown entity type "Nope"');
    expect(literal.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("_service serves the committed subgraph SDL (introspection on)", async () => {
    const res = await scoped(CUSTOMERS_ONLY, "{ _service { sdl } }");
    expect(res.body.data._service.sdl).toBe(await subgraphSdl());
  });
});
