import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListener } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";

// A listener receives exactly what GET returns for the resource at that moment: one TMF projection.
const FAST_EVENTS = { EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200", EVENTS_TIMEOUT_MS: "2000" };
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount";
const BILLS = "/tmf-api/customerBillManagement/v4/customerBill";
const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
const REFUNDS = "/tmf-api/paymentManagement/v4/refund";
const hub = (api: string) => `/tmf-api/${api}/v4/hub`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(FAST_EVENTS);
});
afterAll(() => server?.close());

async function listen(api: string, eventTypes: string) {
  const listener = await startListener();
  expect((await server.request("POST", hub(api), { callback: listener.url, query: `eventType=${eventTypes}` })).status).toBe(201);
  return listener;
}

const get = async (path: string) => {
  const res = await server.request("GET", path);
  expect(res.status).toBe(200);
  return res.body;
};

describe("event payloads are the GET representation", () => {
  it("of a customer: created, changed (attribute and state) and deleted", async () => {
    const listener = await listen("customerManagement", "CustomerCreateEvent,CustomerAttributeValueChangeEvent,CustomerStateChangeEvent,CustomerDeleteEvent");
    const created = (
      await server.request("POST", CUSTOMERS, {
        name: "Projected",
        engagedParty: { id: "p-1", name: "Pat", "@referredType": "Individual" },
        status: "prospect",
      })
    ).body;
    const afterCreate = await get(`${CUSTOMERS}/${created.id}`);
    await server.request("PATCH", `${CUSTOMERS}/${created.id}`, { name: "Projected again" });
    const afterRename = await get(`${CUSTOMERS}/${created.id}`);
    await server.request("PATCH", `${CUSTOMERS}/${created.id}`, { status: "approved" });
    const afterApproval = await get(`${CUSTOMERS}/${created.id}`);
    expect((await server.request("DELETE", `${CUSTOMERS}/${created.id}`)).status).toBe(204);

    const events = await listener.waitFor(4);
    expect(events.map((e) => e.eventType)).toEqual([
      "CustomerCreateEvent",
      "CustomerAttributeValueChangeEvent",
      "CustomerStateChangeEvent",
      "CustomerDeleteEvent",
    ]);
    expect(events.map((e) => e.event.customer)).toEqual([afterCreate, afterRename, afterApproval, afterApproval]);
    expect(afterCreate).toMatchObject({ "@type": "Customer", href: expect.stringMatching(new RegExp(`${CUSTOMERS}/${created.id}$`)) });
    await listener.close();
  });

  it("of a billing account, with its balance and its customer's reference", async () => {
    const listener = await listen("accountManagement", "BillingAccountCreateEvent");
    const customer = (await server.request("POST", CUSTOMERS, { name: "Owner", engagedParty: { id: "p-2", "@referredType": "Individual" } })).body;
    const account = (
      await server.request("POST", ACCOUNTS, {
        name: "Projected account",
        relatedParty: [{ id: customer.id, name: "Owner", role: "customer", "@referredType": "Customer" }],
        creditLimit: { unit: "EUR", value: 250.5 },
      })
    ).body;
    const shown = await get(`${ACCOUNTS}/${account.id}`);
    const [event] = await listener.waitFor(1);
    expect(event!.event.billingAccount).toEqual(shown);
    expect(shown.accountBalance).toEqual([
      { balanceType: "receivableBalance", amount: { unit: "EUR", value: 0 }, validFor: { startDateTime: expect.any(String) } },
    ]);
    await listener.close();
  });

  it("of a bill (numbers as numbers), of a payment of it with its items, and of the bill's state change showing that payment", async () => {
    const bills = await listen("customerBillManagement", "CustomerBillCreateEvent,CustomerBillStateChangeEvent");
    const payments = await listen("paymentManagement", "PaymentCreateEvent,RefundCreateEvent");
    const customer = (await server.request("POST", CUSTOMERS, { name: "Billed", engagedParty: { id: "p-3", "@referredType": "Individual" } })).body;
    const account = (
      await server.request("POST", ACCOUNTS, {
        name: "Billed account",
        relatedParty: [{ id: customer.id, name: "Billed", role: "customer", "@referredType": "Customer" }],
      })
    ).body;
    const bill = (
      await server.request("POST", BILLS, {
        billNo: "B-1",
        billingAccount: { id: account.id },
        amountDue: { unit: "EUR", value: 120.25 },
        taxItem: [{ taxCategory: "VAT", taxRate: 0.2, taxAmount: { unit: "EUR", value: 20.04 } }],
      })
    ).body;
    const billAsCreated = await get(`${BILLS}/${bill.id}`);
    expect(billAsCreated.taxItem).toEqual([{ taxCategory: "VAT", taxRate: 0.2, taxAmount: { unit: "EUR", value: 20.04 } }]);

    const payment = (
      await server.request("POST", PAYMENTS, {
        account: { id: account.id },
        paymentMethod: { name: "card", "@type": "BankCard" },
        totalAmount: { unit: "EUR", value: 50 },
        paymentItem: [{ item: { id: bill.id, "@referredType": "CustomerBill" }, totalAmount: { unit: "EUR", value: 40 } }],
      })
    ).body;
    const billAsPaid = await get(`${BILLS}/${bill.id}`);
    const paymentShown = await get(`${PAYMENTS}/${payment.id}`);
    expect(billAsPaid.state).toBe("partiallyPaid");
    expect(billAsPaid.appliedPayment).toEqual([{ appliedAmount: { unit: "EUR", value: 40 }, payment: { id: payment.id, href: paymentShown.href } }]);

    const refund = (
      await server.request("POST", REFUNDS, {
        account: { id: account.id },
        payment: { id: payment.id },
        paymentMethod: { name: "card", "@type": "BankCard" },
        totalAmount: { unit: "EUR", value: 10 },
      })
    ).body;
    const refundShown = await get(`${REFUNDS}/${refund.id}`);

    const billEvents = await bills.waitFor(2);
    expect(billEvents.map((e) => [e.eventType, e.event.customerBill])).toEqual([
      ["CustomerBillCreateEvent", billAsCreated],
      ["CustomerBillStateChangeEvent", billAsPaid],
    ]);
    const paymentEvents = await payments.waitFor(2);
    expect(paymentEvents.find((e) => e.eventType === "PaymentCreateEvent")!.event.payment).toEqual(paymentShown);
    expect(paymentEvents.find((e) => e.eventType === "RefundCreateEvent")!.event.refund).toEqual(refundShown);
    expect(paymentShown.paymentItem).toHaveLength(1);
    expect(paymentShown.account.href).toMatch(new RegExp(`${ACCOUNTS}/${account.id}$`));
    for (const l of [bills, payments]) await l.close();
  });
});
