import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { Client, fetchExchange, gql as urqlGql } from "@urql/core";
import { cacheExchange } from "@urql/exchange-graphcache";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { possibleTypes, typePolicies } from "../graphql/clients/apollo.js";
import { keys } from "../graphql/clients/urql.js";
import { startTestServer, type TestServer } from "./support/server.js";

// The real clients over HTTP against the running gateway: Apollo Client 4 (InMemoryCache) and urql
// (Graphcache), with the configuration schema:emit ships in graphql/clients/, and without it.
let server: TestServer;
let customerId: string;
let accounts: [string, string];
let payments: [string, string];

async function must<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await server.graphql<T>(query, variables);
  if (!res.data || res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const createAccount = async (role: string) =>
  (
    await must<{ createBillingAccount: { id: string } }>(`mutation ($input: BillingAccountInput!) { createBillingAccount(input: $input) { id } }`, {
      input: { name: `Cache ${role}`, relatedParty: [{ id: customerId, name: "Cache Customer", role, atReferredType: "Customer" }] },
    })
  ).createBillingAccount.id;

const createPayment = async (account: string, method: string) =>
  (
    await must<{ createPayment: { id: string } }>(`mutation ($input: PaymentInput!) { createPayment(input: $input) { id } }`, {
      input: {
        account: { id: account },
        paymentMethod: { id: "method-1", name: method, atType: "PaymentMethodRef" },
        totalAmount: { unit: "EUR", value: "12.34" },
      },
    })
  ).createPayment.id;

beforeAll(async () => {
  server = await startTestServer();
  customerId = (
    await must<{ createCustomer: { id: string } }>(
      `mutation { createCustomer(input: { name: "Cache Customer", engagedParty: { id: "cache-party", atReferredType: "Individual" } }) { id } }`,
    )
  ).createCustomer.id;
  // The same customer, named by two accounts in two roles.
  accounts = [await createAccount("customer"), await createAccount("payer")];
  // Two payments naming the same payment method id (a reference: `id` is the method's) by two names.
  payments = [await createPayment(accounts[0], "card"), await createPayment(accounts[1], "bank transfer")];
  // Apollo and Graphcache warn (console) about types without keys when unconfigured: expected here.
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterAll(() => server?.close());

const TWO_ACCOUNTS = `query TwoAccounts($a: ID!, $b: ID!) {
  a: billingAccount(id: $a) { id relatedParty { id name role } }
  b: billingAccount(id: $b) { id relatedParty { id name role } }
}`;
const TWO_PAYMENTS = `query TwoPayments($a: ID!, $b: ID!) {
  a: payment(id: $a) { id paymentMethod { id name } account { id } }
  b: payment(id: $b) { id paymentMethod { id name } account { id } }
}`;
const ACCOUNT_PAYMENTS = `query AccountPayments($id: ID!) { billingAccount(id: $id) { id payments { id description totalAmount { value unit } } } }`;
const PAYMENT_LIST = `query PaymentList($account: String!) { payments(filter: { account: { id: { eq: $account } } }) { id description status } }`;
const CUSTOMERS = `query CacheCustomers { customers(filter: { name: { regex: "^Cache " } }, sort: [{ field: name, order: ASC }]) { id name } }`;
const RENAME = `mutation Rename($id: ID!, $name: String!) { updateCustomer(id: $id, patch: { name: $name }) { id name } }`;
const CREATE = `mutation Create($name: String!) { createCustomer(input: { name: $name, engagedParty: { id: "cache-party-2", atReferredType: "Individual" } }) { id name } }`;

type Accounts = { a: { relatedParty: { id: string; role: string }[] }; b: { relatedParty: { id: string; role: string }[] } };
type Payments = { a: { paymentMethod: { name: string } }; b: { paymentMethod: { name: string } } };
const roles = (data: Accounts) => [data.a.relatedParty[0]!.role, data.b.relatedParty[0]!.role];
const methods = (data: Payments) => [data.a.paymentMethod.name, data.b.paymentMethod.name];

/** The normalised records of an Apollo cache, by key. */
const records = (client: ApolloClient) => client.cache.extract() as Record<string, Record<string, unknown>>;

function apollo(configured: boolean) {
  return new ApolloClient({
    link: new HttpLink({ uri: `${server.url}/graphql` }),
    cache: new InMemoryCache(configured ? { possibleTypes, typePolicies } : {}),
  });
}

/**
 * An urql client with Graphcache, `keys` from graphql/clients/urql.ts or its defaults. urql sends
 * queries as GET by default, which CSRF prevention refuses without a preflight header: POST here.
 */
function urql(configured: boolean) {
  return new Client({ url: `${server.url}/graphql`, preferGetMethod: false, exchanges: [cacheExchange(configured ? { keys } : {}), fetchExchange] });
}

describe("Apollo Client 4 InMemoryCache", () => {
  it("with graphql/clients/apollo.ts: two accounts naming one customer in two roles keep their roles; two payments their methods", async () => {
    const client = apollo(true);
    const { data } = await client.query<Accounts>({ query: gql(TWO_ACCOUNTS), variables: { a: accounts[0], b: accounts[1] } });
    expect(roles(data!)).toEqual(["customer", "payer"]);
    expect(data!.a.relatedParty[0]!.id).toBe(customerId);
    // Read again from the cache alone: what a component re-rendering would show.
    expect(roles(client.readQuery<Accounts>({ query: gql(TWO_ACCOUNTS), variables: { a: accounts[0], b: accounts[1] } })!)).toEqual(["customer", "payer"]);
    const paid = await client.query<Payments>({ query: gql(TWO_PAYMENTS), variables: { a: payments[0], b: payments[1] } });
    expect(methods(paid.data!)).toEqual(["card", "bank transfer"]);
    expect(Object.keys(records(client)).filter((k) => /Ref|RelatedParty/.test(k))).toEqual([]);
  });

  it("without it (the defaults) merges the references into one record: the roles and methods are wrong, silently", async () => {
    const client = apollo(false);
    const { data } = await client.query<Accounts>({ query: gql(TWO_ACCOUNTS), variables: { a: accounts[0], b: accounts[1] } });
    expect(roles(data!)).toEqual(["payer", "payer"]); // both show the last one written
    expect(records(client)).toHaveProperty(`RelatedParty:${customerId}`);
    const paid = await client.query<Payments>({ query: gql(TWO_PAYMENTS), variables: { a: payments[0], b: payments[1] } });
    expect(methods(paid.data!)).toEqual(["bank transfer", "bank transfer"]);
  });

  it("merges the same payment read through an account and through a list into one entity", async () => {
    const client = apollo(true);
    const nav = await client.query<{ billingAccount: { payments: { id: string; description: string | null }[] } }>({
      query: gql(ACCOUNT_PAYMENTS),
      variables: { id: accounts[0] },
    });
    expect(nav.data!.billingAccount.payments.map((p) => p.id)).toEqual([payments[0]]);
    await client.query({ query: gql(PAYMENT_LIST), variables: { account: accounts[0] } });
    const entity = records(client)[`Payment:${payments[0]}`];
    // One record holding what both reads selected: the navigation's totalAmount, the list's status.
    expect(entity).toMatchObject({ id: payments[0], totalAmount: { value: 12.34, unit: "EUR" }, status: expect.any(String) });
    expect(Object.keys(records(client)).filter((k) => k.startsWith("Payment:"))).toEqual([`Payment:${payments[0]}`]);
  });

  it("shows a mutation's change in every cached list, and a created resource once the list is refetched", async () => {
    const client = apollo(true);
    const before = await client.query<{ customers: { id: string; name: string }[] }>({ query: gql(CUSTOMERS) });
    expect(before.data!.customers.map((c) => c.name)).toEqual(["Cache Customer"]);
    await client.mutate({ mutation: gql(RENAME), variables: { id: customerId, name: "Cache Customer renamed" } });
    expect(client.readQuery<{ customers: { name: string }[] }>({ query: gql(CUSTOMERS) })!.customers.map((c) => c.name)).toEqual(["Cache Customer renamed"]);
    await client.mutate({ mutation: gql(CREATE), variables: { name: "Cache Customer 2" } });
    const after = await client.query<{ customers: { name: string }[] }>({ query: gql(CUSTOMERS), fetchPolicy: "network-only" });
    expect(after.data!.customers.map((c) => c.name)).toEqual(["Cache Customer 2", "Cache Customer renamed"]);
    await must(RENAME, { id: customerId, name: "Cache Customer" });
  });
});

describe("urql Graphcache", () => {
  it("with graphql/clients/urql.ts: two accounts naming one customer in two roles keep their roles; two payments their methods", async () => {
    const client = urql(true);
    const res = await client.query<Accounts>(urqlGql(TWO_ACCOUNTS), { a: accounts[0], b: accounts[1] }).toPromise();
    expect(res.error).toBeUndefined();
    expect(roles(res.data!)).toEqual(["customer", "payer"]);
    const cached = await client.query<Accounts>(urqlGql(TWO_ACCOUNTS), { a: accounts[0], b: accounts[1] }, { requestPolicy: "cache-only" }).toPromise();
    expect(roles(cached.data!)).toEqual(["customer", "payer"]);
    const paid = await client.query<Payments>(urqlGql(TWO_PAYMENTS), { a: payments[0], b: payments[1] }).toPromise();
    expect(methods(paid.data!)).toEqual(["card", "bank transfer"]);
  });

  it("without it (the defaults) merges the references into one record", async () => {
    const client = urql(false);
    const res = await client.query<Accounts>(urqlGql(TWO_ACCOUNTS), { a: accounts[0], b: accounts[1] }).toPromise();
    expect(roles(res.data!)).toEqual(["payer", "payer"]);
    const paid = await client.query<Payments>(urqlGql(TWO_PAYMENTS), { a: payments[0], b: payments[1] }).toPromise();
    expect(methods(paid.data!)).toEqual(["bank transfer", "bank transfer"]);
  });

  it("merges the same payment read through an account and through a list, and shows a mutation's change in the cached list", async () => {
    const client = urql(true);
    await client.query(urqlGql(ACCOUNT_PAYMENTS), { id: accounts[0] }).toPromise();
    await client.query(urqlGql(PAYMENT_LIST), { account: accounts[0] }).toPromise();
    const both = `query Both($id: ID!, $account: String!) { billingAccount(id: $id) { id payments { id totalAmount { value unit } } } payments(filter: { account: { id: { eq: $account } } }) { id status } }`;
    // Served from the cache alone: one Payment entity answers both selections.
    const cached = await client.query(urqlGql(both), { id: accounts[0], account: accounts[0] }, { requestPolicy: "cache-only" }).toPromise();
    expect(cached.data).toMatchObject({
      billingAccount: { payments: [{ id: payments[0], totalAmount: { value: 12.34, unit: "EUR" } }] },
      payments: [{ id: payments[0] }],
    });

    const list = await client.query<{ customers: { id: string; name: string }[] }>(urqlGql(CUSTOMERS), {}).toPromise();
    const names = list.data!.customers.map((c) => (c.id === customerId ? "Cache Customer renamed" : c.name));
    await client.mutation(urqlGql(RENAME), { id: customerId, name: "Cache Customer renamed" }).toPromise();
    // The list as cached (its order as fetched), its customer renamed by the mutation's result.
    const cachedList = await client.query<{ customers: { name: string }[] }>(urqlGql(CUSTOMERS), {}, { requestPolicy: "cache-only" }).toPromise();
    expect(cachedList.data!.customers.map((c) => c.name)).toEqual(names);
    await client.mutation(urqlGql(CREATE), { name: "Cache Customer 3" }).toPromise();
    const refetched = await client.query<{ customers: { name: string }[] }>(urqlGql(CUSTOMERS), {}, { requestPolicy: "network-only" }).toPromise();
    expect(refetched.data!.customers.map((c) => c.name)).toEqual([...names, "Cache Customer 3"].sort());
  });
});
