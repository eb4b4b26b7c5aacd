import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListener, type ReceivedEvent } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";
import { BILL_V5, faultsAgainst, SWAGGERS } from "./support/swagger-schemas.js";

// TMF678 v5.0.0 beside v4, over the same bills, rates, cycles and requests: what one version
// writes, the other reads, each in its own contract (ajv over the shipped swagger and OpenAPI
// files, test/support/swagger-schemas.ts), and each hub receives its version's events.

const V4 = "/tmf-api/customerBillManagement/v4";
const V5 = "/tmf-api/customerBillManagement/v5";
const FAST_EVENTS = { EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200", EVENTS_TIMEOUT_MS: "2000" };

let server: TestServer;
let accountId: string;

const v5Faults = (type: string, body: unknown) => faultsAgainst(BILL_V5, type, body);
const v4Faults = (type: string, body: unknown) => faultsAgainst(SWAGGERS.bill, type, body);

async function post(path: string, body: unknown) {
  const res = await server.request("POST", path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; href: string } & Record<string, unknown>;
}

const patch = (path: string, body: unknown, type = "application/merge-patch+json") => server.request("PATCH", path, body, { "content-type": type });

/** A bill a billing system records through v4 (the extension POST): v4's shapes throughout. */
const v4Bill = (billNo: string) => ({
  billNo,
  billingAccount: { id: accountId },
  amountDue: { unit: "EUR", value: 42.5 },
  taxIncludedAmount: { unit: "EUR", value: 42.5 },
  taxExcludedAmount: { unit: "EUR", value: 35.42 },
  taxItem: [{ taxCategory: "VAT", taxRate: 0.2, taxAmount: { unit: "EUR", value: 7.08 } }],
  relatedParty: [{ id: "ind-7", name: "Pat", role: "payer", "@referredType": "Individual" }],
  billDocument: [
    { id: "doc-1", name: "Invoice", url: "https://docs.example/invoice.pdf" },
    { name: "Summary", mimeType: "application/pdf", url: "https://docs.example/summary.pdf" },
  ],
  runType: "onCycle",
});

beforeAll(async () => {
  server = await startTestServer(FAST_EVENTS);
  const customer = await post("/tmf-api/customerManagement/v4/customer", { name: "TMF678 v5", engagedParty: { id: "o", "@referredType": "Organization" } });
  const account = await post("/tmf-api/accountManagement/v4/billingAccount", {
    name: "TMF678 v5",
    relatedParty: [{ id: customer.id, name: "TMF678 v5", role: "customer", "@referredType": "Customer" }],
    creditLimit: { unit: "EUR", value: 10_000 },
  });
  accountId = account.id;
});
afterAll(async () => {
  await server?.close();
});

describe("customerBill: v4 writes, v5 reads and patches, v4 reads", () => {
  it("a bill recorded through v4 reads through v5 in v5's shapes, valid against its schema", async () => {
    const created = await post(`${V4}/customerBill`, v4Bill(`V5-${Date.now()}`));
    const v5 = await server.request("GET", `${V5}/customerBill/${created.id}`);
    expect(v5.status).toBe(200);
    expect(v5Faults("CustomerBill", v5.body)).toEqual([]);
    expect(v5.body).toMatchObject({ "@type": "CustomerBill", href: `${server.url}${V5}/customerBill/${created.id}`, state: "new" });
    expect(v5.body.amountDue).toEqual({ unit: "EUR", value: 42.5 });
    expect(v5.body.billingAccount).toMatchObject({ "@type": "BillingAccountRef", id: accountId });
    expect(v5.body.taxItem).toEqual([{ "@type": "TaxItem", taxCategory: "VAT", taxRate: 0.2, taxAmount: { unit: "EUR", value: 7.08 } }]);
    expect(v5.body.relatedParty).toEqual([
      {
        "@type": "RelatedPartyRefOrPartyRoleRef",
        role: "payer",
        partyOrPartyRole: { "@type": "PartyRef", id: "ind-7", name: "Pat", "@referredType": "Individual" },
      },
    ]);
    // The bill's rendered PDF first (a document by value: url, mimeType), then the two it was recorded with.
    expect(v5.body.billDocument.map((d: { "@type": string }) => d["@type"])).toEqual(["Attachment", "AttachmentRef", "Attachment"]);
    const v4 = await server.request("GET", `${V4}/customerBill/${created.id}`);
    expect(v4Faults("CustomerBill", v4.body)).toEqual([]);
    expect(v4.body.relatedParty).toEqual(v4Bill("").relatedParty);
  });

  it("a v5 patch (merge patch, JSON Patch) changes what CustomerBill_MVO allows; v4 reads it; the rest is refused", async () => {
    const created = await post(`${V4}/customerBill`, v4Bill(`P-${Date.now()}`));
    const cycle = await post(`${V4}/billCycle`, { name: "November", billingDate: "2026-11-30T00:00:00Z" });
    const merged = await patch(`${V5}/customerBill/${created.id}`, {
      state: "validated",
      billCycle: { "@type": "BillCycleRef", id: cycle.id, name: "November" },
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(v5Faults("CustomerBill", merged.body)).toEqual([]);
    expect(merged.body.billCycle).toEqual({ "@type": "BillCycleRef", id: cycle.id, name: "November" });
    const json = await patch(`${V5}/customerBill/${created.id}`, [{ op: "replace", path: "/state", value: "sent" }], "application/json-patch+json");
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    expect(json.body.state).toBe("sent");
    const query = await patch(
      `${V5}/customerBill/${created.id}`,
      [{ op: "replace", path: "$.billCycle.name", value: "Nov." }],
      "application/json-patch-query+json",
    );
    expect(query.status, JSON.stringify(query.body)).toBe(200);
    expect(query.body.billCycle.name).toBe("Nov.");
    const gql = await server.graphql<{ patchCustomerBill: { state: string } }>(
      `mutation ($id: ID!) { patchCustomerBill(id: $id, representation: v5, operations: [{ op: replace, path: "/state", value: "onHold" }]) { state } }`,
      { id: created.id },
    );
    expect(gql.errors).toBeUndefined();
    expect(gql.data!.patchCustomerBill.state).toBe("onHold");
    expect((await patch(`${V5}/customerBill/${created.id}`, { state: "sent" })).status).toBe(200);

    const v4 = await server.request("GET", `${V4}/customerBill/${created.id}`);
    expect(v4Faults("CustomerBill", v4.body)).toEqual([]);
    expect(v4.body).toMatchObject({ state: "sent", billCycle: { id: cycle.id, name: "Nov." } });

    const readOnly = await patch(`${V5}/customerBill/${created.id}`, { billNo: "changed" });
    expect(readOnly.status).toBe(400);
    expect(v5Faults("Error", readOnly.body)).toEqual([]);
    expect(readOnly.body.message).toBe("Unknown or read-only attribute(s) for CustomerBill: billNo");
    const badState = await patch(`${V5}/customerBill/${created.id}`, { state: "paid" });
    expect(badState.status).toBe(400);
    const contradicted = await patch(`${V5}/customerBill/${created.id}`, { state: "settled" });
    expect(contradicted.status).toBe(422);
    expect((await server.request("GET", `${V5}/customerBill/${created.id}`)).body.state).toBe("sent");
  });

  it("v5 offers the operations its contract defines: no POST /customerBill, nor of rates and cycles (405)", async () => {
    for (const collection of ["customerBill", "appliedCustomerBillingRate", "billCycle"]) {
      const res = await server.request("POST", `${V5}/${collection}`, { "@type": "X" });
      expect(res.status, collection).toBe(405);
      expect(res.headers.get("allow")).toBe("GET");
    }
    expect((await server.request("DELETE", `${V5}/customerBill/c2df1950-c17c-4576-9c22-e59073a4a86a`)).status).toBe(405);
    const missing = await server.request("GET", `${V5}/customerBill/c2df1950-c17c-4576-9c22-e59073a4a86a`);
    expect(missing.status).toBe(404);
    expect(v5Faults("Error", missing.body)).toEqual([]);
  });

  it("lists page, filter on v5's paths and project, on the same rows", async () => {
    const billNo = `L-${Date.now()}`;
    for (let i = 0; i < 3; i++)
      await post(`${V4}/customerBill`, { ...v4Bill(billNo), relatedParty: [{ id: `ind-${i % 2}`, role: "payer", "@referredType": "Individual" }] });
    const page = await server.request("GET", `${V5}/customerBill?billNo=${billNo}&offset=1&limit=1&fields=billNo,relatedParty`);
    expect(page.status).toBe(200);
    expect(page.headers.get("x-total-count")).toBe("3");
    expect(Object.keys(page.body[0]).sort()).toEqual(["@type", "billNo", "href", "id", "relatedParty"]);
    const all = await server.request("GET", `${V5}/customerBill?billNo=${billNo}`);
    for (const bill of all.body) expect(v5Faults("CustomerBill", bill)).toEqual([]);
    const byParty = await server.request("GET", `${V5}/customerBill?billNo=${billNo}&relatedParty.partyOrPartyRole.id=ind-0`);
    expect(byParty.headers.get("x-total-count")).toBe("2");
  });
});

describe("customerBillOnDemand, appliedCustomerBillingRate and billCycle in v5", () => {
  it("a bill on demand requested through v5 (CustomerBillOnDemand_FVO) bills the rates; v4 reads the request and the bill", async () => {
    const rate = await post(`${V4}/appliedCustomerBillingRate`, {
      name: "Fibre",
      billingAccount: { id: accountId },
      taxIncludedAmount: { unit: "EUR", value: 30 },
      appliedTax: [{ taxCategory: "VAT", taxRate: 0.2, taxAmount: { unit: "EUR", value: 5 } }],
      characteristic: [
        { name: "speed", valueType: "string", value: "1G" },
        { name: "lines", valueType: "integer", value: 2 },
      ],
    });
    const v5Rate = await server.request("GET", `${V5}/appliedCustomerBillingRate/${rate.id}`);
    expect(v5Faults("AppliedCustomerBillingRate", v5Rate.body)).toEqual([]);
    expect(v5Rate.body.characteristic).toEqual([
      { "@type": "StringCharacteristic", name: "speed", valueType: "string", value: "1G" },
      { "@type": "IntegerCharacteristic", name: "lines", valueType: "integer", value: 2 },
    ]);
    expect(v5Rate.body.appliedTax[0]["@type"]).toBe("AppliedBillingTaxRate");

    const request = {
      "@type": "CustomerBillOnDemand",
      name: "Closing bill",
      billingAccount: { "@type": "BillingAccountRef", id: accountId },
      relatedParty: {
        "@type": "RelatedPartyRefOrPartyRoleRef",
        role: "requester",
        partyOrPartyRole: { "@type": "PartyRef", id: "ind-9", name: "Kim", "@referredType": "Individual" },
      },
    };
    const created = await post(`${V5}/customerBillOnDemand`, request);
    expect(v5Faults("CustomerBillOnDemand", created)).toEqual([]);
    expect(created).toMatchObject({ state: "done", href: `${server.url}${V5}/customerBillOnDemand/${created.id}`, relatedParty: request.relatedParty });
    const v4 = await server.request("GET", `${V4}/customerBillOnDemand/${created.id}`);
    expect(v4Faults("CustomerBillOnDemand", v4.body)).toEqual([]);
    expect(v4.body.relatedParty).toEqual({ id: "ind-9", name: "Kim", role: "requester", "@referredType": "Individual", "@type": "PartyRef" });
    const billId = (created.customerBill as { id: string }).id;
    // A reference to a resource v5 serves too is the v5 resource's; v4 refers to v4's.
    expect(created.customerBill).toEqual({
      "@type": "CustomerBillRef",
      id: billId,
      href: `${server.url}${V5}/customerBill/${billId}`,
      "@referredType": "CustomerBill",
    });
    expect(v4.body.customerBill.href).toBe(`${server.url}${V4}/customerBill/${billId}`);
    const bill = await server.request("GET", `${V5}/customerBill/${billId}`);
    expect(v5Faults("CustomerBill", bill.body)).toEqual([]);
    expect(bill.body.amountDue).toEqual({ unit: "EUR", value: 30 });
    const billed = await server.request("GET", `${V5}/appliedCustomerBillingRate?isBilled=true&bill.id=${billId}`);
    expect(billed.body.map((r: { id: string }) => r.id)).toEqual([rate.id]);
    expect(billed.body[0].bill.href).toBe(`${server.url}${V5}/customerBill/${billId}`);
    expect(billed.body[0].billingAccount.href).toBe(`${server.url}/tmf-api/accountManagement/v4/billingAccount/${accountId}`);

    // v5 requires no @referredType of the party (v4 does): accepted, and v4 reads the one its @type says.
    const unreferred = await post(`${V5}/customerBillOnDemand`, {
      ...request,
      relatedParty: { "@type": "RelatedPartyRefOrPartyRoleRef", role: "requester", partyOrPartyRole: { "@type": "PartyRef", id: "ind-9" } },
    });
    expect(v5Faults("CustomerBillOnDemand", unreferred)).toEqual([]);
    const unreferredV4 = await server.request("GET", `${V4}/customerBillOnDemand/${unreferred.id}`);
    expect(v4Faults("CustomerBillOnDemand", unreferredV4.body)).toEqual([]);
    expect(unreferredV4.body.relatedParty).toEqual({ id: "ind-9", role: "requester", "@referredType": "Party", "@type": "PartyRef" });

    // What the gateway adds to TMF678 (why a request was rejected) shows in both versions.
    const rejected = await post(`${V5}/customerBillOnDemand`, { ...request, relatedParty: undefined });
    expect(rejected).toMatchObject({ state: "rejected", stateReason: `billing account ${accountId} has no unbilled applied customer billing rate` });
    expect((await server.request("GET", `${V4}/customerBillOnDemand/${rejected.id}`)).body.stateReason).toBe(rejected.stateReason);
  });

  it("refuses what CustomerBillOnDemand_FVO refuses, with a TMF Error", async () => {
    const untyped = await server.request("POST", `${V5}/customerBillOnDemand`, { billingAccount: { "@type": "BillingAccountRef", id: accountId } });
    expect(untyped.status).toBe(400);
    expect(v5Faults("Error", untyped.body)).toEqual([]);
    expect(untyped.body.message).toContain("@type is mandatory");
    const noAccount = await server.request("POST", `${V5}/customerBillOnDemand`, { "@type": "CustomerBillOnDemand", name: "x" });
    expect(noAccount.status).toBe(400);
    expect(noAccount.body.message).toContain("billingAccount");
  });

  it("bill cycles read through v5 with their specification (v4's misspelling corrected in both)", async () => {
    const spec = await post("/tmf-api/accountManagement/v4/billingCycleSpecification", { name: `Monthly ${Date.now()}`, billingDateShift: 0 });
    const cycle = await post(`${V4}/billCycle`, {
      name: "December",
      billCycleSpecification: { id: spec.id },
      validFor: { startDateTime: "2026-12-01T00:00:00Z" },
    });
    const v5 = await server.request("GET", `${V5}/billCycle/${cycle.id}`);
    expect(v5.status).toBe(200);
    expect(v5Faults("BillCycle", v5.body)).toEqual([]);
    expect(v5.body).toMatchObject({ "@type": "BillCycle", name: "December", billCycleSpecification: { "@type": "BillCycleSpecificationRef", id: spec.id } });
    const listed = await server.request("GET", `${V5}/billCycle?billCycleSpecification.id=${spec.id}&fields=name`);
    expect(listed.body).toEqual([{ "@type": "BillCycle", id: cycle.id, href: `${server.url}${V5}/billCycle/${cycle.id}`, name: "December" }]);
    expect((await server.request("GET", `${V5}/billCycleSpecification`)).status).toBe(404);
  });
});

describe("v5 hub and events", () => {
  it("each hub receives its version's payloads of the same change, a v5 hub only the events v5 defines", async () => {
    const v5Listener = await startListener();
    const v4Listener = await startListener();
    try {
      const hub = await post(`${V5}/hub`, { "@type": "Hub", callback: v5Listener.url });
      expect(v5Faults("Hub", hub)).toEqual([]);
      await post(`${V4}/hub`, { callback: v4Listener.url });

      const bill = await post(`${V4}/customerBill`, v4Bill(`E-${Date.now()}`));
      const cycle = await post(`${V4}/billCycle`, { name: "Events" });
      await patch(`${V5}/customerBill/${bill.id}`, { billCycle: { "@type": "BillCycleRef", id: cycle.id } });
      await patch(`${V5}/customerBill/${bill.id}`, { state: "sent" });
      await server.request("POST", `${V4}/appliedCustomerBillingRate`, { billingAccount: { id: accountId }, taxIncludedAmount: { unit: "EUR", value: 1 } });
      const onDemand = await post(`${V5}/customerBillOnDemand`, {
        "@type": "CustomerBillOnDemand",
        billingAccount: { "@type": "BillingAccountRef", id: accountId },
      });

      const of = (listener: { received: ReceivedEvent[] }, id: string) =>
        listener.received.filter((e) => Object.values(e.event)[0]?.id === id).map((e) => e.eventType);
      await waitFor(() => of(v5Listener, onDemand.id).length === 2 && of(v4Listener, onDemand.id).length === 2 && of(v4Listener, bill.id).length === 3);
      await new Promise((r) => setTimeout(r, 300)); // anything more would have arrived by now
      expect(of(v5Listener, bill.id)).toEqual(["CustomerBillCreateEvent", "CustomerBillStateChangeEvent"]);
      expect(of(v4Listener, bill.id)).toEqual(["CustomerBillCreateEvent", "CustomerBillAttributeValueChangeEvent", "CustomerBillStateChangeEvent"]);
      expect(of(v5Listener, onDemand.id)).toEqual(["CustomerBillOnDemandCreateEvent", "CustomerBillOnDemandStateChangeEvent"]);

      for (const event of v5Listener.received) expect(v5Faults(event.eventType, event), event.eventType).toEqual([]);
      const v5Change = v5Listener.received.find((e) => e.eventType === "CustomerBillStateChangeEvent" && e.event.customerBill?.id === bill.id)!;
      const v4Change = v4Listener.received.find((e) => e.eventType === "CustomerBillStateChangeEvent" && e.event.customerBill?.id === bill.id)!;
      expect(v5Change.event.customerBill).toEqual((await server.request("GET", `${V5}/customerBill/${bill.id}`)).body);
      expect(v4Change.event.customerBill).toEqual((await server.request("GET", `${V4}/customerBill/${bill.id}`)).body);
      expect(v4Change.eventId).toBe(v5Change.eventId);
      const v5Done = v5Listener.received.find(
        (e) => e.eventType === "CustomerBillOnDemandStateChangeEvent" && e.event.customerBillOnDemand?.id === onDemand.id,
      )!;
      expect(v5Done.event.customerBillOnDemand).toMatchObject({ "@type": "CustomerBillOnDemand", state: "done", href: onDemand.href });

      expect((await server.request("DELETE", `${V5}/hub/${hub.id}`)).status).toBe(204);
    } finally {
      await v5Listener.close();
      await v4Listener.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}
