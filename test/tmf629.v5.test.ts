import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListener } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";
import { CUSTOMER_V5, faultsAgainst, SWAGGERS } from "./support/swagger-schemas.js";

// TMF629 v5 beside v4, over the same customers: what one version writes, the other reads, each in
// its own contract (ajv over the shipped swagger and OpenAPI files, test/support/swagger-schemas.ts).

const V4 = "/tmf-api/customerManagement/v4";
const V5 = "/tmf-api/customer/v5";
const FAST_EVENTS = { EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200", EVENTS_TIMEOUT_MS: "2000" };

let server: TestServer;

const v5Customer = () => ({
  "@type": "Customer",
  name: "Moon Football Club",
  description: "Five-a-side on Thursdays",
  role: "Sponsor",
  status: "Approved",
  engagedParty: { "@type": "PartyRef", id: "500", name: "Happy Travellers", "@referredType": "Organization" },
  partyRoleSpecification: { "@type": "PartyRoleSpecificationRef", id: "prs-1", name: "Sponsor" },
  contactMedium: [
    { "@type": "EmailContactMedium", preferred: true, contactType: "work", emailAddress: "club@moon.example" },
    { "@type": "PhoneContactMedium", contactType: "home", phoneNumber: "+33 1 23 45 67 89" },
    {
      "@type": "GeographicAddressContactMedium",
      city: "Lyon",
      country: "France",
      street1: "1 rue de la Lune",
      geographicAddress: { "@type": "GeographicAddressRef", id: "ga-9" },
    },
  ],
  relatedParty: [
    {
      "@type": "RelatedPartyOrPartyRole",
      role: "accountManager",
      partyOrPartyRole: { "@type": "PartyRef", id: "ind-7", name: "Pat", "@referredType": "Individual" },
    },
    {
      "@type": "RelatedPartyOrPartyRole",
      role: "reseller",
      partyOrPartyRole: { "@type": "PartyRoleRef", id: "pr-3", name: "Reseller", partyId: "org-3", partyName: "Resell Inc", "@referredType": "PartyRole" },
    },
  ],
  characteristic: [{ "@type": "StringCharacteristic", name: "segment", valueType: "string", value: "gold" }],
});

const v4Customer = () => ({
  name: "Old Guard",
  engagedParty: { id: "ind-1", name: "Alex", "@referredType": "Individual" },
  contactMedium: [
    { mediumType: "email", preferred: true, characteristic: { emailAddress: "alex@old.example", contactType: "personal" } },
    { mediumType: "telephone", characteristic: { phoneNumber: "+44 20 7946 0000" } },
  ],
  relatedParty: [{ id: "ind-2", name: "Sam", role: "spouse", "@referredType": "Individual" }],
  characteristic: [{ name: "segment", valueType: "string", value: "silver" }],
});

const v5Faults = (body: unknown) => faultsAgainst(CUSTOMER_V5, "Customer", body);
const v4Faults = (body: unknown) => faultsAgainst(SWAGGERS.customer, "Customer", body);

async function create(path: string, body: unknown) {
  const res = await server.request("POST", path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; href: string } & Record<string, unknown>;
}

beforeAll(async () => {
  server = await startTestServer(FAST_EVENTS);
});
afterAll(async () => {
  await server?.close();
});

describe("one store, two versions", () => {
  it("a customer created through v5 reads through v4 in v4's shape, without what only v5 expresses", async () => {
    const created = await create(`${V5}/customer`, v5Customer());
    expect(v5Faults(created)).toEqual([]);
    expect(created.href).toBe(`${server.url}${V5}/customer/${created.id}`);
    expect(created["@type"]).toBe("Customer");
    expect(created.description).toBe("Five-a-side on Thursdays");

    const v4 = await server.request("GET", `${V4}/customer/${created.id}`);
    expect(v4.status).toBe(200);
    expect(v4Faults(v4.body)).toEqual([]);
    expect(v4.body.href).toBe(`${server.url}${V4}/customer/${created.id}`);
    expect(v4.body).not.toHaveProperty("description");
    expect(v4.body).not.toHaveProperty("role");
    expect(v4.body).not.toHaveProperty("partyRoleSpecification");
    expect(v4.body.contactMedium).toEqual([
      { "@type": "EmailContactMedium", mediumType: "email", preferred: true, characteristic: { contactType: "work", emailAddress: "club@moon.example" } },
      { "@type": "PhoneContactMedium", mediumType: "phone", characteristic: { contactType: "home", phoneNumber: "+33 1 23 45 67 89" } },
      {
        "@type": "GeographicAddressContactMedium",
        mediumType: "postalAddress",
        characteristic: { city: "Lyon", country: "France", street1: "1 rue de la Lune" },
      },
    ]);
    expect(v4.body.relatedParty).toEqual([
      { "@type": "PartyRef", id: "ind-7", name: "Pat", role: "accountManager", "@referredType": "Individual" },
      { "@type": "PartyRoleRef", id: "pr-3", name: "Reseller", role: "reseller", "@referredType": "PartyRole" },
    ]);

    const v5 = await server.request("GET", `${V5}/customer/${created.id}`);
    expect(v5.body).toEqual(created);
    expect(v5.body.contactMedium).toEqual(v5Customer().contactMedium);
    expect(v5.body.relatedParty).toEqual(v5Customer().relatedParty);
  });

  it("a customer created through v4 reads through v5 as v5 shapes it, every object typed", async () => {
    const created = await create(`${V4}/customer`, v4Customer());
    const v5 = await server.request("GET", `${V5}/customer/${created.id}`);
    expect(v5.status).toBe(200);
    expect(v5Faults(v5.body)).toEqual([]);
    expect(v5.body["@type"]).toBe("Customer");
    expect(v5.body.engagedParty).toEqual({ "@type": "PartyRef", id: "ind-1", name: "Alex", "@referredType": "Individual" });
    expect(v5.body.contactMedium).toEqual([
      { "@type": "EmailContactMedium", preferred: true, contactType: "personal", emailAddress: "alex@old.example" },
      { "@type": "PhoneContactMedium", phoneNumber: "+44 20 7946 0000" },
    ]);
    // v5 types a characteristic by its value (common/tmf-v5.shapes.ts): its value survives v5's contract.
    expect(v5.body.characteristic).toEqual([{ "@type": "StringCharacteristic", name: "segment", valueType: "string", value: "silver" }]);
    expect(v5.body.relatedParty).toEqual([
      {
        "@type": "RelatedPartyOrPartyRole",
        role: "spouse",
        partyOrPartyRole: { "@type": "PartyRef", id: "ind-2", name: "Sam", "@referredType": "Individual" },
      },
    ]);
  });

  it("what v4 cannot express survives a v4 patch, and v4 cannot write it", async () => {
    const created = await create(`${V5}/customer`, v5Customer());
    const patched = await server.request(
      "PATCH",
      `${V4}/customer/${created.id}`,
      { name: "Moon FC", status: "Validated" },
      { "content-type": "application/merge-patch+json" },
    );
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(v4Faults(patched.body)).toEqual([]);
    const v5 = await server.request("GET", `${V5}/customer/${created.id}`);
    expect(v5.body).toEqual({ ...created, name: "Moon FC", status: "Validated" });

    const unseen = await server.request("GET", `${V4}/customer/${created.id}?fields=description`);
    expect(unseen.status).toBe(400);
    expect(unseen.body.message).toBe("Unknown attribute 'description' in fields");
    const refused = await server.request("PATCH", `${V4}/customer/${created.id}`, { description: "v4 has no such attribute" });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ "@type": "Error", status: "400", message: "Unknown or read-only attribute(s) for Customer: description" });
    const nested = await server.request("POST", `${V4}/customer`, { ...v4Customer(), contactMedium: [{ mediumType: "email", id: "x", characteristic: {} }] });
    expect(nested.status).toBe(400);
    expect(nested.body.message).toContain("contactMedium[0].id");
  });

  it("lists on v5 page, filter and project like v4, on the same rows", async () => {
    const name = `Listed ${Date.now()}`;
    for (let i = 0; i < 3; i++) await create(i % 2 ? `${V4}/customer` : `${V5}/customer`, i % 2 ? { ...v4Customer(), name } : { ...v5Customer(), name });
    const page = await server.request("GET", `${V5}/customer?name=${encodeURIComponent(name)}&offset=1&limit=1&fields=name,contactMedium`);
    expect(page.status).toBe(200);
    expect(page.headers.get("x-total-count")).toBe("3");
    expect(page.headers.get("x-result-count")).toBe("1");
    expect(Object.keys(page.body[0]).sort()).toEqual(["@type", "contactMedium", "href", "id", "name"]);
    expect(page.body[0].href).toContain(`${V5}/customer/`);
    expect(page.body[0].contactMedium[0]["@type"]).toBe("EmailContactMedium");
    const all = await server.request("GET", `${V5}/customer?name=${encodeURIComponent(name)}`);
    for (const item of all.body) expect(v5Faults(item)).toEqual([]);
    // A filter names v5's path; it is the model's (v4's) path underneath.
    const byParty = (id: string) => server.request("GET", `${V5}/customer?name=${encodeURIComponent(name)}&relatedParty.partyOrPartyRole.id=${id}`);
    expect((await byParty("ind-2")).headers.get("x-total-count")).toBe("1");
    expect((await byParty("ind-7")).headers.get("x-total-count")).toBe("2");
    expect((await server.request("GET", `${V4}/customer?name=${encodeURIComponent(name)}&relatedParty.id=ind-7`)).headers.get("x-total-count")).toBe("2");
  });

  it("a customer deleted through v5 is gone from v4", async () => {
    const created = await create(`${V5}/customer`, v5Customer());
    expect((await server.request("DELETE", `${V5}/customer/${created.id}`)).status).toBe(204);
    expect((await server.request("GET", `${V4}/customer/${created.id}`)).status).toBe(404);
    const gone = await server.request("GET", `${V5}/customer/${created.id}`);
    expect(gone.status).toBe(404);
    expect(faultsAgainst(CUSTOMER_V5, "Error", gone.body)).toEqual([]);
  });
});

describe("v5 writes are held to the OpenAPI contract", () => {
  it("refuses what Customer_FVO refuses, with a TMF Error naming it", async () => {
    const { "@type": _type, ...untyped } = v5Customer();
    const res = await server.request("POST", `${V5}/customer`, untyped);
    expect(res.status).toBe(400);
    expect(faultsAgainst(CUSTOMER_V5, "Error", res.body)).toEqual([]);
    expect(res.body.message).toContain("@type is mandatory");

    const wrongSubclass = { ...v5Customer(), contactMedium: [{ "@type": "EmailContactMedium", emailAddress: 42 }] };
    expect((await server.request("POST", `${V5}/customer`, wrongSubclass)).body.message).toContain("contactMedium[0].emailAddress must be string");

    const unknown = { ...v5Customer(), mediumType: "email" };
    expect((await server.request("POST", `${V5}/customer`, unknown)).body.message).toBe("Unknown or read-only attribute(s) for Customer: mediumType");

    const byValue = {
      ...v5Customer(),
      relatedParty: [{ "@type": "RelatedPartyOrPartyRole", role: "x", partyOrPartyRole: { "@type": "Individual", givenName: "Pat" } }],
    };
    const refused = await server.request("POST", `${V5}/customer`, byValue);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain("partyOrPartyRole must refer to a party or party role");
  });

  it("merge patch: application/merge-patch+json and application/json, with fields on the answer", async () => {
    const created = await create(`${V5}/customer?fields=name`, v5Customer());
    expect(Object.keys(created).sort()).toEqual(["@type", "href", "id", "name"]);
    const res = await server.request(
      "PATCH",
      `${V5}/customer/${created.id}?fields=description,status`,
      { description: "Now on Fridays", status: null },
      { "content-type": "application/merge-patch+json" },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ "@type": "Customer", id: created.id, href: created.href, description: "Now on Fridays" });
    const plain = await server.request("PATCH", `${V5}/customer/${created.id}`, { role: "Patron" });
    expect(plain.status).toBe(200);
    expect(plain.body.role).toBe("Patron");
    expect(v5Faults(plain.body)).toEqual([]);
  });
});

describe("JSON Patch and JSON Patch Query on v5 (and v4)", () => {
  const jsonPatch = (id: string, ops: unknown, type = "application/json-patch+json", base = V5) =>
    server.request("PATCH", `${base}/customer/${id}`, ops, { "content-type": type });

  it("applies RFC 6902 operations to the v5 representation, all or none", async () => {
    const created = await create(`${V5}/customer`, v5Customer());
    const res = await jsonPatch(created.id, [
      { op: "test", path: "/contactMedium/0/emailAddress", value: "club@moon.example" },
      { op: "replace", path: "/contactMedium/0/emailAddress", value: "hello@moon.example" },
      { op: "add", path: "/contactMedium/-", value: { "@type": "SocialContactMedium", socialNetworkId: "@moonfc" } },
      { op: "remove", path: "/relatedParty/1" },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(v5Faults(res.body)).toEqual([]);
    expect(res.body.contactMedium[0].emailAddress).toBe("hello@moon.example");
    expect(res.body.contactMedium[3]).toEqual({ "@type": "SocialContactMedium", socialNetworkId: "@moonfc" });
    expect(res.body.relatedParty).toHaveLength(1);
    const v4 = await server.request("GET", `${V4}/customer/${created.id}`);
    expect(v4.body.contactMedium[3]).toEqual({ "@type": "SocialContactMedium", mediumType: "social", characteristic: { socialNetworkId: "@moonfc" } });

    const before = await server.request("GET", `${V5}/customer/${created.id}`);
    const failed = await jsonPatch(created.id, [
      { op: "replace", path: "/name", value: "Nope" },
      { op: "test", path: "/status", value: "Closed" },
    ]);
    expect(failed.status).toBe(400);
    expect((await server.request("GET", `${V5}/customer/${created.id}`)).body).toEqual(before.body);
    expect((await jsonPatch(created.id, [{ op: "replace", path: "/id", value: "mine" }])).status).toBe(400);
    expect((await jsonPatch(created.id, [{ op: "add", path: "/__proto__/polluted", value: 1 }])).status).toBe(400);
    expect((await jsonPatch(created.id, [{ op: "add", path: "/contactMedium/0/emailAddress", value: 7 }])).body.message).toContain("must be string");
    expect((await jsonPatch(created.id, { op: "add" })).status).toBe(400);
  });

  it("JSON Patch Query selects array elements by a JSONPath filter", async () => {
    const created = await create(`${V5}/customer`, v5Customer());
    const res = await jsonPatch(
      created.id,
      [
        { op: "replace", path: "$.contactMedium[?@.contactType=='home'].phoneNumber", value: "+33 9 99 99 99 99" },
        { op: "add", path: "$.relatedParty[?@.role=='accountManager'].partyOrPartyRole.name", value: "Patricia" },
      ],
      "application/json-patch-query+json",
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.contactMedium[1].phoneNumber).toBe("+33 9 99 99 99 99");
    expect(res.body.relatedParty[0].partyOrPartyRole.name).toBe("Patricia");
    const none = await jsonPatch(created.id, [{ op: "remove", path: "$.contactMedium[?@.contactType=='fax']" }], "application/json-patch-query+json");
    expect(none.status).toBe(400);
    expect(none.body.message).toContain("selects nothing");
    const regex = await jsonPatch(
      created.id,
      [{ op: "remove", path: "$.contactMedium[?match(@.contactType, '(a+)+$')]" }],
      "application/json-patch-query+json",
    );
    expect(regex.status).toBe(400);
  });

  it("concurrent JSON Patches of one customer lose no operation", async () => {
    const created = await create(`${V5}/customer`, { ...v5Customer(), characteristic: [] });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        jsonPatch(created.id, [{ op: "add", path: "/characteristic/-", value: { "@type": "StringCharacteristic", name: `c${i}`, value: String(i) } }]),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const after = await server.request("GET", `${V5}/customer/${created.id}`);
    expect(after.body.characteristic.map((c: { name: string }) => c.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `c${i}`).sort());
  });

  it("a copy of an array into itself is a value copy (a tree), on REST and GraphQL; a move into its own child is a 400", async () => {
    const objects = { "@type": "ObjectArrayCharacteristic", name: "objects", valueType: "object", value: [] as unknown[] };
    const created = await create(`${V5}/customer`, { ...v5Customer(), characteristic: [objects] });
    const copied = await jsonPatch(created.id, [{ op: "copy", from: "/contactMedium", path: "/characteristic/0/value" }]);
    expect(copied.status, JSON.stringify(copied.body)).toBe(200);
    expect(copied.body.characteristic[0].value).toEqual(v5Customer().contactMedium);
    const self = await jsonPatch(created.id, [{ op: "copy", from: "/characteristic", path: "/characteristic/0/value" }]);
    expect(self.status, JSON.stringify(self.body)).toBe(200);
    expect(self.body.characteristic[0].value).toEqual([{ ...objects, value: v5Customer().contactMedium }]);
    const gql = await server.graphql<{ patchCustomer: { characteristic: { value: unknown }[] } }>(
      `mutation ($id: ID!) { patchCustomer(id: $id, representation: v5, operations: [{ op: copy, from: "/characteristic", path: "/characteristic/0/value" }]) { characteristic { value } } }`,
      { id: created.id },
    );
    expect(gql.errors).toBeUndefined();
    expect(JSON.stringify(gql.data!.patchCustomer.characteristic[0]!.value).length).toBeGreaterThan(JSON.stringify(self.body.characteristic[0].value).length);
    const move = await jsonPatch(created.id, [{ op: "move", from: "/characteristic", path: "/characteristic/0/value" }]);
    expect(move.status).toBe(400);
    expect(move.body.message).toContain("can't move object to one of its own children");
  });

  it("the work of a JSON Patch Query is bounded: the reported 100 replaces of $.characteristic[*].value on 6,000 characteristics are a 400, /health answers", async () => {
    const characteristic = Array.from({ length: 6000 }, (_, i) => ({ "@type": "StringCharacteristic", name: `c${i}`, valueType: "string", value: `v${i}` }));
    const created = await create(`${V5}/customer`, { ...v5Customer(), characteristic });
    const ops = Array.from({ length: 100 }, (_, i) => ({ op: "replace", path: "$.characteristic[*].value", value: `n${i}` }));
    const started = performance.now();
    const [res, health] = await Promise.all([jsonPatch(created.id, ops, "application/json-patch-query+json"), server.request("GET", "/health")]);
    const ms = performance.now() - started;
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      "@type": "Error",
      code: "BAD_USER_INPUT",
      message: "Patch operation 0: a patch applies at most 1000 operations, counting one per node each query selects",
    });
    expect(health.status).toBe(200);
    console.info(`JSON Patch Query, 6,000 characteristics × 100 replaces: ${res.status} in ${ms.toFixed(0)} ms`);
    const gql = await server.graphql(
      `mutation ($id: ID!, $ops: [JsonPatchOperation!]!) { patchCustomer(id: $id, representation: v5, operations: $ops, query: true) { id } }`,
      { id: created.id, ops: ops.map((op) => ({ ...op, op: "replace" })) },
    );
    expect(gql.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    // Within the bound, a query's nodes are patched in one pass: 150 characteristics × 6 operations.
    const small = await create(`${V5}/customer`, { ...v5Customer(), characteristic: characteristic.slice(0, 150) });
    const ok = await jsonPatch(small.id, ops.slice(0, 6), "application/json-patch-query+json");
    expect(ok.status, JSON.stringify(ok.body).slice(0, 300)).toBe(200);
    expect(ok.body.characteristic.map((c: { value: string }) => c.value)).toEqual(Array(150).fill("n5"));
  }, 30_000);

  it("a v4 JSON Patch names v4's paths; a resource of one version takes merge patches only (415)", async () => {
    const created = await create(`${V4}/customer`, v4Customer());
    const res = await jsonPatch(
      created.id,
      [{ op: "replace", path: "/contactMedium/1/characteristic/phoneNumber", value: "+44 1" }],
      "application/json-patch+json",
      V4,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.contactMedium[1].characteristic.phoneNumber).toBe("+44 1");
    // A payment method is served in TMF670 v4 only (the 415 comes before the method is looked for).
    const other = await server.request(
      "PATCH",
      `/tmf-api/paymentMethod/v4/paymentMethod/${crypto.randomUUID()}`,
      [{ op: "replace", path: "/name", value: "Card" }],
      { "content-type": "application/json-patch+json" },
    );
    expect(other.status).toBe(415);
    expect(other.body["@type"]).toBe("Error");
  });
});

describe("GraphQL: one schema over the model, the v5 attributes in it", () => {
  it("reads and writes v5's attributes, and JSON-patches a representation", async () => {
    const created = await create(`${V5}/customer`, v5Customer());
    const read = await server.graphql<{ customer: Record<string, unknown> }>(
      `query ($id: ID!) { customer(id: $id) { description role partyRoleSpecification { id } contactMedium { id atType mediumType geographicAddress { id } } relatedParty { partyId partyName } } }`,
      { id: created.id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.customer).toMatchObject({
      description: "Five-a-side on Thursdays",
      role: "Sponsor",
      partyRoleSpecification: { id: "prs-1" },
      contactMedium: [
        { id: null, atType: "EmailContactMedium", mediumType: "email", geographicAddress: null },
        { id: null, atType: "PhoneContactMedium", mediumType: "phone", geographicAddress: null },
        { id: null, atType: "GeographicAddressContactMedium", mediumType: "postalAddress", geographicAddress: { id: "ga-9" } },
      ],
      relatedParty: [
        { partyId: null, partyName: null },
        { partyId: "org-3", partyName: "Resell Inc" },
      ],
    });
    const patched = await server.graphql<{ patchCustomer: { role: string } }>(
      `mutation ($id: ID!) { patchCustomer(id: $id, representation: v5, operations: [{ op: replace, path: "/role", value: "Patron" }]) { role } }`,
      { id: created.id },
    );
    expect(patched.errors).toBeUndefined();
    expect(patched.data!.patchCustomer.role).toBe("Patron");
  });
});

describe("v5 hub and events", () => {
  it("a v5 listener gets v5 payloads and a v4 listener v4 payloads of the same change", async () => {
    const v5Listener = await startListener();
    const v4Listener = await startListener();
    try {
      const hub = await server.request("POST", `${V5}/hub`, { callback: v5Listener.url, query: "eventType=CustomerCreateEvent" });
      expect(hub.status).toBe(201);
      expect(faultsAgainst(CUSTOMER_V5, "Hub", hub.body)).toEqual([]);
      const read = await server.request("GET", `${V5}/hub/${hub.body.id}`);
      expect(read.body).toEqual(hub.body);
      const v4Hub = await server.request("POST", `${V4}/hub`, { callback: v4Listener.url, query: "eventType=CustomerCreateEvent" });
      expect(v4Hub.status).toBe(201);

      const created = await create(`${V5}/customer`, v5Customer());
      await waitFor(
        () => v5Listener.received.some((e) => e.event.customer?.id === created.id) && v4Listener.received.some((e) => e.event.customer?.id === created.id),
      );
      const v5Event = v5Listener.received.find((e) => e.event.customer?.id === created.id)!;
      expect(faultsAgainst(CUSTOMER_V5, "CustomerCreateEvent", v5Event)).toEqual([]);
      expect(v5Event.event.customer).toEqual((await server.request("GET", `${V5}/customer/${created.id}`)).body);
      const v4Event = v4Listener.received.find((e) => e.event.customer?.id === created.id)!;
      expect(v4Event.event.customer).toEqual((await server.request("GET", `${V4}/customer/${created.id}`)).body);
      expect(v4Event.eventId).toBe(v5Event.eventId);

      expect((await server.request("DELETE", `${V5}/hub/${hub.body.id}`)).status).toBe(204);
      expect((await server.request("GET", `${V5}/hub/${hub.body.id}`)).status).toBe(404);
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
