import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListener, type ReceivedEvent } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";
import { ACCOUNT_V5, faultsAgainst, SWAGGERS } from "./support/swagger-schemas.js";

// TMF666 v5.0.0 beside v4, over the same rows: what one version writes, the other reads, each in its
// own contract (ajv over the shipped swagger and OpenAPI files, test/support/swagger-schemas.ts).

const V4 = "/tmf-api/accountManagement/v4";
const V5 = "/tmf-api/accountManagement/v5";
const FAST_EVENTS = { EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200", EVENTS_TIMEOUT_MS: "2000" };
const PERIOD = { startDateTime: "2026-01-01T00:00:00.000Z" };

type Json = Record<string, any>;
let server: TestServer;
let owner: { id: string; name: string };
const made: Record<string, Json> = {};

const v5Faults = (type: string, body: unknown) => faultsAgainst(ACCOUNT_V5, type, body);
const v4Faults = (type: string, body: unknown) => faultsAgainst(SWAGGERS.account, type, body);

async function create(path: string, body: unknown): Promise<Json> {
  const res = await server.request("POST", path, body);
  expect(res.status, `POST ${path}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body;
}
const get = async (path: string) => (await server.request("GET", path)).body as Json;

const related = (role: string, id: string, name: string, referredType: string) => ({
  "@type": "RelatedPartyRefOrPartyRoleRef",
  role,
  partyOrPartyRole: { "@type": "PartyRef", id, name, "@referredType": referredType },
});

/** A v5 party account (billing, party, settlement): every attribute v5 restructured, with what v4 requires too. */
const v5PartyAccount = (type: string) => ({
  "@type": type,
  name: `Moon ${type}`,
  description: "Five-a-side club",
  accountType: "organization",
  state: "Active",
  paymentStatus: "due",
  creditLimit: { unit: "EUR", value: 500 },
  relatedParty: [related("Customer", owner.id, owner.name, "Customer")],
  contact: [
    {
      "@type": "Contact",
      contactType: "billing",
      contactName: "Pat",
      validFor: PERIOD,
      contactMedium: [{ "@type": "EmailContactMedium", preferred: true, contactType: "work", emailAddress: "pat@moon.example" }],
      relatedParty: related("accountant", "ind-9", "Pat", "Individual"),
    },
  ],
  paymentPlan: [
    {
      "@type": "PaymentPlan",
      numberOfPayments: 3,
      paymentFrequency: "monthly",
      planType: "installment",
      priority: 1,
      status: "active",
      totalAmount: { unit: "EUR", value: 90 },
      validFor: PERIOD,
      paymentMethod: { "@type": "PaymentMethodRef", id: "pm-1", name: "Visa ****4242" },
    },
  ],
  defaultPaymentMethod: { "@type": "PaymentMethodRef", id: "pm-1", name: "Visa ****4242", "@referredType": "BankCard" },
  financialAccount: { "@type": "FinancialAccountRef", id: made.financialAccount!.id, name: made.financialAccount!.name },
  billStructure: {
    "@type": "BillStructure",
    format: { "@type": "BillFormatRef", id: made.billFormat!.id, name: made.billFormat!.name },
    presentationMedia: [{ "@type": "BillPresentationMediaRef", id: made.billPresentationMedia!.id, name: made.billPresentationMedia!.name }],
    cycleSpecification: { "@type": "BillingCycleSpecificationRef", id: made.billingCycleSpecification!.id, name: made.billingCycleSpecification!.name },
  },
  accountRelationship: [
    { "@type": "AccountRelationship", relationshipType: "child", validFor: PERIOD, account: { "@type": "AccountRef", id: "acc-1", name: "Parent" } },
  ],
  taxExemption: [
    {
      "@type": "TaxExemptionCertificate",
      issuingJurisdiction: "FR",
      certificateNumber: "C-1",
      validFor: PERIOD,
      taxDefinition: [{ "@type": "TaxDefinition", id: "vat", name: "VAT", taxType: "VAT" }],
    },
  ],
  ...(type === "BillingAccount" && { ratingType: "postpaid" }),
});

/** A v4 party account, v4's way: flat related parties, contact media with a medium type, untyped bill structure parts. */
const v4PartyAccount = (type: string) => ({
  name: `Old ${type}`,
  state: "Active",
  relatedParty: [{ id: owner.id, name: owner.name, role: "Customer", "@referredType": "Customer" }],
  contact: [
    {
      contactType: "billing",
      validFor: PERIOD,
      contactMedium: [{ mediumType: "telephone", characteristic: { phoneNumber: "+44 20 7946 0000" } }],
      relatedParty: { id: "ind-2", name: "Sam", role: "accountant", "@referredType": "Individual" },
    },
  ],
  billStructure: {
    format: { id: made.billFormat!.id, name: made.billFormat!.name },
    cycleSpecification: { name: "Inline weekly", frequency: "weekly" },
  },
});

const STRUCTURES: [string, string, Json][] = [
  ["billFormat", "BillFormat", { name: "Detailed", description: "Every call" }],
  ["billPresentationMedia", "BillPresentationMedia", { name: "Email", description: "A PDF by email" }],
  ["billingCycleSpecification", "BillingCycleSpecification", { name: "Monthly", frequency: "monthly", billingDateShift: 1, validFor: PERIOD }],
];
const PARTY_ACCOUNTS: [string, string][] = [
  ["billingAccount", "BillingAccount"],
  ["partyAccount", "PartyAccount"],
  ["settlementAccount", "SettlementAccount"],
];

beforeAll(async () => {
  server = await startTestServer(FAST_EVENTS);
  const customer = await create("/tmf-api/customerManagement/v4/customer", { name: "Owner", engagedParty: { id: "p-1", "@referredType": "Individual" } });
  owner = { id: customer.id, name: "Owner" };
  for (const [collection, type, body] of STRUCTURES) made[collection] = await create(`${V5}/${collection}`, { "@type": type, ...body });
  made.financialAccount = await create(`${V5}/financialAccount`, {
    "@type": "FinancialAccount",
    name: "Receivables",
    relatedParty: [related("owner", owner.id, owner.name, "Customer")],
  });
});
afterAll(async () => {
  await server?.close();
});

describe("every TMF666 resource in v5, over v4's rows", () => {
  it.each(STRUCTURES)("%s: a v5 write reads in both versions, each valid for its contract", async (collection, type, body) => {
    const created = made[collection]!;
    expect(v5Faults(type, created)).toEqual([]);
    expect(created).toMatchObject({ ...body, "@type": type, href: `${server.url}${V5}/${collection}/${created.id}` });
    const v4 = await get(`${V4}/${collection}/${created.id}`);
    expect(v4Faults(type, v4)).toEqual([]);
    expect(v4).toMatchObject({ ...body, id: created.id, href: `${server.url}${V4}/${collection}/${created.id}` });

    const old = await create(`${V4}/${collection}`, body);
    const v5 = await get(`${V5}/${collection}/${old.id}`);
    expect(v5Faults(type, v5)).toEqual([]);
    expect(v5).toEqual({ ...body, "@type": type, id: old.id, href: `${server.url}${V5}/${collection}/${old.id}` });
  });

  it("financialAccount: v5 requires relatedParty (FinancialAccount_FVO), v4 does not; each reads the other's", async () => {
    const refused = await server.request("POST", `${V5}/financialAccount`, { "@type": "FinancialAccount", name: "No party" });
    expect(refused.status).toBe(400);
    expect(faultsAgainst(ACCOUNT_V5, "Error", refused.body)).toEqual([]);
    expect(refused.body.message).toContain("relatedParty");
    const v5 = await get(`${V5}/financialAccount/${made.financialAccount!.id}`);
    expect(v5Faults("FinancialAccount", v5)).toEqual([]);
    expect(v5.lastUpdate).toEqual(expect.any(String));
    expect(v5).not.toHaveProperty("lastModified");
    const v4 = await get(`${V4}/financialAccount/${made.financialAccount!.id}`);
    expect(v4Faults("FinancialAccount", v4)).toEqual([]);
    expect(v4.lastModified).toBe(v5.lastUpdate);
    expect(v4.relatedParty).toEqual([{ id: owner.id, name: owner.name, role: "owner", "@type": "PartyRef", "@referredType": "Customer" }]);
    const old = await create(`${V4}/financialAccount`, { name: "v4 receivables" });
    expect(v5Faults("FinancialAccount", await get(`${V5}/financialAccount/${old.id}`))).toEqual([]);
  });

  it.each(PARTY_ACCOUNTS)("%s: written in v5, read in v4 in v4's shape; read back in v5 as written", async (collection, type) => {
    const body = v5PartyAccount(type);
    const created = await create(`${V5}/${collection}`, body);
    expect(v5Faults(type, created)).toEqual([]);
    expect(created).toMatchObject(body);
    expect(created.financialAccount.href).toBe(`${server.url}${V5}/financialAccount/${made.financialAccount!.id}`);
    expect(created.href).toBe(`${server.url}${V5}/${collection}/${created.id}`);
    expect(created.lastUpdate).toEqual(expect.any(String));

    const v4 = await get(`${V4}/${collection}/${created.id}`);
    expect(v4Faults(type, v4)).toEqual([]);
    expect(v4.lastModified).toBe(created.lastUpdate);
    expect(v4).not.toHaveProperty("lastUpdate");
    expect(v4.relatedParty).toEqual([{ "@type": "PartyRef", id: owner.id, name: owner.name, role: "Customer", "@referredType": "Customer" }]);
    expect(v4.contact).toEqual([
      {
        "@type": "Contact",
        contactType: "billing",
        contactName: "Pat",
        validFor: PERIOD,
        contactMedium: [
          { "@type": "EmailContactMedium", mediumType: "email", preferred: true, characteristic: { contactType: "work", emailAddress: "pat@moon.example" } },
        ],
        relatedParty: { "@type": "PartyRef", id: "ind-9", name: "Pat", role: "accountant", "@referredType": "Individual" },
      },
    ]);
    expect(v4.billStructure.format).toMatchObject({ id: made.billFormat!.id, name: "Detailed", href: `${server.url}${V4}/billFormat/${made.billFormat!.id}` });
    expect(v4.paymentPlan[0].planType).toBe("installment");

    const v5 = await get(`${V5}/${collection}/${created.id}`);
    expect(v5).toEqual(created);
  });

  it.each(PARTY_ACCOUNTS)("%s: written in v4, read in v5 as v5 shapes it, every object typed", async (collection, type) => {
    const created = await create(`${V4}/${collection}`, v4PartyAccount(type));
    const v5 = await get(`${V5}/${collection}/${created.id}`);
    expect(v5Faults(type, v5)).toEqual([]);
    expect(v5["@type"]).toBe(type);
    expect(v5.lastUpdate).toBe(created.lastModified);
    expect(v5.relatedParty).toEqual([related("Customer", owner.id, owner.name, "Customer")]);
    expect(v5.contact).toEqual([
      {
        "@type": "Contact",
        contactType: "billing",
        validFor: PERIOD,
        contactMedium: [{ "@type": "PhoneContactMedium", phoneNumber: "+44 20 7946 0000" }],
        relatedParty: related("accountant", "ind-2", "Sam", "Individual"),
      },
    ]);
    expect(v5.billStructure).toEqual({
      "@type": "BillStructure",
      format: { "@type": "BillFormatRef", id: made.billFormat!.id, name: "Detailed", href: `${server.url}${V5}/billFormat/${made.billFormat!.id}` },
      cycleSpecification: { "@type": "BillingCycleSpecification", name: "Inline weekly", frequency: "weekly" },
    });
  });

  it("what v4 cannot express survives a v4 patch; a v5 merge patch names v5's attributes", async () => {
    const created = await create(`${V5}/billingAccount`, v5PartyAccount("BillingAccount"));
    const patched = await server.request(
      "PATCH",
      `${V4}/billingAccount/${created.id}`,
      { state: "Suspended" },
      { "content-type": "application/merge-patch+json" },
    );
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(v4Faults("BillingAccount", patched.body)).toEqual([]);
    const v5 = await get(`${V5}/billingAccount/${created.id}`);
    expect(v5).toEqual({ ...created, state: "Suspended", lastUpdate: v5.lastUpdate });
    expect(v5.billStructure.format["@type"]).toBe("BillFormatRef");

    const merged = await server.request(
      "PATCH",
      `${V5}/billingAccount/${created.id}?fields=contact,lastUpdate`,
      { contact: [{ "@type": "Contact", contactType: "support", validFor: PERIOD, contactMedium: [{ "@type": "FaxContactMedium", faxNumber: "+33 1" }] }] },
      { "content-type": "application/merge-patch+json" },
    );
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toEqual({
      "@type": "BillingAccount",
      id: created.id,
      href: created.href,
      lastUpdate: expect.any(String),
      contact: [{ "@type": "Contact", contactType: "support", validFor: PERIOD, contactMedium: [{ "@type": "FaxContactMedium", faxNumber: "+33 1" }] }],
    });
    const v4 = await get(`${V4}/billingAccount/${created.id}`);
    expect(v4.contact).toEqual([
      {
        "@type": "Contact",
        contactType: "support",
        validFor: PERIOD,
        contactMedium: [{ "@type": "FaxContactMedium", mediumType: "fax", characteristic: { faxNumber: "+33 1" } }],
      },
    ]);
    const v4Only = await server.request("PATCH", `${V5}/billingAccount/${created.id}`, { lastModified: "2026-01-01T00:00:00Z" });
    expect(v4Only.status).toBe(400);
    expect(v4Only.body.message).toBe("Unknown or read-only attribute(s) for BillingAccount: lastModified");

    // v5's Contact requires no validFor, v4's does: v5 writes it, v4 reads no contact it would refuse.
    const unperiodic = { "@type": "Contact", contactType: "billing", contactMedium: [{ "@type": "FaxContactMedium", faxNumber: "+33 2" }] };
    const v5Contact = await server.request(
      "PATCH",
      `${V5}/billingAccount/${created.id}`,
      { contact: [unperiodic] },
      { "content-type": "application/merge-patch+json" },
    );
    expect(v5Contact.status, JSON.stringify(v5Contact.body)).toBe(200);
    expect(v5Contact.body.contact).toEqual([unperiodic]);
    const v4Read = await get(`${V4}/billingAccount/${created.id}`);
    expect(v4Faults("BillingAccount", v4Read)).toEqual([]);
    expect(v4Read.contact ?? []).toEqual([]);
  });
});

describe("v5 writes are held to the OpenAPI contract", () => {
  it("refuses what BillingAccount_FVO refuses, with a TMF Error naming it", async () => {
    const { "@type": _type, ...untyped } = v5PartyAccount("BillingAccount");
    const res = await server.request("POST", `${V5}/billingAccount`, untyped);
    expect(res.status).toBe(400);
    expect(faultsAgainst(ACCOUNT_V5, "Error", res.body)).toEqual([]);
    expect(res.body.message).toContain("@type is mandatory");
    const unwrapped = { ...v5PartyAccount("BillingAccount"), relatedParty: [{ id: owner.id, name: "Owner", role: "Customer", "@referredType": "Customer" }] };
    const flat = await server.request("POST", `${V5}/billingAccount`, unwrapped);
    expect(flat.status).toBe(400);
    expect(flat.body.message).toContain("relatedParty[0]");
    const byValue = {
      ...v5PartyAccount("BillingAccount"),
      relatedParty: [{ "@type": "RelatedPartyRefOrPartyRoleRef", role: "x", partyOrPartyRole: { "@type": "Individual" } }],
    };
    expect((await server.request("POST", `${V5}/billingAccount`, byValue)).status).toBe(400);
    const unknownFormat = {
      ...v5PartyAccount("BillingAccount"),
      billStructure: { "@type": "BillStructure", format: { "@type": "BillFormatRef", id: crypto.randomUUID(), name: "Gone" } },
    };
    const gone = await server.request("POST", `${V5}/billingAccount`, unknownFormat);
    expect(gone.status).toBe(422);
    expect(gone.body.message).toContain("billStructure.format.id");
  });
});

describe("lists on v5: fields, filters, paging, on the same rows", () => {
  it("pages, filters by v5's names and projects v5's attributes", async () => {
    const name = `Listed ${Date.now()}`;
    for (let i = 0; i < 3; i++) {
      if (i % 2) await create(`${V4}/billingAccount`, { ...v4PartyAccount("BillingAccount"), name });
      else await create(`${V5}/billingAccount`, { ...v5PartyAccount("BillingAccount"), name });
    }
    const q = `name=${encodeURIComponent(name)}`;
    const page = await server.request("GET", `${V5}/billingAccount?${q}&offset=1&limit=1&fields=name,relatedParty,lastUpdate`);
    expect(page.status).toBe(200);
    expect(page.headers.get("x-total-count")).toBe("3");
    expect(page.headers.get("x-result-count")).toBe("1");
    expect(Object.keys(page.body[0]).sort()).toEqual(["@type", "href", "id", "lastUpdate", "name", "relatedParty"]);
    expect(page.body[0].relatedParty[0].partyOrPartyRole["@type"]).toBe("PartyRef");
    const all = await server.request("GET", `${V5}/billingAccount?${q}&sort=-lastUpdate`);
    expect(all.body).toHaveLength(3);
    for (const item of all.body) expect(v5Faults("BillingAccount", item)).toEqual([]);
    const times = all.body.map((a: Json) => a.lastUpdate);
    expect(times).toEqual([...times].sort().reverse());
    const count = async (query: string) => (await server.request("GET", `${V5}/billingAccount?${q}&${query}`)).headers.get("x-total-count");
    expect(await count(`relatedParty.partyOrPartyRole.id=${owner.id}`)).toBe("3");
    expect(await count("paymentStatus=due")).toBe("2");
    expect(await count(`lastUpdate.gt=${encodeURIComponent(all.body[2].lastUpdate)}`)).toBe("2");
    expect(await count("lastUpdate.gt=2999-01-01T00:00:00Z")).toBe("0");
    const unknown = await server.request("GET", `${V5}/billingAccount?fields=lastModified`);
    expect(unknown.status).toBe(400);
    expect(faultsAgainst(ACCOUNT_V5, "Error", unknown.body)).toEqual([]);
    expect(unknown.body.message).toBe("Unknown attribute 'lastModified': this version names it 'lastUpdate'");
    expect((await server.request("GET", `${V4}/billingAccount?fields=lastUpdate`)).status).toBe(400);
  });

  it.each([...STRUCTURES.map(([c, t]) => [c, t]), ["financialAccount", "FinancialAccount"], ...PARTY_ACCOUNTS])(
    "%s: every item of a v5 list is valid for v5",
    async (collection, type) => {
      const list = await server.request("GET", `${V5}/${collection}?limit=50`);
      expect(list.status).toBe(200);
      expect(list.body.length).toBeGreaterThan(0);
      for (const item of list.body) expect(v5Faults(type!, item)).toEqual([]);
    },
  );
});

describe("DELETE and 404 on v5", () => {
  it.each([...STRUCTURES.map(([c, t, b]) => [c, t, b] as const), ["partyAccount", "PartyAccount", null] as const])(
    "%s: deleted through v5, gone from v4",
    async (collection, type, body) => {
      const created = await create(`${V5}/${collection}`, body ? { "@type": type, ...body } : v5PartyAccount(type));
      expect((await server.request("DELETE", `${V5}/${collection}/${created.id}`)).status).toBe(204);
      expect((await server.request("GET", `${V4}/${collection}/${created.id}`)).status).toBe(404);
      const gone = await server.request("GET", `${V5}/${collection}/${created.id}`);
      expect(gone.status).toBe(404);
      expect(faultsAgainst(ACCOUNT_V5, "Error", gone.body)).toEqual([]);
    },
  );

  it("a bill format an account refers to cannot be deleted through v5 either (409)", async () => {
    const res = await server.request("DELETE", `${V5}/billFormat/${made.billFormat!.id}`);
    expect(res.status).toBe(409);
    expect(faultsAgainst(ACCOUNT_V5, "Error", res.body)).toEqual([]);
  });
});

describe("JSON Patch and JSON Patch Query on v5", () => {
  const jsonPatch = (path: string, ops: unknown, type = "application/json-patch+json") => server.request("PATCH", path, ops, { "content-type": type });

  it("applies RFC 6902 operations to the v5 representation, all or none", async () => {
    const created = await create(`${V5}/billingAccount`, v5PartyAccount("BillingAccount"));
    const path = `${V5}/billingAccount/${created.id}`;
    const res = await jsonPatch(path, [
      { op: "test", path: "/contact/0/contactMedium/0/emailAddress", value: "pat@moon.example" },
      { op: "replace", path: "/contact/0/contactMedium/0/emailAddress", value: "billing@moon.example" },
      { op: "add", path: "/relatedParty/-", value: related("payer", "org-3", "Resell Inc", "Organization") },
      { op: "remove", path: "/paymentPlan" },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(v5Faults("BillingAccount", res.body)).toEqual([]);
    expect(res.body.contact[0].contactMedium[0].emailAddress).toBe("billing@moon.example");
    expect(res.body).not.toHaveProperty("paymentPlan");
    const v4 = await get(`${V4}/billingAccount/${created.id}`);
    expect(v4.relatedParty[1]).toEqual({ "@type": "PartyRef", id: "org-3", name: "Resell Inc", role: "payer", "@referredType": "Organization" });

    const before = await get(path);
    const failed = await jsonPatch(path, [
      { op: "replace", path: "/name", value: "Nope" },
      { op: "test", path: "/state", value: "Closed" },
    ]);
    expect(failed.status).toBe(400);
    expect(await get(path)).toEqual(before);
    expect((await jsonPatch(path, [{ op: "replace", path: "/id", value: "mine" }])).status).toBe(400);
  });

  it("JSON Patch Query selects array elements by a JSONPath filter, on every resource", async () => {
    const created = await create(`${V5}/settlementAccount`, v5PartyAccount("SettlementAccount"));
    const res = await jsonPatch(
      `${V5}/settlementAccount/${created.id}`,
      [{ op: "replace", path: "$.relatedParty[?@.role=='Customer'].partyOrPartyRole.name", value: "Owner Ltd" }],
      "application/json-patch-query+json",
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.relatedParty[0].partyOrPartyRole.name).toBe("Owner Ltd");
    const format = await create(`${V5}/billFormat`, { "@type": "BillFormat", name: "Short" });
    const renamed = await jsonPatch(`${V5}/billFormat/${format.id}`, [{ op: "add", path: "/description", value: "Totals only" }]);
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ ...format, description: "Totals only" });
  });
});

describe("v5 hub and events", () => {
  it("a v5 listener gets v5 payloads and a v4 listener v4 payloads of the same changes; every v5 event valid", async () => {
    const v5Listener = await startListener();
    const v4Listener = await startListener();
    try {
      const hub = await server.request("POST", `${V5}/hub`, { callback: v5Listener.url });
      expect(hub.status).toBe(201);
      expect(faultsAgainst(ACCOUNT_V5, "Hub", hub.body)).toEqual([]);
      expect(hub.body.href).toBe(`${server.url}${V5}/hub/${hub.body.id}`);
      const v4Hub = await server.request("POST", `${V4}/hub`, { callback: v4Listener.url });
      expect(v4Hub.status).toBe(201);
      expect((await server.request("GET", `${V4}/hub/${hub.body.id}`)).status).toBe(404);

      const account = await create(`${V5}/partyAccount`, v5PartyAccount("PartyAccount"));
      const path = `partyAccount/${account.id}`;
      await server.request("PATCH", `${V5}/${path}`, { description: "Changed" });
      await server.request("PATCH", `${V4}/${path}`, { state: "Closed" });
      await server.request("DELETE", `${V5}/${path}`);
      const format = await create(`${V4}/billFormat`, { name: "Events" });
      await server.request("PATCH", `${V5}/billFormat/${format.id}`, { description: "Changed" });
      await server.request("DELETE", `${V4}/billFormat/${format.id}`);

      const expected = [
        ["PartyAccountCreateEvent", account.id],
        ["PartyAccountAttributeValueChangeEvent", account.id],
        ["PartyAccountStateChangeEvent", account.id],
        ["PartyAccountDeleteEvent", account.id],
        ["BillFormatCreateEvent", format.id],
        ["BillFormatAttributeValueChangeEvent", format.id],
        ["BillFormatDeleteEvent", format.id],
      ];
      const of = (received: ReceivedEvent[]) =>
        received.filter((e) => Object.values(e.event)[0]?.id === account.id || Object.values(e.event)[0]?.id === format.id).map((e) => e.eventType);
      await waitFor(() => expected.every(([type]) => of(v5Listener.received).includes(type!) && of(v4Listener.received).includes(type!)));
      expect(of(v5Listener.received).sort()).toEqual(expected.map(([type]) => type).sort());

      for (const event of v5Listener.received.filter((e) => expected.some(([, id]) => Object.values(e.event)[0]?.id === id))) {
        expect(faultsAgainst(ACCOUNT_V5, event.eventType, event), event.eventType).toEqual([]);
        const v4Event = v4Listener.received.find((e) => e.eventId === event.eventId)!;
        const [key, resource] = Object.entries(event.event)[0]!;
        expect(resource.href).toContain(`${V5}/`);
        expect(v4Event.event[key]!.href).toContain(`${V4}/`);
      }
      const created = v5Listener.received.find((e) => e.eventType === "PartyAccountCreateEvent" && e.event.partyAccount?.id === account.id)!;
      expect(created.event.partyAccount).toEqual(account);
      const v4Created = v4Listener.received.find((e) => e.eventId === created.eventId)!;
      expect(v4Faults("PartyAccount", v4Created.event.partyAccount)).toEqual([]);
      expect(v4Created.event.partyAccount!.relatedParty).toEqual([
        { "@type": "PartyRef", id: owner.id, name: owner.name, role: "Customer", "@referredType": "Customer" },
      ]);

      expect((await server.request("DELETE", `${V5}/hub/${hub.body.id}`)).status).toBe(204);
      expect((await server.request("DELETE", `${V5}/hub/${hub.body.id}`)).status).toBe(404);
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
