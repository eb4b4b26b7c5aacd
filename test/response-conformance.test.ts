import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListener } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";
import { defines, faultsAgainst, SWAGGERS } from "./support/swagger-schemas.js";

// What the gateway answers (by id and lists, every resource) and every event it sends conform to
// the swaggers' definitions, checked by ajv over the shipped files (test/support/swagger-schemas.ts).

const FAST_EVENTS = { EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200", EVENTS_TIMEOUT_MS: "2000" };
const API = {
  customer: "/tmf-api/customerManagement/v4",
  account: "/tmf-api/accountManagement/v4",
  payment: "/tmf-api/paymentManagement/v4",
  bill: "/tmf-api/customerBillManagement/v4",
} as const;
type Api = keyof typeof API;

/** Each resource: its API, REST collection and swagger definition. */
const RESOURCES: { api: Api; collection: string; type: string }[] = [
  { api: "customer", collection: "customer", type: "Customer" },
  { api: "account", collection: "billingAccount", type: "BillingAccount" },
  { api: "account", collection: "partyAccount", type: "PartyAccount" },
  { api: "account", collection: "settlementAccount", type: "SettlementAccount" },
  { api: "account", collection: "financialAccount", type: "FinancialAccount" },
  { api: "account", collection: "billingCycleSpecification", type: "BillingCycleSpecification" },
  { api: "account", collection: "billFormat", type: "BillFormat" },
  { api: "account", collection: "billPresentationMedia", type: "BillPresentationMedia" },
  { api: "bill", collection: "customerBill", type: "CustomerBill" },
  { api: "bill", collection: "appliedCustomerBillingRate", type: "AppliedCustomerBillingRate" },
  { api: "bill", collection: "billCycleSpecification", type: "BillCycleSpecification" },
  { api: "bill", collection: "billCycle", type: "BillCycle" },
  { api: "bill", collection: "customerBillOnDemand", type: "CustomerBillOnDemand" },
  { api: "payment", collection: "payment", type: "Payment" },
  { api: "payment", collection: "refund", type: "Refund" },
  { api: "payment", collection: "authorizePayment", type: "AuthorizePayment" },
  { api: "payment", collection: "initiatePayment", type: "InitiatePayment" },
];

let server: TestServer;
let listener: Awaited<ReturnType<typeof startListener>>;
const ids: Record<string, string> = {};

async function post(api: Api, collection: string, body: unknown) {
  const res = await server.request("POST", `${API[api]}/${collection}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

beforeAll(async () => {
  server = await startTestServer(FAST_EVENTS);
  listener = await startListener();
  for (const api of Object.keys(API) as Api[]) {
    expect((await server.request("POST", `${API[api]}/hub`, { callback: listener.url })).status).toBe(201);
  }
  const party = { id: "org-42", name: "Moon Hooch", "@referredType": "Organization" };
  ids.customer = (
    await post("customer", "customer", {
      name: "Moon Hooch",
      status: "Approved",
      engagedParty: party,
      contactMedium: [{ mediumType: "email", preferred: true, characteristic: { emailAddress: "band@moonhooch.example" } }],
      characteristic: [{ name: "segment", value: "gold" }],
      creditProfile: [{ creditProfileDate: "2024-01-01T00:00:00Z", creditRiskRating: 3, validFor: { startDateTime: "2024-01-01T00:00:00Z" } }],
      relatedParty: [{ id: "ind-7", name: "Pat", role: "contact", "@referredType": "Individual" }],
    })
  ).id;
  ids.financialAccount = (await post("account", "financialAccount", { name: "Receivables", accountType: "receivable" })).id;
  ids.billingAccount = (
    await post("account", "billingAccount", {
      name: "Main",
      description: "The band's account",
      relatedParty: [{ id: ids.customer, name: "Moon Hooch", role: "customer", "@referredType": "Customer" }],
      financialAccount: { id: ids.financialAccount, name: "Receivables" },
    })
  ).id;
  const partner = [{ id: "org-9", name: "Partner", role: "partner", "@referredType": "Organization" }];
  ids.partyAccount = (await post("account", "partyAccount", { name: "Party", relatedParty: partner, state: "active" })).id;
  ids.settlementAccount = (
    await post("account", "settlementAccount", { name: "Settlement", relatedParty: partner, creditLimit: { unit: "EUR", value: 500 } })
  ).id;
  ids.billingCycleSpecification = (await post("account", "billingCycleSpecification", { name: "Monthly", frequency: "monthly", paymentDueDateOffset: 15 })).id;
  ids.billFormat = (await post("account", "billFormat", { name: "PDF" })).id;
  ids.billPresentationMedia = (await post("account", "billPresentationMedia", { name: "email" })).id;
  const bill = await server.graphql<{ createCustomerBill: { id: string } }>(
    `mutation ($a: String!) { createCustomerBill(input: { billingAccount: { id: $a }, billNo: "B-1", runType: "onCycle", billDate: "2024-02-01T00:00:00Z",
       amountDue: { unit: "EUR", value: "100.50" }, taxIncludedAmount: { unit: "EUR", value: "100.50" } }) { id } }`,
    { a: ids.billingAccount },
  );
  expect(bill.errors).toBeUndefined();
  ids.customerBill = bill.data!.createCustomerBill.id;
  ids.appliedCustomerBillingRate = (
    await post("bill", "appliedCustomerBillingRate", {
      name: "Fibre 1G, November",
      appliedBillingRateType: "recurringCharge",
      date: "2026-11-30T00:00:00Z",
      billingAccount: { id: ids.billingAccount },
      taxIncludedAmount: { unit: "EUR", value: 12.1 },
      taxExcludedAmount: { unit: "EUR", value: 10 },
      appliedTax: [{ taxCategory: "VAT", taxRate: 0.21, taxAmount: { unit: "EUR", value: 2.1 } }],
      periodCoverage: { startDateTime: "2026-11-01T00:00:00Z" },
      product: { id: "prod-1", "@referredType": "Product" },
    })
  ).id;
  ids.customerBillOnDemand = (await post("bill", "customerBillOnDemand", { name: "On demand", billingAccount: { id: ids.billingAccount } })).id;
  ids.billCycleSpecification = ids.billingCycleSpecification;
  ids.billCycle = (
    await post("bill", "billCycle", {
      name: "November",
      billingDate: "2026-12-01T00:00:00Z",
      billCycleSpecification: { id: ids.billingCycleSpecification },
    })
  ).id;
  const paymentMethod = { id: "pm-1", name: "Visa ****4242", "@type": "PaymentMethodRef" };
  ids.payment = (
    await post("payment", "payment", {
      account: { id: ids.billingAccount, "@referredType": "BillingAccount" },
      paymentMethod,
      totalAmount: { unit: "EUR", value: 60 },
      paymentItem: [{ item: { id: ids.customerBill, "@referredType": "CustomerBill" }, totalAmount: { unit: "EUR", value: 60 } }],
    })
  ).id;
  ids.refund = (
    await post("payment", "refund", {
      account: { id: ids.billingAccount },
      payment: { id: ids.payment },
      paymentMethod,
      totalAmount: { unit: "EUR", value: 10.25 },
    })
  ).id;
  ids.authorizePayment = (
    await post("payment", "authorizePayment", {
      authorizePaymentDate: "2026-12-01T10:00:00Z",
      authorizedPayment: { account: { id: ids.billingAccount }, paymentMethod, totalAmount: { unit: "EUR", value: 5 } },
    })
  ).id;
  ids.initiatePayment = (await post("payment", "initiatePayment", { authorizedPayment: { id: ids.authorizePayment } })).id;
  // State and attribute changes, and a deletion, for the events of every kind.
  expect((await server.request("PATCH", `${API.customer}/customer/${ids.customer}`, { status: "Validated" })).status).toBe(200);
  expect((await server.request("PATCH", `${API.customer}/customer/${ids.customer}`, { name: "Moon Hooch Ltd" })).status).toBe(200);
  expect((await server.request("PATCH", `${API.account}/billingAccount/${ids.billingAccount}`, { description: "Renamed" })).status).toBe(200);
  expect((await server.request("PATCH", `${API.account}/partyAccount/${ids.partyAccount}`, { state: "suspended" })).status).toBe(200);
  expect((await server.request("PATCH", `${API.account}/billFormat/${ids.billFormat}`, { description: "A4" })).status).toBe(200);
  const gone = await post("customer", "customer", { name: "Gone", engagedParty: party });
  expect((await server.request("DELETE", `${API.customer}/customer/${gone.id}`)).status).toBe(204);
});
afterAll(async () => {
  await listener?.close();
  await server?.close();
});

describe("responses and events conform to the swaggers", () => {
  for (const { api, collection, type } of RESOURCES) {
    it(`${type}: by id and in a list`, async () => {
      const one = await server.request("GET", `${API[api]}/${collection}/${ids[collection]}`);
      expect(one.status).toBe(200);
      expect(faultsAgainst(SWAGGERS[api], type, one.body)).toEqual([]);
      const list = await server.request("GET", `${API[api]}/${collection}?limit=10`);
      expect(list.status).toBe(200);
      expect((list.body as unknown[]).length).toBeGreaterThan(0);
      for (const item of list.body as unknown[]) expect(faultsAgainst(SWAGGERS[api], type, item)).toEqual([]);
    });
  }

  it("every event, envelope and resource", async () => {
    const expected = [
      "CustomerCreateEvent",
      "CustomerStateChangeEvent",
      "CustomerAttributeValueChangeEvent",
      "CustomerDeleteEvent",
      "PaymentCreateEvent",
      "RefundCreateEvent",
      "FinancialAccountCreateEvent",
      "PartyAccountStateChangeEvent",
      "BillFormatAttributeValueChangeEvent",
      "CustomerBillCreateEvent",
      "CustomerBillOnDemandCreateEvent",
      "CustomerBillOnDemandStateChangeEvent",
      "AuthorizePaymentCreateEvent",
      "AuthorizePaymentStateChangeEvent",
      "InitiatePaymentCreateEvent",
      "InitiatePaymentStateChangeEvent",
    ];
    await expect.poll(() => expected.filter((t) => !listener.received.some((e) => e.eventType === t)), { timeout: 10_000, interval: 100 }).toEqual([]);
    for (const event of listener.received) {
      const [resourceKey, resource] = Object.entries(event.event)[0]!;
      const type = resourceKey[0]!.toUpperCase() + resourceKey.slice(1);
      const file = SWAGGERS[RESOURCES.find((r) => r.type === type)!.api];
      const faults = defines(file, event.eventType) ? faultsAgainst(file, event.eventType, event) : faultsAgainst(file, type, resource);
      expect(faults, event.eventType).toEqual([]);
    }
  });
});
