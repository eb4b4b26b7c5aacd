import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { countRows } from "./support/sql-counts.js";

// A TMF676 payment or refund may name a stored TMF670 payment method by its id: the method must
// exist, belong to the paying account when it names accounts, and be usable now (status Active,
// within validFor, not expired) — a 422 naming why otherwise, and nothing written. A method given
// by value (no id, or an id that is not the gateway's) is kept as given, as before.

const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
const REFUNDS = "/tmf-api/paymentManagement/v4/refund";
const METHODS = "/tmf-api/paymentMethod/v4/paymentMethod";
const ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount";

let server: TestServer;
let accountId: string;
let otherAccountId: string;

const card = (overrides: Record<string, unknown> = {}) => ({
  name: "Visa ending 4242",
  "@type": "TokenizedCard",
  brand: "Visa",
  cardNumber: "**** **** **** 4242",
  lastFourDigits: "4242",
  token: "tok_4242",
  expirationDate: "2031-12-31T23:59:59.000Z",
  ...overrides,
});

async function method(overrides: Record<string, unknown> = {}, account = accountId): Promise<string> {
  const res = await server.request("POST", METHODS, card({ account: [{ id: account, "@referredType": "BillingAccount" }], ...overrides }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const pay = (paymentMethod: Record<string, unknown>, account = accountId) =>
  server.request("POST", PAYMENTS, { account: { id: account }, paymentMethod, totalAmount: { unit: "EUR", value: 20 } });

async function newAccount(name: string): Promise<string> {
  const customer = await server.request("POST", "/tmf-api/customerManagement/v4/customer", { name, engagedParty: { id: name, "@referredType": "Individual" } });
  const account = await server.request("POST", ACCOUNTS, {
    name,
    relatedParty: [{ id: customer.body.id, name, role: "customer", "@referredType": "Customer" }],
  });
  expect(account.status, JSON.stringify(account.body)).toBe(201);
  return account.body.id;
}

beforeAll(async () => {
  server = await startTestServer();
  accountId = await newAccount("Payer");
  otherAccountId = await newAccount("Someone else");
});
afterAll(() => server?.close());

describe("a payment naming a stored payment method", () => {
  it("is recorded when the method is usable by its account, and navigates to it in GraphQL", async () => {
    const id = await method();
    const paid = await pay({ id, "@type": "PaymentMethodRef" });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    // The reference is completed with what TMF676 requires of it (name, @type) from the stored method.
    expect(paid.body.paymentMethod).toEqual({ id, name: "Visa ending 4242", "@type": "PaymentMethodRef", "@referredType": "TokenizedCard" });
    const graph = await server.graphql<{ payment: { storedPaymentMethod: { id: string; atType: string; lastFourDigits: string; token: string } } }>(
      `query ($id: ID!) { payment(id: $id) { storedPaymentMethod { id atType lastFourDigits token } } }`,
      { id: paid.body.id },
    );
    expect(graph.errors).toBeUndefined();
    expect(graph.data!.payment.storedPaymentMethod).toEqual({ id, atType: "TokenizedCard", lastFourDigits: "4242", token: "tok_4242" });
    // A method naming no account may be used by any.
    const anyone = await method({ account: null });
    expect((await pay({ id: anyone }, otherAccountId)).status).toBe(201);
  });

  it("a method given by value keeps working, and navigates to nothing", async () => {
    for (const given of [
      { name: "card", "@type": "BankCard" },
      { id: "pm-1", name: "Visa", "@type": "PaymentMethodRef" },
    ]) {
      const paid = await pay(given);
      expect(paid.status, JSON.stringify(paid.body)).toBe(201);
      const graph = await server.graphql<{ payment: { storedPaymentMethod: null } }>(`query ($id: ID!) { payment(id: $id) { storedPaymentMethod { id } } }`, {
        id: paid.body.id,
      });
      expect(graph.data!.payment.storedPaymentMethod).toBeNull();
    }
  });

  it("is a 422 naming why, and writes nothing, when the method is unknown, another account's, or not usable", async () => {
    const before = await countRows(server, "payment");
    const cases: [Record<string, unknown>, string, string][] = [
      [{ id: "00000000-0000-4000-8000-000000000000" }, "Unknown payment method", "is not a known payment method"],
      [{ id: await method({}, otherAccountId) }, "Payment method of another account", `not to account ${accountId}`],
      [{ id: await method({ status: "Suspended" }) }, "Payment method not usable", "its status is Suspended"],
      [{ id: await method({ validFor: { startDateTime: "2099-01-01T00:00:00.000Z" } }) }, "Payment method not usable", "it is valid from 2099-01-01"],
      [{ id: await method({ validFor: { endDateTime: "2020-01-01T00:00:00.000Z" } }) }, "Payment method not usable", "its validity ended on 2020-01-01"],
      [{ id: await method({ expirationDate: "2021-11-12T17:42:04.317Z" }) }, "Payment method not usable", "it expired on 2021-11-12"],
    ];
    for (const [ref, reason, message] of cases) {
      const res = await pay(ref);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body).toMatchObject({ "@type": "Error", status: "422", reason });
      expect(res.body.message).toContain(message);
    }
    expect(await countRows(server, "payment")).toBe(before);
  });

  it("a method suspended after a payment refuses the next one (GraphQL too), and works again once Active", async () => {
    const id = await method();
    expect((await pay({ id })).status).toBe(201);
    expect((await server.request("PATCH", `${METHODS}/${id}`, { status: "Suspended" })).status).toBe(200);
    const gql = await server.graphql(`mutation ($input: PaymentInput!) { createPayment(input: $input) { id } }`, {
      input: { account: { id: accountId }, paymentMethod: { id }, totalAmount: { unit: "EUR", value: "1.00" } },
    });
    expect(gql.errors?.[0]?.extensions?.code).toBe("UNPROCESSABLE");
    expect((await server.request("PATCH", `${METHODS}/${id}`, { status: "Active" })).status).toBe(200);
    expect((await pay({ id })).status).toBe(201);
  });
});

describe("a refund naming a stored payment method", () => {
  it("is given back to a usable method of its account, navigates to it, and is refused (422) on a method that is not", async () => {
    const id = await method();
    const paid = await pay({ id });
    const refund = await server.request("POST", REFUNDS, {
      account: { id: accountId },
      payment: { id: paid.body.id },
      paymentMethod: { id },
      totalAmount: { unit: "EUR", value: 5 },
    });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    const graph = await server.graphql<{ refund: { storedPaymentMethod: { id: string } } }>(
      `query ($id: ID!) { refund(id: $id) { storedPaymentMethod { id } } }`,
      {
        id: refund.body.id,
      },
    );
    expect(graph.data!.refund.storedPaymentMethod).toEqual({ id });

    const other = await method({}, otherAccountId);
    const refused = await server.request("POST", REFUNDS, {
      account: { id: accountId },
      payment: { id: paid.body.id },
      paymentMethod: { id: other },
      totalAmount: { unit: "EUR", value: 5 },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.reason).toBe("Payment method of another account");
    const deleted = await method();
    expect((await server.request("DELETE", `${METHODS}/${deleted}`)).status).toBe(204);
    const gone = await server.request("POST", REFUNDS, {
      account: { id: accountId },
      payment: { id: paid.body.id },
      paymentMethod: { id: deleted },
      totalAmount: { unit: "EUR", value: 5 },
    });
    expect(gone.status).toBe(422);
    expect(gone.body.reason).toBe("Unknown payment method");
  });
});

describe("an authorization naming a stored payment method", () => {
  const authorize = (paymentMethod: Record<string, unknown>) =>
    server.request("POST", "/tmf-api/paymentManagement/v4/authorizePayment", {
      authorizedPayment: { account: { id: accountId }, paymentMethod, totalAmount: { unit: "EUR", value: 3 } },
    });

  it("holds nothing on a method that could not pay (422, nothing written) and keeps a usable one completed", async () => {
    const before = await countRows(server, "authorize_payment");
    for (const id of [await method({}, otherAccountId), await method({ status: "Suspended" })]) {
      const refused = await authorize({ id });
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body.reason).toMatch(/^Payment method (of another account|not usable)$/);
    }
    expect(await countRows(server, "authorize_payment")).toBe(before);

    const id = await method();
    const held = await authorize({ id });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    expect(held.body.authorizedPayment.paymentMethod).toEqual({ id, name: "Visa ending 4242", "@type": "PaymentMethodRef", "@referredType": "TokenizedCard" });
  });
});
