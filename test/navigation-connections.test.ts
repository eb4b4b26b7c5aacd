import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// Navigation lists read by cursor (`Customer.accountsConnection`, …): the rows of the offset
// navigation, in both directions; a cursor pages only its own parent's rows; the navigation's page
// sizes, read scope and cost rule.

const KEY = "nav-connections-admin-key";
const CUSTOMER_ONLY = "nav-connections-customer-only-key";
const AUTH_ENV = {
  AUTH: "true",
  API_KEYS: JSON.stringify([
    { name: "admin", key: KEY, scopes: ["*"] },
    { name: "customers", key: CUSTOMER_ONLY, scopes: ["customer:read"] },
  ]),
};

let server: TestServer;
let ids: { a: string; b: string; accountsOfA: string[]; accountsOfB: string[] };

async function graphql<T>(query: string, variables: Record<string, unknown> = {}, key = KEY) {
  const res = await server.request("POST", "/graphql", { query, variables }, { "x-api-key": key });
  return res.body as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function createCustomer(name: string, accounts: number): Promise<{ id: string; accounts: string[] }> {
  const customer = await graphql<{ createCustomer: { id: string } }>(`mutation ($input: CustomerInput!) { createCustomer(input: $input) { id } }`, {
    input: { name, engagedParty: { id: "party", atReferredType: "Individual" } },
  });
  const id = customer.data!.createCustomer.id;
  const created: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const account = await graphql<{ createBillingAccount: { id: string } }>(
      `mutation ($input: BillingAccountInput!) { createBillingAccount(input: $input) { id } }`,
      {
        input: { name: `${name} account ${i}`, relatedParty: [{ id, name, role: "customer", atReferredType: "Customer" }] },
      },
    );
    expect(account.errors).toBeUndefined();
    created.push(account.data!.createBillingAccount.id);
  }
  return { id, accounts: created };
}

interface Connection {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}
const ACCOUNTS = `query ($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $offset: Int! = 0) {
  customer(id: $id) { accountsConnection(first: $first, after: $after, last: $last, before: $before, offset: $offset) {
    edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;

async function accounts(id: string, variables: Record<string, unknown>): Promise<Connection> {
  const res = await graphql<{ customer: { accountsConnection: Connection } }>(ACCOUNTS, { id, offset: 0, ...variables });
  expect(res.errors, JSON.stringify(variables)).toBeUndefined();
  return res.data!.customer.accountsConnection;
}

beforeAll(async () => {
  server = await startTestServer(AUTH_ENV);
  const a = await createCustomer("NavConn A", 12);
  const b = await createCustomer("NavConn B", 3);
  ids = { a: a.id, b: b.id, accountsOfA: a.accounts, accountsOfB: b.accounts };
});
afterAll(() => server?.close());

describe("navigation connections", () => {
  it("walks one customer's accounts forward and backward: the rows of the offset navigation, each once", async () => {
    const offsetList = await graphql<{ customer: { accounts: { id: string }[] } }>(`query ($id: ID!) { customer(id: $id) { accounts(limit: 100) { id } } }`, {
      id: ids.a,
    });
    const expected = offsetList.data!.customer.accounts.map((a) => a.id);
    expect(expected).toHaveLength(12);
    expect([...expected].sort()).toEqual([...ids.accountsOfA].sort());

    const forward: string[] = [];
    let page = await accounts(ids.a, {});
    expect(page.edges).toHaveLength(5); // the navigation's default page
    expect(page.pageInfo.hasPreviousPage).toBe(false);
    forward.push(...page.edges.map((e) => e.node.id));
    while (page.pageInfo.hasNextPage) {
      page = await accounts(ids.a, { first: 5, after: page.pageInfo.endCursor });
      forward.push(...page.edges.map((e) => e.node.id));
    }
    expect(forward).toEqual(expected);

    const backward: string[] = [];
    page = await accounts(ids.a, { last: 5 });
    expect(page.pageInfo.hasNextPage).toBe(false);
    backward.unshift(...page.edges.map((e) => e.node.id));
    while (page.pageInfo.hasPreviousPage) {
      page = await accounts(ids.a, { last: 5, before: page.pageInfo.startCursor });
      backward.unshift(...page.edges.map((e) => e.node.id));
    }
    expect(backward).toEqual(expected);

    const deep = await accounts(ids.a, { first: 5, offset: 10 });
    expect(deep.edges.map((e) => e.node.id)).toEqual(expected.slice(10));
    expect(deep.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it("counts each parent's rows: totalCount is the navigation's length, not the page's", async () => {
    const res = await graphql<{ customers: { id: string; accountsConnection: { totalCount: number; edges: unknown[] } }[] }>(
      `query ($ids: [String!]) { customers(filter: { id: { in: $ids } }, limit: 2) { id accountsConnection(first: 2) { totalCount edges { node { id } } } } }`,
      { ids: [ids.a, ids.b] },
    );
    expect(res.errors).toBeUndefined();
    const counts = new Map(res.data!.customers.map((c) => [c.id, [c.accountsConnection.totalCount, c.accountsConnection.edges.length]]));
    expect(counts.get(ids.a)).toEqual([ids.accountsOfA.length, 2]);
    expect(counts.get(ids.b)).toEqual([ids.accountsOfB.length, 2]);
  });

  it("gives every parent of a list its own page", async () => {
    const res = await graphql<{ customers: { id: string; accountsConnection: Connection }[] }>(
      `query ($ids: [String!]) { customers(filter: { id: { in: $ids } }, limit: 2) { id accountsConnection(first: 100) { edges { node { id } } } } }`,
      { ids: [ids.a, ids.b] },
    );
    expect(res.errors).toBeUndefined();
    const byCustomer = new Map(res.data!.customers.map((c) => [c.id, c.accountsConnection.edges.map((e) => e.node.id).sort()]));
    expect(byCustomer.get(ids.a)).toEqual([...ids.accountsOfA].sort());
    expect(byCustomer.get(ids.b)).toEqual([...ids.accountsOfB].sort());
  });

  it("refuses a cursor of another customer's accounts, or of the root list, with BAD_USER_INPUT", async () => {
    const ofA = await accounts(ids.a, { first: 2 });
    const onB = await graphql(ACCOUNTS, { id: ids.b, offset: 0, first: 2, after: ofA.pageInfo.endCursor });
    expect(onB.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(onB.errors?.[0]?.message).toContain("it pages another list");
    const backOnB = await graphql(ACCOUNTS, { id: ids.b, offset: 0, last: 2, before: ofA.pageInfo.startCursor });
    expect(backOnB.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    const root = await graphql<{ billingAccountsConnection: Connection }>(`{ billingAccountsConnection(first: 1) { pageInfo { endCursor } } }`);
    const rootCursor = root.data!.billingAccountsConnection.pageInfo.endCursor;
    expect(rootCursor).toBeTruthy();
    const mixed = await graphql(ACCOUNTS, { id: ids.a, offset: 0, first: 2, after: rootCursor });
    expect(mixed.errors?.[0]?.message).toContain("it pages another list");
    // and a navigation's cursor does not page the root list
    const reverse = await graphql(`query ($after: String) { billingAccountsConnection(first: 1, after: $after) { edges { cursor } } }`, {
      after: ofA.pageInfo.endCursor,
    });
    expect(reverse.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("keeps the navigation's largest page (100) and refuses first with last", async () => {
    for (const variables of [{ first: 101 }, { last: 101 }, { first: 1, last: 1 }, { after: "bm90LmEuY3Vyc29y" }]) {
      const res = await graphql(ACCOUNTS, { id: ids.a, offset: 0, ...variables });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
    const over = await graphql(ACCOUNTS, { id: ids.a, offset: 0, first: 101 });
    expect(over.errors?.[0]?.message).toContain("first must be an integer between 0 and 100, got 101");
  });

  it("needs the read scope of what it lists", async () => {
    const res = await graphql(`query ($id: ID!) { customer(id: $id) { id accountsConnection { edges { node { id } } } } }`, { id: ids.a }, CUSTOMER_ONLY);
    expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(JSON.stringify(res.data ?? null)).not.toContain(ids.accountsOfA[0]!);
  });

  it("costs its page times the lists around it (default page: the navigation's 5)", async () => {
    // 1000 customers × (5 accounts + 5 × 5 payments) = 31000 > 25000
    const byDefault = await graphql(`{ customers(limit: 1000) { accountsConnection { edges { node { paymentsConnection { edges { node { id } } } } } } } }`);
    expect(byDefault.errors?.[0]?.message).toContain("Query complexity limit exceeded: cost 31000 > maximum complexity 25000");
    // 50 × (100 + 100 × 100) = 505000, and 50 more for the customers
    const given = await graphql(
      `{ customers(limit: 50) { accountsConnection(first: 100) { edges { node { paymentsConnection(last: 100) { edges { node { id } } } } } } } }`,
    );
    expect(given.errors?.[0]?.message).toContain("cost 505050 >");
    const within = await graphql(`{ customers(limit: 100) { accountsConnection { edges { node { paymentsConnection { edges { node { id } } } } } } } }`);
    expect(within.errors).toBeUndefined();
  });
});
