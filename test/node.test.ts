import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OperationLimits } from "../src/graphql/limits/index.js";
import { getSchema } from "../src/schema/schema.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Relay Object Identification: every resource implements Node with an opaque `nodeId`; `node` and
// `nodes` read any of them under the same scope rules as the type's own by-id query.
let server: TestServer;
const FULL = "node-test-full-key-0123456789";
const CUSTOMER_READER = "node-test-customer-reader-0123";

async function gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, key = FULL) {
  const res = await server.request("POST", "/graphql", { query, variables }, { "x-api-key": key });
  return { status: res.status, ...(res.body as { data?: T; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] }) };
}

/** The data of a write that must succeed (its errors in the failure otherwise). */
async function must<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await gql<T>(query, variables);
  if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

let customer: { id: string; nodeId: string };
let account: { id: string; nodeId: string };
let payment: { id: string; nodeId: string };

beforeAll(async () => {
  server = await startTestServer({
    AUTH: "true",
    GRAPHQL_MAX_COST: "200",
    API_KEYS: JSON.stringify([
      { name: "full", key: FULL, scopes: ["*"] },
      { name: "reader", key: CUSTOMER_READER, scopes: ["customer:read"] },
    ]),
  });
  const c = await must<{ createCustomer: typeof customer }>(`mutation ($input: CustomerInput!) { createCustomer(input: $input) { id nodeId } }`, {
    input: { name: "Node Customer", engagedParty: { id: "party-node", atReferredType: "Individual" } },
  });
  customer = c.createCustomer;
  const a = await must<{ createBillingAccount: typeof account }>(
    `mutation ($input: BillingAccountInput!) { createBillingAccount(input: $input) { id nodeId } }`,
    {
      input: { name: "Node Account", relatedParty: [{ id: customer.id, name: "Node Customer", role: "customer", atReferredType: "Customer" }] },
    },
  );
  account = a.createBillingAccount;
  const p = await must<{ createPayment: typeof payment }>(`mutation ($input: PaymentInput!) { createPayment(input: $input) { id nodeId } }`, {
    input: { account: { id: account.id }, paymentMethod: { id: "pm", name: "card", atType: "PaymentMethodRef" }, totalAmount: { unit: "EUR", value: "1.00" } },
  });
  payment = p.createPayment;
});
afterAll(() => server?.close());

const b64 = (text: string) => Buffer.from(text).toString("base64url");

describe("Node: nodeId, node(nodeId), nodes(nodeIds)", () => {
  it("gives every resource a nodeId distinct from its TMF id and from other types' (the type is in it)", async () => {
    expect(customer.nodeId).toBe(b64(`Customer:${customer.id}`));
    expect(account.nodeId).toBe(b64(`BillingAccount:${account.id}`));
    expect(new Set([customer.nodeId, account.nodeId, payment.nodeId, customer.id]).size).toBe(4);
    // The same row read as another resource type (a projection) would get another nodeId: the type is part of it.
    expect(b64(`BillingCycleSpecification:${customer.id}`)).not.toBe(customer.nodeId);
  });

  it("reads any resource by nodeId, the TMF id unchanged, and null for one that does not exist", async () => {
    const res = await gql<{ node: { __typename: string; id: string; nodeId: string; name: string } | null; gone: null }>(
      `query ($n: ID!, $gone: ID!) { node(nodeId: $n) { __typename nodeId ... on Customer { id name } } gone: node(nodeId: $gone) { nodeId } }`,
      { n: customer.nodeId, gone: b64("Customer:00000000-0000-4000-8000-000000000000") },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.node).toEqual({ __typename: "Customer", nodeId: customer.nodeId, id: customer.id, name: "Node Customer" });
    expect(res.data!.gone).toBeNull();
  });

  it("reads several types in their order, null for unknown, one SQL statement per type", async () => {
    const other = await must<{ createCustomer: { nodeId: string } }>(
      `mutation { createCustomer(input: { name: "Other", engagedParty: { id: "x", atReferredType: "Individual" } }) { nodeId } }`,
    );
    const ids = [account.nodeId, customer.nodeId, b64("Payment:00000000-0000-4000-8000-000000000000"), payment.nodeId, other.createCustomer.nodeId];
    // Three runs: the first ones interpreted (graphql-js), the next compiled (graphql-jit): the same answer.
    for (let run = 0; run < 3; run++) {
      const before = server.db.pool.statements;
      const res = await gql<{ nodes: ({ __typename: string; nodeId: string } | null)[] }>(
        `query ($ids: [ID!]!) { nodes(nodeIds: $ids) { __typename nodeId } }`,
        { ids },
      );
      const statements = server.db.pool.statements - before;
      expect(res.errors).toBeUndefined();
      expect(res.data!.nodes.map((n) => n?.__typename ?? null)).toEqual(["BillingAccount", "Customer", null, "Payment", "Customer"]);
      expect(res.data!.nodes.map((n) => n?.nodeId ?? null)).toEqual([ids[0], ids[1], null, ids[3], ids[4]]);
      expect(statements).toBe(3); // billing_account, customer (both customers), payment
    }
  });

  it("reads only the columns the selection asks for of each type, as the by-id query does", async () => {
    const sqlOf = async (query: string, variables: Record<string, unknown>) => {
      const before = server.db.pool.statements;
      expect((await gql(query, variables)).errors).toBeUndefined();
      const sent = server.db.pool.statements - before;
      expect(sent).toBe(1);
      return server.db.pool.texts.slice(-sent);
    };
    const byId = await sqlOf(`query ($id: ID!) { customer(id: $id) { nodeId name } }`, { id: customer.id });
    const byNode = await sqlOf(`query ($n: ID!) { node(nodeId: $n) { nodeId ... on Customer { name } } }`, { n: customer.nodeId });
    expect(byNode).toEqual(byId);
    // A fragment on another type selects nothing of a Customer.
    const mixed = await sqlOf(`query ($n: ID!) { node(nodeId: $n) { nodeId ... on Customer { name } ... on Payment { status paymentDate } } }`, {
      n: customer.nodeId,
    });
    expect(mixed).toEqual(byId);
    const everything = await sqlOf(`query ($id: ID!) { customer(id: $id) { nodeId name contactMedium { mediumType } } }`, { id: customer.id });
    expect(everything).not.toEqual(byId); // the comparison can tell column sets apart
  });

  it("refuses malformed nodeIds as BAD_USER_INPUT, never a 500; in nodes only the malformed item", async () => {
    const malformed = ["not base64!", b64("NoSuchType:1"), b64("Customer"), b64("Customer:"), b64("CustomerEdge:x"), "x".repeat(600), `${customer.nodeId}=`];
    for (const nodeId of malformed) {
      const res = await gql(`query ($n: ID!) { node(nodeId: $n) { nodeId } }`, { n: nodeId });
      expect(res.status, nodeId).toBeLessThan(500);
      expect(res.data?.node ?? null).toBeNull();
      expect(
        res.errors?.map((e) => e.extensions?.code),
        nodeId,
      ).toEqual(["BAD_USER_INPUT"]);
    }
    const res = await gql<{ nodes: ({ nodeId: string } | null)[] }>(`query ($ids: [ID!]!) { nodes(nodeIds: $ids) { nodeId } }`, {
      ids: [customer.nodeId, "%%%"],
    });
    expect(res.data!.nodes).toEqual([{ nodeId: customer.nodeId }, null]);
    expect(res.errors!.map((e) => [e.extensions?.code, e.path])).toEqual([["BAD_USER_INPUT", ["nodes", 1]]]);
  });

  it("answers any text as a nodeId with a node, null or BAD_USER_INPUT: never a 5xx (property)", async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc
        .tuple(fc.constantFrom("Customer", "Payment", "RelatedParty", "Query", "__Type", "", "customer"), fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })))
        .map(([t, id]) => b64(`${t}:${id}`)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 5 }), async (ids) => {
        const res = await gql<{ nodes: unknown[] }>(`query ($ids: [ID!]!) { nodes(nodeIds: $ids) { nodeId } }`, { ids });
        expect(res.status, JSON.stringify(res)).toBe(200);
        expect(res.data!.nodes).toHaveLength(ids.length);
        for (const error of res.errors ?? []) expect(error.extensions?.code, JSON.stringify(error)).toBe("BAD_USER_INPUT");
      }),
      { numRuns: 60, interruptAfterTimeLimit: 20_000 },
    );
  });

  it("applies each type's read scope: a customer reader reads customers, not accounts or payments", async () => {
    const one = await gql(`query ($n: ID!) { node(nodeId: $n) { nodeId } }`, { n: account.nodeId }, CUSTOMER_READER);
    expect(one.errors!.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    const byId = await gql(`query ($id: ID!) { billingAccount(id: $id) { id } }`, { id: account.id }, CUSTOMER_READER);
    expect(byId.errors!.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]); // the same rule as the by-id query
    const many = await gql<{ nodes: ({ nodeId: string } | null)[] }>(
      `query ($ids: [ID!]!) { nodes(nodeIds: $ids) { nodeId } }`,
      { ids: [customer.nodeId, payment.nodeId] },
      CUSTOMER_READER,
    );
    expect(many.data!.nodes).toEqual([{ nodeId: customer.nodeId }, null]);
    expect(many.errors!.map((e) => [e.extensions?.code, e.path])).toEqual([["FORBIDDEN", ["nodes", 1]]]);
    // Navigations keep their own scope rules through a node.
    const nav = await gql(`query ($n: ID!) { node(nodeId: $n) { ... on Customer { name accounts { id } } } }`, { n: customer.nodeId }, CUSTOMER_READER);
    expect(nav.errors!.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
  });

  it("counts nodes by its ids against the cost budget, and refuses more than 100 ids", async () => {
    const query = `query ($ids: [ID!]!) { nodes(nodeIds: $ids) { nodeId ... on Customer { accounts(limit: 5) { id } } } }`;
    // Each id costs 1 + 5 accounts: 33 ids = 198 ≤ 200 (GRAPHQL_MAX_COST); 34 ids = 204.
    expect((await gql(query, { ids: Array(33).fill(customer.nodeId) })).errors).toBeUndefined();
    const over = await gql(query, { ids: Array(34).fill(customer.nodeId) });
    expect(over.status).toBe(400);
    expect(over.errors![0]!.message).toBe("Query complexity limit exceeded: cost 204 > maximum complexity 200");
    // Again with 33 (the cost of a document seen before is kept per number of ids, not once for all).
    expect((await gql(query, { ids: Array(33).fill(customer.nodeId) })).errors).toBeUndefined();
    expect((await gql(query, { ids: Array(34).fill(customer.nodeId) })).status).toBe(400);
    const literal = `{ nodes(nodeIds: [${Array(34).fill(`"${customer.nodeId}"`).join(",")}]) { ... on Customer { accounts(limit: 5) { id } } } }`;
    expect((await gql(literal)).errors![0]!.message).toBe("Query complexity limit exceeded: cost 204 > maximum complexity 200");
    const many = await gql(`query ($ids: [ID!]!) { nodes(nodeIds: $ids) { nodeId } }`, { ids: Array(101).fill(customer.nodeId) });
    expect(many.status).toBeLessThan(500);
    expect(many.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("keeps the cost of a document run many times per number of ids (the fast path's and REST's cost function)", async () => {
    const limits = new OperationLimits(await getSchema(), { maxDepth: 20, maxCost: 1000, maxAliases: 20, maxTokens: 10_000, introspection: false });
    const cost = limits.costOf(limits.parse(`query ($ids: [ID!]!) { nodes(nodeIds: $ids) { ... on Customer { accounts(limit: 5) { id } } } }`));
    expect([cost({ ids: ["a", "b"] }), cost({ ids: Array(33).fill("a") }), cost({ ids: ["a", "b"] }), cost({ ids: "a" })]).toEqual([12, 198, 12, 6]);
    expect(cost({})).toBe(600); // unknown: NODES_MAX ids
  });

  it("keeps nodeId out of REST representations (not a TMF attribute)", async () => {
    const res = await server.request("GET", `/tmf-api/customerManagement/v4/customer/${customer.id}`, undefined, { "x-api-key": FULL });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(customer.id);
    expect(res.body).not.toHaveProperty("nodeId");
    const fields = await server.request("GET", `/tmf-api/customerManagement/v4/customer/${customer.id}?fields=nodeId`, undefined, { "x-api-key": FULL });
    expect([fields.status, fields.body.code]).toEqual([400, "BAD_USER_INPUT"]);
  });
});
