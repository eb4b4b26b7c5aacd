import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// TMF678's bill runs: rates recorded on an account are billed on demand into a real customer bill
// (with its tax items and period), exactly once even when requests race; refusals say why; bill
// cycles and the cycle specifications TMF666 writes are read through TMF678.

const BILL = "/tmf-api/customerBillManagement/v4";
const ACCOUNT = "/tmf-api/accountManagement/v4";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function newAccount(name: string, currency = "EUR"): Promise<string> {
  const customer = await server.request("POST", "/tmf-api/customerManagement/v4/customer", {
    name,
    engagedParty: { id: "o", "@referredType": "Organization" },
  });
  const account = await server.request("POST", `${ACCOUNT}/billingAccount`, {
    name,
    relatedParty: [{ id: customer.body.id, name, role: "customer", "@referredType": "Customer" }],
    creditLimit: { unit: currency, value: 1000 },
  });
  expect(account.status, JSON.stringify(account.body)).toBe(201);
  return account.body.id as string;
}

const rate = (accountId: string, included: string, extra: Record<string, unknown> = {}) => ({
  name: "Monthly fee",
  appliedBillingRateType: "recurringCharge",
  billingAccount: { id: accountId },
  taxIncludedAmount: { unit: "EUR", value: Number(included) },
  ...extra,
});

const balanceOf = async (accountId: string) =>
  (await server.db.pool.query(`SELECT "balanceValue"::text AS b FROM billing_account WHERE id = $1`, [accountId])).rows[0].b as string;

describe("appliedCustomerBillingRate", () => {
  it("is recorded unbilled on an account (extension POST) and read by id and in a filtered list", async () => {
    const accountId = await newAccount("Rates");
    const created = await server.request(
      "POST",
      `${BILL}/appliedCustomerBillingRate`,
      rate(accountId, "12.10", {
        periodCoverage: { startDateTime: "2026-11-01T00:00:00.000Z", endDateTime: "2026-11-30T23:59:59.000Z" },
        appliedTax: [{ taxCategory: "VAT", taxRate: 0.21, taxAmount: { unit: "EUR", value: 2.1 } }],
        taxExcludedAmount: { unit: "EUR", value: 10 },
        product: { id: "prod-1", name: "Fibre 1G", "@referredType": "Product" },
      }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ isBilled: false, taxIncludedAmount: { unit: "EUR", value: 12.1 }, "@type": "AppliedCustomerBillingRate" });
    expect(created.body.bill).toBeUndefined();
    expect(created.body.billingAccount.href).toBe(`${server.url}${ACCOUNT}/billingAccount/${accountId}`);
    const one = await server.request("GET", `${BILL}/appliedCustomerBillingRate/${created.body.id}`);
    expect(one.body).toEqual(created.body);
    const list = await server.request("GET", `${BILL}/appliedCustomerBillingRate?billingAccount.id=${accountId}&isBilled=false&fields=name`);
    expect(list.body).toEqual([{ id: created.body.id, href: created.body.href, name: "Monthly fee" }]);
    // Rates are read-only in TMF678: no PATCH, no DELETE.
    expect((await server.request("PATCH", `${BILL}/appliedCustomerBillingRate/${created.body.id}`, { name: "x" })).status).toBe(405);
    expect(await balanceOf(accountId)).toBe("0.0000");
  });

  it("refuses rates on unknown accounts, in another currency, or with mixed currencies, writing nothing", async () => {
    const accountId = await newAccount("Rate rules");
    const unknown = await server.request("POST", `${BILL}/appliedCustomerBillingRate`, rate("0b9c2f59-0000-4000-8000-000000000000", "1"));
    expect(unknown.status).toBe(422);
    const usd = await server.request("POST", `${BILL}/appliedCustomerBillingRate`, { ...rate(accountId, "1"), taxIncludedAmount: { unit: "USD", value: 1 } });
    expect(usd.status).toBe(422);
    expect(usd.body.message).toMatch(/USD differs from the currency EUR/);
    const mixed = await server.request("POST", `${BILL}/appliedCustomerBillingRate`, rate(accountId, "1", { taxExcludedAmount: { unit: "GBP", value: 1 } }));
    expect(mixed.status).toBe(400);
    expect(mixed.body.message).toBe("taxExcludedAmount.unit must be EUR, the rate's currency");
    const noAmount = await server.request("POST", `${BILL}/appliedCustomerBillingRate`, { billingAccount: { id: accountId } });
    expect(noAmount.status).toBe(400);
    const rows = await server.db.pool.query(`SELECT count(*)::int AS n FROM applied_customer_billing_rate WHERE "billingAccountId" = $1`, [accountId]);
    expect(rows.rows[0].n).toBe(0);
  });
});

describe("customerBillOnDemand", () => {
  it("bills the account's unbilled rates into one customer bill: amounts, taxes and period summed exactly", async () => {
    const accountId = await newAccount("On demand");
    const vat = (value: number) => [{ taxCategory: "VAT", taxRate: 0.21, taxAmount: { unit: "EUR", value } }];
    await server.request(
      "POST",
      `${BILL}/appliedCustomerBillingRate`,
      rate(accountId, "0.10", {
        appliedTax: vat(0.01),
        taxExcludedAmount: { unit: "EUR", value: 0.09 },
        periodCoverage: { startDateTime: "2026-11-01T00:00:00.000Z", endDateTime: "2026-11-15T00:00:00.000Z" },
      }),
    );
    await server.request(
      "POST",
      `${BILL}/appliedCustomerBillingRate`,
      rate(accountId, "0.20", {
        appliedTax: vat(0.03),
        taxExcludedAmount: { unit: "EUR", value: 0.17 },
        periodCoverage: { startDateTime: "2026-11-10T00:00:00.000Z", endDateTime: "2026-11-30T00:00:00.000Z" },
      }),
    );
    await server.request("POST", `${BILL}/appliedCustomerBillingRate`, rate(accountId, "-0.05", { appliedBillingRateType: "appliedBillingCredit" }));

    const requested = await server.request("POST", `${BILL}/customerBillOnDemand`, {
      name: "Closing bill",
      billingAccount: { id: accountId, name: "On demand" },
      relatedParty: { id: "p-1", role: "requester", "@referredType": "Individual" },
      state: "done",
      lastUpdate: "2020-01-01T00:00:00Z", // the gateway's to set: accepted, superseded
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    expect(requested.body).toMatchObject({ state: "done", "@type": "CustomerBillOnDemand", billingAccount: { id: accountId } });
    expect(requested.body.lastUpdate).not.toBe("2020-01-01T00:00:00.000Z");
    const billId = requested.body.customerBill.id as string;
    expect(requested.body.customerBill.href).toBe(`${server.url}${BILL}/customerBill/${billId}`);

    const bill = await server.request("GET", `${BILL}/customerBill/${billId}`);
    expect(bill.body).toMatchObject({
      state: "new",
      runType: "offCycle",
      amountDue: { unit: "EUR", value: 0.25 }, // 0.10 + 0.20 - 0.05, exact
      remainingAmount: { unit: "EUR", value: 0.25 },
      taxItem: [{ taxCategory: "VAT", taxRate: 0.21, taxAmount: { unit: "EUR", value: 0.04 } }],
      billingPeriod: { startDateTime: "2026-11-01T00:00:00.000Z", endDateTime: "2026-11-30T00:00:00.000Z" },
      relatedParty: [{ id: "p-1", role: "requester" }],
      billingAccount: { id: accountId },
    });
    expect(bill.body.taxExcludedAmount).toBeUndefined(); // the credit has none: no partial sum is shown
    expect(await balanceOf(accountId)).toBe("0.2500");

    const billed = await server.request("GET", `${BILL}/appliedCustomerBillingRate?billingAccount.id=${accountId}`);
    expect(billed.body).toHaveLength(3);
    for (const r of billed.body as { isBilled: boolean; bill: { id: string; href: string } }[]) {
      expect(r.isBilled).toBe(true);
      expect(r.bill).toMatchObject({ id: billId, href: `${server.url}${BILL}/customerBill/${billId}` });
    }

    // Navigable in GraphQL: bill → rates, account → requests → bill.
    const nav = await server.graphql<{
      customerBill: { appliedCustomerBillingRates: { id: string }[] };
      billingAccount: { billsOnDemand: { producedBill: { id: string } }[] };
    }>(
      `query($bill: ID!, $account: ID!) { customerBill(id: $bill) { appliedCustomerBillingRates(limit: 10) { id } }
        billingAccount(id: $account) { billsOnDemand { producedBill { id } } } }`,
      { bill: billId, account: accountId },
    );
    expect(nav.errors).toBeUndefined();
    expect(nav.data!.customerBill.appliedCustomerBillingRates).toHaveLength(3);
    expect(nav.data!.billingAccount.billsOnDemand).toEqual([{ producedBill: { id: billId } }]);

    // Nothing left to bill: the next request is rejected, saying why, and books nothing.
    const again = await server.request("POST", `${BILL}/customerBillOnDemand`, { billingAccount: { id: accountId } });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ state: "rejected", stateReason: `billing account ${accountId} has no unbilled applied customer billing rate` });
    expect(again.body.customerBill).toBeUndefined();
    expect(await balanceOf(accountId)).toBe("0.2500");
  });

  it("records the request's lifecycle on the hub: created inProgress, then done (the bill's create event with it)", async () => {
    const accountId = await newAccount("On demand events");
    await server.request("POST", `${BILL}/appliedCustomerBillingRate`, rate(accountId, "5"));
    const requested = await server.request("POST", `${BILL}/customerBillOnDemand`, { billingAccount: { id: accountId } });
    const events = await server.db.pool.query(`SELECT "eventType", resource->>'state' AS state FROM event WHERE "resourceId" = ANY($1::uuid[]) ORDER BY seq`, [
      [requested.body.id, requested.body.customerBill.id],
    ]);
    expect(events.rows).toEqual([
      { eventType: "CustomerBillOnDemandCreateEvent", state: "inProgress" },
      { eventType: "CustomerBillCreateEvent", state: "new" },
      { eventType: "CustomerBillOnDemandStateChangeEvent", state: "done" },
    ]);
  });

  it("bills each rate once when requests for one account race", async () => {
    const accountId = await newAccount("Racing bills");
    for (let i = 0; i < 5; i++) await server.request("POST", `${BILL}/appliedCustomerBillingRate`, rate(accountId, "1.01"));
    const results = await Promise.all(
      Array.from({ length: 6 }, () => server.request("POST", `${BILL}/customerBillOnDemand`, { billingAccount: { id: accountId } })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(results.filter((r) => r.body.state === "done")).toHaveLength(1);
    expect(results.filter((r) => r.body.state === "rejected")).toHaveLength(5);
    const bills = await server.db.pool.query(`SELECT "amountDueValue"::text AS due FROM customer_bill WHERE "billingAccountId" = $1`, [accountId]);
    expect(bills.rows).toEqual([{ due: "5.0500" }]);
    expect(await balanceOf(accountId)).toBe("5.0500");
  });

  it("refuses what is not a request for a known account, writing nothing", async () => {
    const none = await server.request("POST", `${BILL}/customerBillOnDemand`, { name: "No account" });
    expect(none.status).toBe(400);
    expect(none.body.message).toBe("billingAccount.id is mandatory");
    const unknown = await server.request("POST", `${BILL}/customerBillOnDemand`, { billingAccount: { id: "0b9c2f59-0000-4000-8000-000000000001" } });
    expect(unknown.status).toBe(422);
    const badState = await server.request("POST", `${BILL}/customerBillOnDemand`, { billingAccount: { id: "x" }, "@schemaLocation": "not a uri" });
    expect(badState.status).toBe(400);
    const rows = await server.db.pool.query(`SELECT count(*)::int AS n FROM customer_bill_on_demand`);
    const before = rows.rows[0].n as number;
    expect((await server.request("POST", `${BILL}/customerBillOnDemand`, { billingAccount: { id: "x" }, extra: 1 })).status).toBe(400);
    expect((await server.db.pool.query(`SELECT count(*)::int AS n FROM customer_bill_on_demand`)).rows[0].n).toBe(before);
  });
});

describe("bill cycles and their specifications", () => {
  it("TMF678 reads the billing cycle specifications TMF666 writes, and the cycles that follow them", async () => {
    const spec = await server.request("POST", `${ACCOUNT}/billingCycleSpecification`, {
      name: "Monthly on the 1st",
      frequency: "monthly",
      billingDateShift: 1,
    });
    const read = await server.request("GET", `${BILL}/billCycleSpecification/${spec.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: spec.body.id,
      href: `${server.url}${BILL}/billCycleSpecification/${spec.body.id}`,
      name: "Monthly on the 1st",
      billingDateShift: 1,
      "@type": "BillCycleSpecification",
    });
    expect(spec.body["@type"]).toBe("BillingCycleSpecification"); // one row, each API its own name
    expect((await server.request("POST", `${BILL}/billCycleSpecification`, { name: "x" })).status).toBe(405);

    const cycle = await server.request("POST", `${BILL}/billCycle`, {
      name: "November 2026",
      billingDate: "2026-12-01T00:00:00Z",
      paymentDueDate: "2026-12-15T00:00:00Z",
      billCycleSpecification: { id: spec.body.id, name: "Monthly on the 1st" },
    });
    expect(cycle.status, JSON.stringify(cycle.body)).toBe(201);
    expect(cycle.body.billCycleSpecification).toEqual({ id: spec.body.id, name: "Monthly on the 1st", href: read.body.href });
    const list = await server.request("GET", `${BILL}/billCycle?billCycleSpecification.id=${spec.body.id}&fields=name`);
    expect(list.body).toEqual([{ id: cycle.body.id, href: cycle.body.href, name: "November 2026" }]);
    const nav = await server.graphql<{ billCycleSpecification: { billCycles: { name: string }[] } }>(
      `query($id: ID!) { billCycleSpecification(id: $id) { billCycles { name } } }`,
      { id: spec.body.id },
    );
    expect(nav.data!.billCycleSpecification.billCycles).toEqual([{ name: "November 2026" }]);
    const unknownSpec = await server.request("POST", `${BILL}/billCycle`, {
      name: "Orphan",
      billCycleSpecification: { id: "0b9c2f59-0000-4000-8000-000000000002" },
    });
    expect(unknownSpec.status).toBe(422);
  });
});
