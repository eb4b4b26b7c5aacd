import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { countRows } from "./support/sql-counts.js";

// Settlement accounts (TMF666) are the accounts of partners: payments and refunds (TMF676) book on
// them under the same money rules as on billing accounts, when their account names one with
// @referredType SettlementAccount.

const ACCOUNTS = "/tmf-api/accountManagement/v4";
const PAYMENTS = "/tmf-api/paymentManagement/v4";
const partner = [{ id: "org-9", name: "Content Partner", role: "partner", "@referredType": "Organization" }];
const method = { id: "pm-wire", name: "Wire transfer", "@type": "PaymentMethodRef" };

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function settlementAccount(body: object = {}): Promise<{ id: string; href: string }> {
  const created = await server.request("POST", `${ACCOUNTS}/settlementAccount`, { name: "Partner settlement", relatedParty: partner, ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

const settlementRef = (id: string) => ({ id, name: "Partner settlement", "@referredType": "SettlementAccount" });

async function balanceOf(id: string) {
  return (await server.request("GET", `${ACCOUNTS}/settlementAccount/${id}?fields=accountBalance`)).body.accountBalance;
}

describe("payments and refunds on a settlement account", () => {
  it("book on its balance, refer to it by href, and navigate to it", async () => {
    const account = await settlementAccount({ creditLimit: { unit: "EUR", value: 5000 } });
    expect(await balanceOf(account.id)).toMatchObject([{ balanceType: "receivableBalance", amount: { unit: "EUR", value: 0 } }]);

    const payment = await server.request("POST", `${PAYMENTS}/payment`, {
      account: settlementRef(account.id),
      paymentMethod: method,
      totalAmount: { unit: "EUR", value: "1250.10" },
    });
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    expect(payment.body.account).toEqual({ ...settlementRef(account.id), href: account.href });
    const refund = await server.request("POST", `${PAYMENTS}/refund`, {
      account: settlementRef(account.id),
      payment: { id: payment.body.id },
      paymentMethod: method,
      totalAmount: { unit: "EUR", value: "0.10" },
    });
    expect(refund.status, JSON.stringify(refund.body)).toBe(201);
    expect(refund.body.account.href).toBe(account.href);

    // 1250.10 paid, 0.10 given back: the partner is 1250 in credit, to the cent.
    expect(await balanceOf(account.id)).toMatchObject([{ balanceType: "receivableBalance", amount: { unit: "EUR", value: -1250 } }]);
    const rows = await server.db.pool.query(`SELECT "balanceValue"::text AS b FROM settlement_account WHERE id = $1`, [account.id]);
    expect(rows.rows[0].b).toBe("-1250.0000");

    const listed = await server.request("GET", `${PAYMENTS}/payment?account.id=${account.id}&fields=totalAmount`);
    expect(listed.body).toEqual([{ id: payment.body.id, href: payment.body.href, totalAmount: { unit: "EUR", value: 1250.1 } }]);

    const graphql = await server.graphql<Record<string, any>>(
      `query ($id: ID!, $p: ID!) {
        settlementAccount(id: $id) { accountBalance { amount { value } } payments { id settlementAccount { id } billingAccount { id } } refunds { id } }
        payment(id: $p) { account { href } }
      }`,
      { id: account.id, p: payment.body.id },
    );
    expect(graphql.errors).toBeUndefined();
    expect(graphql.data!.settlementAccount).toEqual({
      accountBalance: [{ amount: { value: -1250 } }],
      payments: [{ id: payment.body.id, settlementAccount: { id: account.id }, billingAccount: null }],
      refunds: [{ id: refund.body.id }],
    });
    expect(graphql.data!.payment.account.href).toBe(account.href);
  });

  it("hold to the money rules: the account's currency, a known account, refunds within the payment", async () => {
    const account = await settlementAccount({ creditLimit: { unit: "USD", value: 100 } });
    const events = await countRows(server, "event");
    const otherCurrency = await server.request("POST", `${PAYMENTS}/payment`, {
      account: settlementRef(account.id),
      paymentMethod: method,
      totalAmount: { unit: "EUR", value: 5 },
    });
    expect(otherCurrency.status).toBe(422);
    expect(otherCurrency.body.message).toBe(`totalAmount.unit EUR differs from the currency USD of settlement account ${account.id}`);

    // Named without its @referredType, the id is looked for among billing accounts, with a hint.
    const untyped = await server.request("POST", `${PAYMENTS}/payment`, {
      account: { id: account.id },
      paymentMethod: method,
      totalAmount: { unit: "USD", value: 5 },
    });
    expect(untyped.status).toBe(422);
    expect(untyped.body.message).toBe(
      `account.id ${account.id} is not a known billing account (a settlement account is named with @referredType SettlementAccount)`,
    );
    const unknown = await server.request("POST", `${PAYMENTS}/payment`, {
      account: settlementRef("7d3c2a61-0000-4000-8000-000000000000"),
      paymentMethod: method,
      totalAmount: { unit: "USD", value: 5 },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.message).toMatch(/is not a known settlement account \(a billing account is named with @referredType BillingAccount\)$/);

    const payment = await server.request("POST", `${PAYMENTS}/payment`, {
      account: settlementRef(account.id),
      paymentMethod: method,
      totalAmount: { unit: "USD", value: 5 },
    });
    expect(payment.status).toBe(201);
    const tooMuch = await server.request("POST", `${PAYMENTS}/refund`, {
      account: settlementRef(account.id),
      payment: { id: payment.body.id },
      paymentMethod: method,
      totalAmount: { unit: "USD", value: "5.01" },
    });
    expect(tooMuch.status).toBe(422);
    expect(await countRows(server, "event")).toBe(events + 1);

    const limitInOtherCurrency = await server.request("PATCH", `${ACCOUNTS}/settlementAccount/${account.id}`, { creditLimit: { unit: "EUR", value: 100 } });
    expect(limitInOtherCurrency.status).toBe(422);
    expect(limitInOtherCurrency.body.message).toBe(`creditLimit.unit EUR differs from the currency USD of settlement account ${account.id}`);

    // Money history is kept: an account with payments cannot be deleted.
    const refused = await server.request("DELETE", `${ACCOUNTS}/settlementAccount/${account.id}`);
    expect(refused.status).toBe(409);
    expect((await server.request("GET", `${ACCOUNTS}/settlementAccount/${account.id}`)).status).toBe(200);
  });

  it("the first booking fixes the currency, even when bookings race; the balance is exact", async () => {
    const account = await settlementAccount();
    const units = ["EUR", "GBP"];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.request("POST", `${PAYMENTS}/payment`, {
          account: settlementRef(account.id),
          paymentMethod: method,
          totalAmount: { unit: units[i % 2], value: "0.10" },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 422)).toBe(true);
    const booked = results.filter((r) => r.status === 201);
    const currency = booked[0]!.body.totalAmount.unit;
    expect(booked.every((r) => r.body.totalAmount.unit === currency)).toBe(true);
    expect(booked.length).toBe(10);
    expect(await balanceOf(account.id)).toMatchObject([{ amount: { unit: currency, value: -1 } }]);
    const stored = await server.db.pool.query(`SELECT count(*)::int AS n FROM payment WHERE "settlementAccountId" = $1`, [account.id]);
    expect(stored.rows[0].n).toBe(10);
  });

  it("a financial account's balance sums the billing and the settlement accounts under it", async () => {
    const fa = (await server.request("POST", `${ACCOUNTS}/financialAccount`, { name: "Partners and customers" })).body as { id: string };
    const settlement = await settlementAccount({ financialAccount: { id: fa.id } });
    const billing = await server.request("POST", `${ACCOUNTS}/billingAccount`, { name: "Customer", relatedParty: partner, financialAccount: { id: fa.id } });
    expect(billing.status).toBe(201);
    const bill = await server.graphql(
      `mutation ($a: String!) { createCustomerBill(input: { billingAccount: { id: $a }, amountDue: { unit: "EUR", value: "40.05" } }) { id } }`,
      { a: billing.body.id },
    );
    expect(bill.errors).toBeUndefined();
    const paid = await server.request("POST", `${PAYMENTS}/payment`, {
      account: settlementRef(settlement.id),
      paymentMethod: method,
      totalAmount: { unit: "EUR", value: "15.05" },
    });
    expect(paid.status).toBe(201);
    const read = await server.request("GET", `${ACCOUNTS}/financialAccount/${fa.id}?fields=accountBalance`);
    expect(read.body.accountBalance).toMatchObject([{ balanceType: "receivableBalance", amount: { unit: "EUR", value: 25 } }]);
  });

  it("a payment task authorizes against billing accounts only, and says so", async () => {
    const account = await settlementAccount({ creditLimit: { unit: "EUR", value: 100 } });
    const task = await server.request("POST", `${PAYMENTS}/authorizePayment`, {
      authorizedPayment: { account: settlementRef(account.id), paymentMethod: method, totalAmount: { unit: "EUR", value: 5 } },
    });
    expect(task.status).toBe(422);
    expect(task.body.message).toBe(`authorizedPayment.account.id ${account.id} is not a known billing account`);
  });
});
