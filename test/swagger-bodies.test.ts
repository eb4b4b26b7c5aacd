import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { countRows } from "./support/sql-counts.js";

// Bodies the swaggers allow are accepted, also where the gateway owns the attribute (it is then
// superseded by the gateway's own); what the swaggers' examples carry beyond the definitions is
// refused with a message naming it; card data is never accepted.

const ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount";
const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
const REFUNDS = "/tmf-api/paymentManagement/v4/refund";

let server: TestServer;
let customer: { id: string; name: string };
let account: string;
const paymentMethod = { id: "pm-1", name: "Visa ****4242", "@type": "PaymentMethodRef" };

beforeAll(async () => {
  server = await startTestServer();
  customer = (
    await server.request("POST", "/tmf-api/customerManagement/v4/customer", {
      name: "Swagger Co",
      engagedParty: { id: "o-1", "@referredType": "Organization" },
    })
  ).body;
  account = (
    await server.request("POST", ACCOUNTS, {
      name: "Main",
      relatedParty: [{ id: customer.id, name: customer.name, role: "customer", "@referredType": "Customer" }],
    })
  ).body.id;
});
afterAll(() => server?.close());

describe("swagger-valid bodies", () => {
  it("a billing account created with lastModified and accountBalance (BillingAccount_Create has them) gets the gateway's own", async () => {
    const res = await server.request("POST", ACCOUNTS, {
      name: "With balance",
      relatedParty: [{ id: customer.id, name: customer.name, role: "customer", "@referredType": "Customer" }],
      creditLimit: { unit: "USD", value: 10000 },
      lastModified: "2018-06-14T00:00:00.000Z",
      accountBalance: [{ amount: { unit: "USD", value: 58.33 }, balanceType: "ReceivableBalance", validFor: { startDateTime: "2018-06-10T00:00:00.000Z" } }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(Date.parse(res.body.lastModified)).toBeGreaterThan(Date.parse("2026-01-01T00:00:00Z"));
    expect(res.body.accountBalance).toMatchObject([{ balanceType: "receivableBalance", amount: { unit: "USD", value: 0 } }]);
  });

  it("a payment's items may carry their id and href (PaymentItem has them); the gateway keeps its own items", async () => {
    const bill = await server.graphql<{ createCustomerBill: { id: string } }>(
      `mutation ($a: String!) { createCustomerBill(input: { billingAccount: { id: $a }, amountDue: { unit: "EUR", value: 50 } }) { id } }`,
      { a: account },
    );
    const res = await server.request("POST", PAYMENTS, {
      account: { id: account },
      paymentMethod,
      totalAmount: { unit: "EUR", value: 20 },
      paymentItem: [
        {
          id: "1",
          href: "https://example.com/item/1",
          item: { id: bill.data!.createCustomerBill.id, "@referredType": "CustomerBill" },
          totalAmount: { unit: "EUR", value: 20 },
        },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.paymentItem).toHaveLength(1);
    expect(res.body.paymentItem[0]).not.toHaveProperty("href");
    expect(res.body.paymentItem[0].totalAmount).toEqual({ unit: "EUR", value: 20 });
  });

  it("a bill keeps its financialAccount reference", async () => {
    const res = await server.graphql<{ createCustomerBill: { financialAccount: unknown } }>(
      `mutation ($a: String!) { createCustomerBill(input: { billingAccount: { id: $a }, amountDue: { unit: "EUR", value: 1 }, financialAccount: { id: "fa-1", name: "Receivables" } }) { financialAccount { id name } } }`,
      { a: account },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.createCustomerBill.financialAccount).toEqual({ id: "fa-1", name: "Receivables" });
  });
});

describe("what the examples carry beyond the definitions", () => {
  it("Payment2's payer is refused, naming it; so is an unknown nested attribute, by its path", async () => {
    const before = await countRows(server, "payment");
    const payer = await server.request("POST", PAYMENTS, {
      account: { id: account },
      paymentMethod,
      totalAmount: { unit: "EUR", value: 5 },
      payer: { id: "3333", role: "payer", "@referredType": "individual" },
    });
    expect(payer.status).toBe(400);
    expect(payer.body.message).toBe("Unknown or read-only attribute(s) for Payment: payer");
    const nested = await server.request("POST", PAYMENTS, { account: { id: account, nickname: "x" }, paymentMethod, totalAmount: { unit: "EUR", value: 5 } });
    expect(nested.status).toBe(400);
    expect(nested.body.message).toBe("Unknown or read-only attribute(s) for Payment: account.nickname");
    expect(await countRows(server, "payment")).toBe(before);
  });

  it("the Refund example's bank card is refused: card numbers and security codes are never accepted", async () => {
    const before = await countRows(server, "refund");
    const res = await server.request("POST", REFUNDS, {
      account: { id: account },
      totalAmount: { unit: "EUR", value: 1 },
      paymentMethod: {
        name: "card",
        description: "bank card",
        "@type": "bankCard",
        brand: "MasterCard",
        cardNumber: "00000000000000000",
        cvv: "123",
        nameOnCard: "M. Valette",
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Card data is never accepted (paymentMethod.cardNumber, paymentMethod.cvv): a card is kept only as brand, last four digits, expiry and its payment service provider's token (TMF670 /paymentMethod); refer to a stored payment method by id",
    );
    expect(JSON.stringify(res.body)).not.toContain("00000000000000000");
    expect(await countRows(server, "refund")).toBe(before);
  });
});
