import { parse as parseLossless } from "lossless-json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCES } from "../src/modules/registry.js";
import { eventTypesOf } from "../src/resource/description.js";
import { rawTextOf, startListener, type ReceivedEvent } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Every event payload is GET's representation of the resource at that moment, to the number text:
// every resource of the registry that has events, every event type, written with inputs in valid
// but non-canonical forms (dates without milliseconds, with offsets, with sub-millisecond digits;
// amounts as 10.50, 1e2, 4.05e1), on every API version's hub (TMF629 and TMF666, v4 and v5).
const FAST_EVENTS = { EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200", EVENTS_TIMEOUT_MS: "2000" };
const CUSTOMER = "/tmf-api/customerManagement/v4/customer";
const CUSTOMER_V5 = "/tmf-api/customer/v5/customer";
const ACCOUNT = "/tmf-api/accountManagement/v4";
const ACCOUNT_V5 = "/tmf-api/accountManagement/v5";
const BILL = "/tmf-api/customerBillManagement/v4";
const PAYMENT = "/tmf-api/paymentManagement/v4";
const HUBS = {
  customerManagement: "/tmf-api/customerManagement/v4/hub",
  customer: "/tmf-api/customer/v5/hub",
  accountManagement: `${ACCOUNT}/hub`,
  accountManagementV5: `${ACCOUNT_V5}/hub`,
  customerBillManagement: `${BILL}/hub`,
  paymentManagement: `${PAYMENT}/hub`,
  paymentMethod: "/tmf-api/paymentMethod/v4/hub",
  partyRoleManagement: "/tmf-api/partyRoleManagement/v4/hub",
};
type Hub = keyof typeof HUBS;
const METHOD = `{"name":"Visa ****4242","@type":"BankCard"}`;

/** An event a hub's listener must receive: its type, and GET's text of the resource right after the write. */
interface Expected {
  hub: Hub;
  eventType: string;
  id: string;
  get: string;
  /** Attributes the same request changes again after the event (a task decided as it is created). */
  omit?: string[];
}

let server: TestServer;
const listeners = new Map<Hub, Awaited<ReturnType<typeof startListener>>>();
const expected: Expected[] = [];
beforeAll(async () => {
  server = await startTestServer(FAST_EVENTS);
  for (const [hub, path] of Object.entries(HUBS) as [Hub, string][]) {
    const listener = await startListener();
    expect((await server.request("POST", path, { callback: listener.url })).status).toBe(201);
    listeners.set(hub, listener);
  }
});
afterAll(async () => {
  for (const listener of listeners.values()) await listener.close();
  await server?.close();
});

/** A request with a JSON body written as given (its number and date texts are the test's point). */
async function send(method: string, path: string, body: string, status: number): Promise<Record<string, any>> {
  const res = await server.request(method, path, body);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
  return res.body;
}

const getText = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
};

/** Records that `hub` must receive `eventType` of `path`'s resource as GET shows it now. */
async function expectEvent(hub: Hub, eventType: string, path: string, omit?: string[]) {
  expected.push({ hub, eventType, id: path.split("/").pop()!, get: await getText(path), omit });
}

/** JSON with every number kept as its text (lossless-json): 10.5 and 10.50 differ, so do 1e2 and 100. */
const exact = (text: string) => parseLossless(text) as Record<string, any>;

const without = (resource: Record<string, unknown>, omit: string[] = []) => Object.fromEntries(Object.entries(resource).filter(([key]) => !omit.includes(key)));

/** The text of the event's resource (`event.<resource>`) in the body the listener received. */
function payloadText(event: ReceivedEvent): string {
  const body = rawTextOf(event);
  const key = `"event":{${JSON.stringify(Object.keys(event.event)[0])}:`;
  expect(body.endsWith("}}"), body).toBe(true);
  return body.slice(body.indexOf(key) + key.length, -2);
}

/** The first event of `received` that is `want`, taken out of it, once it has arrived. */
async function take(received: ReceivedEvent[], taken: Set<ReceivedEvent>, want: Expected): Promise<ReceivedEvent> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = received.find((event) => !taken.has(event) && event.eventType === want.eventType && Object.values(event.event)[0]!.id === want.id);
    if (found) {
      taken.add(found);
      return found;
    }
    if (Date.now() > deadline) throw new Error(`${want.hub} received no ${want.eventType} of ${want.id}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("every event payload is GET's representation, number texts included", () => {
  it("of customers, on the TMF629 v4 and v5 hubs: created, changed (v5 merge patch and v4 state) and deleted", async () => {
    const created = await send(
      "POST",
      CUSTOMER,
      `{"name":"Exact","engagedParty":{"id":"p-1","name":"Pat","@referredType":"Individual"},"status":"prospect",
        "validFor":{"startDateTime":"2026-01-01T02:00:00+02:00"},
        "characteristic":[{"name":"rate","value":10.50},{"name":"big","value":1e21},{"name":"small","value":1E-7},{"name":"whole","value":2.0}],
        "creditProfile":[{"creditProfileDate":"2026-01-01T00:00:00Z","creditScore":7,"validFor":{"startDateTime":"2026-01-01T00:00:00.5+01:00"}}]}`,
      201,
    );
    const both = async (type: string) => {
      await expectEvent("customerManagement", type, `${CUSTOMER}/${created.id}`);
      await expectEvent("customer", type, `${CUSTOMER_V5}/${created.id}`);
    };
    await both("CustomerCreateEvent");
    await send("PATCH", `${CUSTOMER_V5}/${created.id}`, `{"validFor":{"startDateTime":"2026-02-01T00:00:00-05:00"}}`, 200);
    await both("CustomerAttributeValueChangeEvent");
    await send("PATCH", `${CUSTOMER}/${created.id}`, `{"status":"approved"}`, 200);
    await both("CustomerStateChangeEvent");
    await both("CustomerDeleteEvent");
    expect((await server.request("DELETE", `${CUSTOMER}/${created.id}`)).status).toBe(204);
  });

  it("of TMF666's accounts and bill structures, on the v4 and v5 hubs", async () => {
    const owner = await send("POST", CUSTOMER, `{"name":"Owner","engagedParty":{"id":"p-2","@referredType":"Individual"}}`, 201);
    const party = `[{"id":"${owner.id}","name":"Owner","role":"customer","@referredType":"Customer"}]`;
    const both = async (type: string, collection: string, id: string) => {
      await expectEvent("accountManagement", type, `${ACCOUNT}/${collection}/${id}`);
      await expectEvent("accountManagementV5", type, `${ACCOUNT_V5}/${collection}/${id}`);
    };
    for (const collection of ["billingAccount", "partyAccount", "settlementAccount", "financialAccount"]) {
      const type = collection[0]!.toUpperCase() + collection.slice(1);
      const account = await send(
        "POST",
        `${ACCOUNT}/${collection}`,
        `{"name":"Exact ${collection}","relatedParty":${party},"creditLimit":{"unit":"EUR","value":1e3}}`,
        201,
      );
      await both(`${type}CreateEvent`, collection, account.id);
      await send("PATCH", `${ACCOUNT_V5}/${collection}/${account.id}`, `{"creditLimit":{"unit":"EUR","value":250.50}}`, 200);
      await both(`${type}AttributeValueChangeEvent`, collection, account.id);
      await send("PATCH", `${ACCOUNT}/${collection}/${account.id}`, `{"state":"Suspended"}`, 200);
      await both(`${type}StateChangeEvent`, collection, account.id);
      await both(`${type}DeleteEvent`, collection, account.id);
      expect((await server.request("DELETE", `${ACCOUNT_V5}/${collection}/${account.id}`)).status).toBe(204);
    }
    for (const [collection, body, patch] of [
      [
        "billingCycleSpecification",
        `{"name":"Monthly","billingDateShift":1.0,"validFor":{"startDateTime":"2026-01-01T00:00:00Z"}}`,
        `{"validFor":{"startDateTime":"2026-01-01T00:00:00.25-01:30"}}`,
      ],
      ["billFormat", `{"name":"Exact billFormat"}`, `{"description":"Changed"}`],
      ["billPresentationMedia", `{"name":"Exact billPresentationMedia"}`, `{"description":"Changed"}`],
    ] as const) {
      const type = collection[0]!.toUpperCase() + collection.slice(1);
      const made = await send("POST", `${ACCOUNT}/${collection}`, body, 201);
      await both(`${type}CreateEvent`, collection, made.id);
      await send("PATCH", `${ACCOUNT_V5}/${collection}/${made.id}`, patch, 200);
      await both(`${type}AttributeValueChangeEvent`, collection, made.id);
      await both(`${type}DeleteEvent`, collection, made.id);
      expect((await server.request("DELETE", `${ACCOUNT}/${collection}/${made.id}`)).status).toBe(204);
    }
  });

  it("of TMF670 payment methods: created, changed, status changed and deleted", async () => {
    const methods = "/tmf-api/paymentMethod/v4/paymentMethod";
    const voucher = await send(
      "POST",
      methods,
      `{"name":"Gift","@type":"Voucher","code":"G-1","value":{"amount":25.50,"units":"EUR"},"expirationDate":"2030-01-01T01:00:00+01:00"}`,
      201,
    );
    const path = `${methods}/${voucher.id}`;
    await expectEvent("paymentMethod", "PaymentMethodCreateEvent", path);
    await send("PATCH", path, `{"value":{"amount":1e1},"validFor":{"endDateTime":"2031-01-01T00:00:00.5Z"}}`, 200);
    await expectEvent("paymentMethod", "PaymentMethodAttributeValueChangeEvent", path);
    await send("PATCH", path, `{"status":"Suspended"}`, 200);
    await expectEvent("paymentMethod", "PaymentMethodStatusChangeEvent", path);
    await expectEvent("paymentMethod", "PaymentMethodDeleteEvent", path);
    expect((await server.request("DELETE", path)).status).toBe(204);
  });

  it("of TMF669 party roles: created, changed, state changed and deleted", async () => {
    const roles = "/tmf-api/partyRoleManagement/v4/partyRole";
    const role = await send(
      "POST",
      roles,
      `{"name":"Exact role","characteristic":[{"name":"scope","value":"bill:read"},{"name":"weight","value":1.50}],"validFor":{"startDateTime":"2026-01-01T02:00:00+02:00"}}`,
      201,
    );
    const path = `${roles}/${role.id}`;
    await expectEvent("partyRoleManagement", "PartyRoleCreateEvent", path);
    await send("PATCH", path, `{"roleType":{"rank":1e1},"validFor":{"endDateTime":"2031-01-01T00:00:00.5Z"}}`, 200);
    await expectEvent("partyRoleManagement", "PartyRoleAttributeValueChangeEvent", path);
    await send("PATCH", path, `{"status":"Suspended"}`, 200);
    await expectEvent("partyRoleManagement", "PartyRoleStateChangeEvent", path);
    await expectEvent("partyRoleManagement", "PartyRoleDeleteEvent", path);
    expect((await server.request("DELETE", path)).status).toBe(204);
  });

  it("of bills, payments, refunds and TMF676's tasks", async () => {
    const owner = await send("POST", CUSTOMER, `{"name":"Payer","engagedParty":{"id":"p-3","@referredType":"Individual"}}`, 201);
    const account = await send(
      "POST",
      `${ACCOUNT}/billingAccount`,
      `{"name":"Payer","relatedParty":[{"id":"${owner.id}","name":"Payer","role":"customer","@referredType":"Customer"}],"creditLimit":{"unit":"EUR","value":1000.00}}`,
      201,
    );
    const bill = await send(
      "POST",
      `${BILL}/customerBill`,
      `{"billNo":"B-exact","billDate":"2026-01-01T00:00:00Z","nextBillDate":"2026-02-01T01:00:00+01:00","paymentDueDate":"2026-01-15T12:00:00.1239Z",
        "billingAccount":{"id":"${account.id}"},"amountDue":{"unit":"EUR","value":120.50},"taxExcludedAmount":{"unit":"EUR","value":1.0000005e2},
        "taxIncludedAmount":{"unit":"EUR","value":1.205E2},"taxItem":[{"taxCategory":"VAT","taxRate":0.20,"taxAmount":{"unit":"EUR","value":20.50}},{"taxCategory":"eco","taxRate":1E-7}],
        "billingPeriod":{"startDateTime":"2026-01-01T00:00:00+01:00","endDateTime":"2026-01-31T23:59:59Z"}}`,
      201,
    );
    const billPath = `${BILL}/customerBill/${bill.id}`;
    await expectEvent("customerBillManagement", "CustomerBillCreateEvent", billPath);
    // As stored: instants to the millisecond (the timestamptz(3) column is given the Date the gateway read), amounts to 4 decimals half away from zero (100.00005).
    const billText = expected.at(-1)!.get;
    for (const part of [
      `"billDate":"2026-01-01T00:00:00.000Z"`,
      `"nextBillDate":"2026-02-01T00:00:00.000Z"`,
      `"paymentDueDate":"2026-01-15T12:00:00.123Z"`,
      `"taxExcludedAmount":{"unit":"EUR","value":100.0001}`,
      `"amountDue":{"unit":"EUR","value":120.5}`,
      `"taxRate":0.0000001`,
    ]) {
      expect(billText, billText).toContain(part);
    }
    await send("PATCH", billPath, `{"state":"validated"}`, 200);
    await expectEvent("customerBillManagement", "CustomerBillStateChangeEvent", billPath);
    const cycle = await send(
      "POST",
      `${BILL}/billCycle`,
      `{"name":"January","billingDate":"2026-02-01T00:00:00+01:00","chargeDate":"2026-01-31T23:00:00.000001Z"}`,
      201,
    );
    await send("PATCH", billPath, `{"billCycle":{"id":"${cycle.id}","name":"January"}}`, 200);
    await expectEvent("customerBillManagement", "CustomerBillAttributeValueChangeEvent", billPath);

    const payment = await send(
      "POST",
      `${PAYMENT}/payment`,
      `{"account":{"id":"${account.id}"},"paymentMethod":${METHOD},"amount":{"unit":"EUR","value":4.05e1},"taxAmount":{"unit":"EUR","value":10.00},
        "totalAmount":{"unit":"EUR","value":50.50},"paymentItem":[{"item":{"id":"${bill.id}","@referredType":"CustomerBill"},"totalAmount":{"unit":"EUR","value":20.50}}]}`,
      201,
    );
    await expectEvent("paymentManagement", "PaymentCreateEvent", `${PAYMENT}/payment/${payment.id}`);
    await expectEvent("customerBillManagement", "CustomerBillStateChangeEvent", billPath);
    const refund = await send(
      "POST",
      `${PAYMENT}/refund`,
      `{"account":{"id":"${account.id}"},"payment":{"id":"${payment.id}"},"paymentMethod":${METHOD},"totalAmount":{"unit":"EUR","value":5.50},"refundDate":"2026-03-01T10:00:00+02:00"}`,
      201,
    );
    await expectEvent("paymentManagement", "RefundCreateEvent", `${PAYMENT}/refund/${refund.id}`);
    expect(expected.at(-1)!.get).toContain(`"refundDate":"2026-03-01T08:00:00.000Z"`);

    const decided = ["state", "stateReason", "authorizedPaymentDate", "initiatedPayment", "initiatedPaymentDate", "customerBill", "lastUpdate"];
    const authorization = await send(
      "POST",
      `${PAYMENT}/authorizePayment`,
      `{"authorizePaymentDate":"2026-04-01T00:00:00.9999+02:00","authorizedPayment":{"account":{"id":"${account.id}"},"paymentMethod":${METHOD},"totalAmount":{"unit":"EUR","value":30.50}}}`,
      201,
    );
    await expectEvent("paymentManagement", "AuthorizePaymentCreateEvent", `${PAYMENT}/authorizePayment/${authorization.id}`, decided);
    await expectEvent("paymentManagement", "AuthorizePaymentStateChangeEvent", `${PAYMENT}/authorizePayment/${authorization.id}`);
    const initiation = await send(
      "POST",
      `${PAYMENT}/initiatePayment`,
      `{"initiatePaymentDate":"2026-04-02T00:00:00-00:00","authorizedPayment":{"id":"${authorization.id}"}}`,
      201,
    );
    await expectEvent("paymentManagement", "InitiatePaymentCreateEvent", `${PAYMENT}/initiatePayment/${initiation.id}`, decided);
    await expectEvent("paymentManagement", "InitiatePaymentStateChangeEvent", `${PAYMENT}/initiatePayment/${initiation.id}`);
    await expectEvent("paymentManagement", "PaymentCreateEvent", `${PAYMENT}/payment/${initiation.initiatedPayment.id}`);

    await send(
      "POST",
      `${BILL}/appliedCustomerBillingRate`,
      `{"name":"Fee","appliedBillingRateType":"recurringCharge","billingAccount":{"id":"${account.id}"},"taxIncludedAmount":{"unit":"EUR","value":12.10},
        "taxExcludedAmount":{"unit":"EUR","value":1e1},"appliedTax":[{"taxCategory":"VAT","taxRate":0.210,"taxAmount":{"unit":"EUR","value":2.10}}],
        "periodCoverage":{"startDateTime":"2026-11-01T00:00:00+01:00","endDateTime":"2026-11-30T00:00:00Z"}}`,
      201,
    );
    const onDemand = await send("POST", `${BILL}/customerBillOnDemand`, `{"name":"Closing","billingAccount":{"id":"${account.id}"}}`, 201);
    await expectEvent("customerBillManagement", "CustomerBillOnDemandCreateEvent", `${BILL}/customerBillOnDemand/${onDemand.id}`, decided);
    await expectEvent("customerBillManagement", "CustomerBillOnDemandStateChangeEvent", `${BILL}/customerBillOnDemand/${onDemand.id}`);
    await expectEvent("customerBillManagement", "CustomerBillCreateEvent", `${BILL}/customerBill/${onDemand.customerBill.id}`);
  });

  it("was checked for every event type of every resource of the registry, on every hub", async () => {
    const declared = RESOURCES.flatMap(eventTypesOf).sort();
    expect(new Set(expected.map((e) => e.eventType))).toEqual(new Set(declared));
    for (const [hub, listener] of listeners) {
      const taken = new Set<ReceivedEvent>();
      for (const want of expected.filter((e) => e.hub === hub)) {
        const event = await take(listener.received, taken, want);
        const text = payloadText(event);
        expect.soft(without(exact(text), want.omit), `${hub} ${want.eventType} of ${want.id}`).toEqual(without(exact(want.get), want.omit));
        if (!want.omit) expect.soft(text, `${hub} ${want.eventType} of ${want.id}, byte for byte`).toBe(want.get);
      }
    }
  });
});

describe("a decimal kept in JSON", () => {
  it("is written as its plain text, and one stored before in decimal.js's exponent form still reads (GET 200, the exact number)", async () => {
    const owner = await send("POST", CUSTOMER, `{"name":"Tiny","engagedParty":{"id":"p-4","@referredType":"Individual"}}`, 201);
    const party = `[{"id":"${owner.id}","name":"Tiny","role":"customer","@referredType":"Customer"}]`;
    const account = await send("POST", `${ACCOUNT}/billingAccount`, `{"name":"Tiny","relatedParty":${party}}`, 201);
    const bill = await send(
      "POST",
      `${BILL}/customerBill`,
      `{"billingAccount":{"id":"${account.id}"},"amountDue":{"unit":"EUR","value":1},"taxItem":[{"taxRate":1E-7}]}`,
      201,
    );
    const stored = await server.db.pool.query(`SELECT "taxItem"::text AS t FROM customer_bill WHERE id = $1`, [bill.id]);
    expect(stored.rows[0].t).toBe(`[{"taxRate": "0.0000001"}]`);
    await server.db.pool.query(`UPDATE customer_bill SET "taxItem" = '[{"taxRate": "1e-7"}, {"taxRate": "2.5e+21"}]' WHERE id = $1`, [bill.id]);
    const text = await getText(`${BILL}/customerBill/${bill.id}`);
    expect(text).toContain(`"taxItem":[{"taxRate":0.0000001},{"taxRate":2500000000000000000000}]`);
  });
});
