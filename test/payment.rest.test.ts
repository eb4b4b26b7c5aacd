import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { countRows } from "./support/sql-counts.js";

const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
const REFUNDS = "/tmf-api/paymentManagement/v4/refund";
const ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount";
const BILLS = "/tmf-api/customerBillManagement/v4/customerBill";

let server: TestServer;
let accountId: string;

const payment = (overrides: Record<string, unknown> = {}) => ({
  account: { id: accountId, name: "Main account", "@referredType": "BillingAccount" },
  paymentMethod: { id: "pm-1", name: "Visa ending 4242", "@type": "PaymentMethodRef", "@referredType": "BankCard" },
  totalAmount: { unit: "usd", value: 11.6 },
  ...overrides,
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await startTestServer();
  const customer = await server.request("POST", "/tmf-api/customerManagement/v4/customer", {
    name: "Moon Hooch",
    engagedParty: { id: "org-1", "@referredType": "Organization" },
  });
  const account = await server.request("POST", ACCOUNTS, {
    name: "Main account",
    relatedParty: [{ id: customer.body.id, name: "Moon Hooch", role: "customer", "@referredType": "Customer" }],
  });
  expect(account.status).toBe(201);
  accountId = account.body.id;
});
afterAll(() => server?.close());

describe("TMF676 payments and refunds over REST", () => {
  it("records a payment: 201, values echoed as given, server-set status and dates", async () => {
    const res = await server.request("POST", PAYMENTS, payment());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      "@type": "Payment",
      status: "done",
      totalAmount: { unit: "usd", value: 11.6 },
      account: { id: accountId, name: "Main account", "@referredType": "BillingAccount", href: `${server.url}${ACCOUNTS}/${accountId}` },
      paymentMethod: { id: "pm-1", "@referredType": "BankCard" },
    });
    expect(Date.parse(res.body.paymentDate)).toBeGreaterThan(Date.now() - 60_000);
    expect(res.headers.get("location")).toBe(`${server.url}${PAYMENTS}/${res.body.id}`);
    const back = await server.request("GET", `${PAYMENTS}/${res.body.id}`);
    expect(back.status).toBe(200);
    expect(back.body).toEqual(res.body);
    // What was posted, written down (not taken from the POST's answer).
    expect(back.body).toMatchObject({
      id: res.body.id,
      href: `${server.url}${PAYMENTS}/${res.body.id}`,
      "@type": "Payment",
      status: "done",
      totalAmount: { unit: "usd", value: 11.6 },
      account: { id: accountId, name: "Main account", "@referredType": "BillingAccount", href: `${server.url}${ACCOUNTS}/${accountId}` },
      paymentMethod: { id: "pm-1", name: "Visa ending 4242", "@type": "PaymentMethodRef", "@referredType": "BankCard" },
    });
    const { rows } = await server.db.pool.query(
      `SELECT "accountId"::text AS account, "totalAmountValue"::text AS value, status, "paymentDate" FROM payment WHERE id = $1`,
      [res.body.id],
    );
    expect(rows).toEqual([{ account: accountId, value: "11.6000", status: "done", paymentDate: new Date(back.body.paymentDate) }]);
  });

  it("filters by nested account id and amount operators, projecting nested fields", async () => {
    // Apart in time (paymentDate is server-set, to the millisecond), so date ranges can tell them apart.
    await pause(5);
    const five = (await server.request("POST", PAYMENTS, payment({ totalAmount: { unit: "usd", value: 5 } }))).body;
    await pause(5);
    const big = (await server.request("POST", PAYMENTS, payment({ totalAmount: { unit: "usd", value: 250.75 } }))).body;
    expect(Date.parse(big.paymentDate)).toBeGreaterThan(Date.parse(five.paymentDate));
    const res = await server.request(
      "GET",
      `${PAYMENTS}?account.id=${accountId}&totalAmount.value.gt=10&sort=-totalAmount&fields=totalAmount.value,account.id`,
    );
    expect(res.status).toBe(200);
    expect(res.body.map((p: { totalAmount: { value: number } }) => p.totalAmount.value)).toEqual([250.75, 11.6]);
    expect(res.body[0]).toEqual({ id: expect.any(String), href: expect.any(String), account: { id: accountId }, totalAmount: { value: 250.75 } });
    const lte = await server.request("GET", `${PAYMENTS}?totalAmount.value.lte=5&fields=id`);
    expect(lte.body).toHaveLength(1);
    const badNumber = await server.request("GET", `${PAYMENTS}?totalAmount.value.gt=lots`);
    expect(badNumber.status).toBe(400);
    // Date ranges: each must leave out some of the payments (the one recorded earlier in this file included).
    expect(await countRows(server, "payment", `"paymentDate" < $1`, [five.paymentDate])).toBeGreaterThanOrEqual(1);
    const byDate = async (range: string) => {
      const res = await server.request("GET", `${PAYMENTS}?${range}&sort=paymentDate&fields=id`);
      expect(res.status, range).toBe(200);
      expect(Number(res.headers.get("x-total-count")), range).toBe(res.body.length);
      return res.body.map((p: { id: string }) => p.id);
    };
    const at = (date: string, ms = 0) => new Date(Date.parse(date) + ms).toISOString();
    expect(await byDate(`paymentDate.gte=${five.paymentDate}&paymentDate.lte=${big.paymentDate}`)).toEqual([five.id, big.id]);
    expect(await byDate(`paymentDate.gt=${five.paymentDate}&paymentDate.lte=${big.paymentDate}`)).toEqual([big.id]);
    expect(await byDate(`paymentDate.gte=${five.paymentDate}&paymentDate.lt=${big.paymentDate}`)).toEqual([five.id]);
    expect(await byDate(`paymentDate.gte=${big.paymentDate}&paymentDate.lt=${at(big.paymentDate, 1)}`)).toEqual([big.id]);
    // A range before any payment of this (fresh) database.
    expect(await byDate(`paymentDate.gte=${at(five.paymentDate, -86_400_000)}&paymentDate.lt=${at(five.paymentDate, -3_600_000)}`)).toEqual([]);
  });

  it("refuses a payment on an unknown account or with bad money, writing nothing", async () => {
    const before = await countRows(server, "payment");
    const unknown = await server.request("POST", PAYMENTS, payment({ account: { id: "8f0c1a9e-0000-4000-8000-000000000000" } }));
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ "@type": "Error", status: "422" });
    for (const [body, mention] of [
      [payment({ totalAmount: undefined }), "totalAmount"],
      [payment({ paymentMethod: undefined }), "paymentMethod"],
      [payment({ account: undefined }), "account"],
      [payment({ totalAmount: { unit: "usd", value: -3 } }), "greater than 0"],
      [payment({ totalAmount: { unit: "usd", value: 1.234 } }), "decimal place"],
      [payment({ totalAmount: { unit: "zzz", value: 1 } }), "ISO 4217"],
      [payment({ totalAmount: { unit: "usd", value: "eleven" } }), "Decimal"],
      [payment({ status: "failed" }), "status"],
      [payment({ description: "nul \u0000 inside" }), "NUL"],
      [payment({ paymentMethod: { name: "nul \u0000 in JSON", "@type": "BankCard" } }), "refused"],
    ] as const) {
      const res = await server.request("POST", PAYMENTS, JSON.parse(JSON.stringify(body)));
      expect(res.status, mention).toBe(400);
      expect(res.body.message).toContain(mention);
    }
    expect(await countRows(server, "payment")).toBe(before);
  });

  it("refunds a payment of the same account and links it", async () => {
    const paid = (await server.request("POST", PAYMENTS, payment({ totalAmount: { unit: "usd", value: 40 } }))).body;
    const refund = await server.request("POST", REFUNDS, {
      account: { id: accountId },
      payment: { id: paid.id },
      paymentMethod: { id: "pm-1", name: "Visa", "@type": "PaymentMethodRef" },
      totalAmount: { unit: "usd", value: 15.5 },
      refundDate: "2024-03-01T10:00:00Z",
    });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({
      "@type": "Refund",
      refundDate: "2024-03-01T10:00:00.000Z",
      payment: { id: paid.id, href: `${server.url}${PAYMENTS}/${paid.id}` },
      totalAmount: { unit: "usd", value: 15.5 },
    });
    const graph = await server.graphql<{ payment: { refunds: { id: string }[] } }>(`query ($id: ID!) { payment(id: $id) { refunds { id } } }`, {
      id: paid.id,
    });
    expect(graph.data!.payment.refunds).toEqual([{ id: refund.body.id }]);
    const foreign = await server.request("POST", REFUNDS, {
      account: { id: accountId },
      payment: { id: "8f0c1a9e-0000-4000-8000-000000000000" },
      paymentMethod: { name: "Visa", "@type": "BankCard" },
      totalAmount: { unit: "usd", value: 1 },
    });
    expect(foreign.status).toBe(422);
  });

  it("applies payment items to bills of the account, exposing the bill through the item", async () => {
    const bill = await server.request("POST", BILLS, {
      billNo: "INV-1",
      billingAccount: { id: accountId },
      amountDue: { unit: "usd", value: 100 },
    });
    expect(bill.status).toBe(201);
    expect(bill.body).toMatchObject({ state: "new", remainingAmount: { unit: "usd", value: 100 } });
    const paid = await server.request(
      "POST",
      PAYMENTS,
      payment({
        totalAmount: { unit: "usd", value: 30 },
        paymentItem: [{ item: { id: bill.body.id, "@referredType": "CustomerBill" }, totalAmount: { unit: "usd", value: 30 } }],
      }),
    );
    expect(paid.status).toBe(201);
    expect(paid.body.paymentItem).toEqual([{ item: { id: bill.body.id, "@referredType": "CustomerBill" }, totalAmount: { unit: "usd", value: 30 } }]);
    const graph = await server.graphql<{ payment: { paymentItem: { bill: { billNo: string } }[] } }>(
      `query ($id: ID!) { payment(id: $id) { paymentItem { bill { billNo } } } }`,
      { id: paid.body.id },
    );
    expect(graph.data!.payment.paymentItem[0]!.bill.billNo).toBe("INV-1");
    const wrongBill = await server.request(
      "POST",
      PAYMENTS,
      payment({
        paymentItem: [{ item: { id: "8f0c1a9e-0000-4000-8000-000000000000", "@referredType": "CustomerBill" }, totalAmount: { unit: "usd", value: 1 } }],
      }),
    );
    expect(wrongBill.status).toBe(422);
  });

  it("has no PATCH or DELETE on payments (405 with Allow) and 404s unknown ids", async () => {
    const patch = await server.request("PATCH", `${PAYMENTS}/8f0c1a9e-0000-4000-8000-000000000000`, { name: "x" });
    expect(patch.status).toBe(405);
    expect(patch.headers.get("allow")).toBe("GET");
    expect((await server.request("GET", `${PAYMENTS}/45d7aa75-8458-4b33-b659-c3c1d6278c4c`)).status).toBe(404);
    expect((await server.request("GET", `${REFUNDS}/45d7aa75-8458-4b33-b659-c3c1d6278c4c`)).status).toBe(404);
  });

  it("keeps the history: an account with payments cannot be deleted (409)", async () => {
    const res = await server.request("DELETE", `${ACCOUNTS}/${accountId}`);
    expect(res.status).toBe(409);
    expect((await server.request("GET", `${ACCOUNTS}/${accountId}`)).status).toBe(200);
  });
});

describe("a bill's applied payments", () => {
  it("are listed in the order the payments were made, whatever their ids", async () => {
    const bill = (await server.request("POST", BILLS, { billingAccount: { id: accountId }, amountDue: { unit: "USD", value: 30 } })).body;
    const paid: string[] = [];
    for (const value of [3, 1, 2, 4]) {
      const res = await server.request(
        "POST",
        PAYMENTS,
        payment({
          totalAmount: { unit: "USD", value },
          paymentItem: [{ item: { id: bill.id, "@referredType": "CustomerBill" }, totalAmount: { unit: "USD", value } }],
        }),
      );
      expect(res.status).toBe(201);
      paid.push(res.body.id);
      await pause(5);
    }
    const shown = (await server.request("GET", `${BILLS}/${bill.id}`)).body;
    expect(shown.appliedPayment.map((a: { payment: { id: string }; appliedAmount: { value: number } }) => [a.payment.id, a.appliedAmount.value])).toEqual([
      [paid[0], 3],
      [paid[1], 1],
      [paid[2], 2],
      [paid[3], 4],
    ]);
    expect(shown.remainingAmount).toEqual({ unit: "USD", value: 20 });
  });
});
