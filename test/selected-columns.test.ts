import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// A read selects the columns of the attributes its selection asks for, not every column of the
// table; a read that asks for more of a row already read with fewer columns still gets all it asks for.

let server: TestServer;
let customerId: string;
let accountId: string;

async function graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) {
  const result = await server.graphql<T>(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** The texts of the statements on `table` that the pool sent while `run` ran. */
async function statementsOn<T>(table: string, run: () => Promise<T>): Promise<{ result: T; texts: string[] }> {
  const before = server.db.pool.statements;
  const result = await run();
  const sent = server.db.pool.statements - before;
  const texts = server.db.pool.texts.slice(-sent).filter((text) => text.includes(`FROM "${table}"`));
  return { result, texts };
}

beforeAll(async () => {
  server = await startTestServer();
  const customer = await graphql<{ createCustomer: { id: string } }>(
    `mutation { createCustomer(input: { name: "Grace", status: "Approved", engagedParty: { id: "p1", atReferredType: "Individual" },
       contactMedium: [{ mediumType: "email", characteristic: { emailAddress: "grace@example.com" } }],
       characteristic: [{ name: "segment", value: "gold" }] }) { id } }`,
  );
  customerId = customer.createCustomer.id;
  const account = await graphql<{ createBillingAccount: { id: string } }>(
    `mutation ($c: String!) { createBillingAccount(input: { name: "Main", description: "The main account", state: "active",
       relatedParty: [{ id: $c, name: "Grace", role: "customer", atReferredType: "Customer" }] }) { id } }`,
    { c: customerId },
  );
  accountId = account.createBillingAccount.id;
  await graphql(
    `mutation ($a: String!) { createPayment(input: { account: { id: $a }, paymentMethod: { id: "pm", name: "card", atType: "PaymentMethodRef" }, totalAmount: { unit: "EUR", value: 12.5 }, description: "First" }) { id } }`,
    { a: accountId },
  );
});
afterAll(() => server?.close());

describe("reads select the columns their selection needs", () => {
  it("a list of names reads the names, not the customer's JSON documents", async () => {
    const { result, texts } = await statementsOn("customer", () => graphql<{ customers: { name: string }[] }>(`{ customers(limit: 10) { id name href } }`));
    expect(result.customers.map((c) => c.name)).toContain("Grace");
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('"name"');
    for (const column of ['"contactMedium"', '"characteristic"', '"engagedParty"', '"status"']) expect(texts[0]).not.toContain(column);
  });

  it("federation's _entities reads what each type's fragments select, through named fragments and the union's too", async () => {
    const r = [{ __typename: "Customer", id: customerId }];
    const narrow = await statementsOn("customer", () =>
      graphql<{ _entities: unknown[] }>(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { name } } }`, { r }),
    );
    expect(narrow.result._entities).toEqual([{ name: "Grace" }]);
    expect(narrow.texts).toHaveLength(1);
    for (const column of ['"contactMedium"', '"characteristic"', '"status"']) expect(narrow.texts[0]).not.toContain(column);
    const named = await graphql<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { __typename ...C ...U } } fragment C on Customer { status } fragment U on _Entity { ... on Customer { contactMedium { mediumType } } }`,
      { r },
    );
    expect(named._entities).toEqual([{ __typename: "Customer", status: "Approved", contactMedium: [{ mediumType: "email" }] }]);
  });

  it("the same row asked for with more attributes in the same operation gets every one of them", async () => {
    const data = await graphql<{ customers: { name: string }[]; customer: Record<string, unknown> }>(
      `query ($id: ID!) { customers(limit: 10) { id name } customer(id: $id) { id name status contactMedium { mediumType characteristic { emailAddress } } characteristic { name value } } }`,
      { id: customerId },
    );
    expect(data.customer).toEqual({
      id: customerId,
      name: "Grace",
      status: "Approved",
      contactMedium: [{ mediumType: "email", characteristic: { emailAddress: "grace@example.com" } }],
      characteristic: [{ name: "segment", value: "gold" }],
    });
  });

  it("navigations read what their own selection needs, and a later read of the row reads the rest", async () => {
    const { result, texts } = await statementsOn("billing_account", () =>
      graphql<{ customers: { accounts: { name: string }[] }[]; billingAccount: Record<string, unknown> }>(
        `query ($id: ID!) { customers(limit: 10) { id accounts { id name payments { id description totalAmount { value } } } } billingAccount(id: $id) { id description state } }`,
        { id: accountId },
      ),
    );
    const grace = result.customers.find((c) => c.accounts.length)!;
    expect(grace.accounts).toEqual([
      { id: accountId, name: "Main", payments: [{ id: expect.any(String), description: "First", totalAmount: { value: 12.5 } }] },
    ]);
    expect(result.billingAccount).toEqual({ id: accountId, description: "The main account", state: "active" });
    const navigation = texts.find((text) => text.includes("LATERAL"))!;
    expect(navigation).toContain('"name"');
    expect(navigation).not.toContain('"description"');
  });

  it("REST `fields` reaches the statement, and without it the TMF representation is whole", async () => {
    const path = `/tmf-api/customerManagement/v4/customer/${customerId}`;
    const { result: some, texts } = await statementsOn("customer", () => server.request("GET", `${path}?fields=name`));
    expect(some.body).toEqual({ id: customerId, href: expect.stringContaining(path), name: "Grace" });
    expect(texts[0]).not.toContain('"contactMedium"');
    const whole = await server.request("GET", path);
    expect(whole.body).toMatchObject({ name: "Grace", status: "Approved", contactMedium: [{ mediumType: "email" }], characteristic: [{ name: "segment" }] });
  });

  it("a narrow read writes dates and amounts as a whole read does: the exact decimal, RFC 3339 UTC with milliseconds", async () => {
    const raw = async (path: string, body?: unknown) => {
      const res = await fetch(
        `${server.url}${path}`,
        body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {},
      );
      expect(res.status).toBe(200);
      return res.text();
    };
    const pay = (value: string) =>
      graphql<{ createPayment: { id: string } }>(
        `mutation ($a: String!, $v: Decimal!) { createPayment(input: { account: { id: $a }, paymentMethod: { id: "pm", name: "card", atType: "PaymentMethodRef" }, totalAmount: { unit: "EUR", value: $v } }) { id } }`,
        { a: accountId, v: value },
      );
    const refund = (payment: string, date: string) =>
      graphql<{ createRefund: { id: string } }>(
        `mutation ($a: String!, $p: String!, $d: DateTime!) { createRefund(input: { account: { id: $a }, payment: { id: $p }, totalAmount: { unit: "EUR", value: "0.01" }, paymentMethod: { id: "pm", name: "card", atType: "PaymentMethodRef" }, refundDate: $d }) { id } }`,
        { a: accountId, p: payment, d: date },
      );
    const cases = [
      { value: "1234567890123456.78", date: "2024-02-29T23:59:59.999+02:00", json: "1234567890123456.78", iso: "2024-02-29T21:59:59.999Z" },
      { value: "100", date: "2024-03-01T00:00:00Z", json: "100", iso: "2024-03-01T00:00:00.000Z" },
      { value: "0.0100", date: "1999-12-31T23:59:59.5-05:30", json: "0.01", iso: "2000-01-01T05:29:59.500Z" },
    ];
    for (const c of cases) {
      const { id } = (await pay(c.value)).createPayment;
      const narrow = await raw("/graphql", { query: `query ($id: ID!) { payment(id: $id) { totalAmount { value } } }`, variables: { id } });
      expect(narrow).toBe(`{"data":{"payment":{"totalAmount":{"value":${c.json}}}}}`);
      expect(await raw(`/tmf-api/paymentManagement/v4/payment/${id}`)).toContain(`"totalAmount":{"unit":"EUR","value":${c.json}}`);

      const refunded = (await refund(id, c.date)).createRefund.id;
      const narrowRefund = await raw("/graphql", { query: `query ($id: ID!) { refund(id: $id) { refundDate } }`, variables: { id: refunded } });
      expect(narrowRefund).toBe(`{"data":{"refund":{"refundDate":"${c.iso}"}}}`);
      expect(await raw(`/tmf-api/paymentManagement/v4/refund/${refunded}`)).toContain(`"refundDate":"${c.iso}"`);
    }
  });
});
