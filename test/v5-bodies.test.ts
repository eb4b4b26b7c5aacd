import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { startListener } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";
import { CUSTOMER_V5, faultsAgainst, SWAGGERS } from "./support/swagger-schemas.js";

// A client following TMF629 5.0.1 is judged by 5.0.1 alone, and a v4 reader of what it wrote reads
// what the v4 swagger accepts. The bodies come from the OpenAPI file itself — its request examples,
// and minimal bodies built here from its `_FVO` required lists — and the v4 swagger is the oracle.

const V4 = "/tmf-api/customerManagement/v4";
const V5 = "/tmf-api/customer/v5";

type Json = Record<string, unknown>;
type Schema = {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  type?: string;
  items?: Schema;
  format?: string;
  discriminator?: { mapping?: Record<string, string> };
};

const oas = parseYaml(readFileSync(path.resolve(import.meta.dirname, "../specs", CUSTOMER_V5), "utf8")) as {
  components: {
    schemas: Record<string, Schema>;
    examples: Record<string, { value: unknown }>;
    requestBodies: Record<string, { content: Record<string, { examples?: Record<string, { $ref: string }> }> }>;
  };
};
const schemas = oas.components.schemas;
const refName = (ref: string) => ref.split("/").pop()!;

/** A schema's properties and required list, through its allOf parents. */
function flat(name: string): { properties: Record<string, Schema>; required: string[] } {
  const parts = (schema: Schema): { properties: Record<string, Schema>; required: string[] } => {
    const inherited = (schema.allOf ?? []).map((parent) => (parent.$ref ? flat(refName(parent.$ref)) : parts(parent)));
    return {
      properties: Object.assign({}, ...inherited.map((p) => p.properties), schema.properties),
      required: [...inherited.flatMap((p) => p.required), ...(schema.required ?? [])],
    };
  };
  return parts(schemas[name]!);
}

/** The `@type` of an object of schema `name`: the discriminator value that maps to it, else its name without `_FVO`. */
function typeOf(name: string): string {
  for (const [, schema] of Object.entries(schemas)) {
    const found = Object.entries(schema.discriminator?.mapping ?? {}).find(([, ref]) => refName(ref) === name);
    if (found) return found[0];
  }
  return name.replace(/_FVO$/, "");
}

/** The smallest value of `schema` its required lists allow. */
function minimalOf(schema: Schema): unknown {
  if (schema.$ref) return minimal(refName(schema.$ref));
  if (schema.type === "array") return [minimalOf(schema.items!)];
  if (schema.format === "date-time") return "2026-01-01T00:00:00Z";
  return schema.type === "integer" || schema.type === "number" ? 1 : schema.type === "boolean" ? true : "x";
}

function minimal(name: string): Json {
  const { properties, required } = flat(name);
  return Object.fromEntries([...new Set(required)].map((key) => [key, key === "@type" ? typeOf(name) : minimalOf(properties[key]!)]));
}

const example = (body: string, contentType: string) =>
  Object.values(oas.components.requestBodies[body]!.content[contentType]!.examples!).map(({ $ref }) => oas.components.examples[refName($ref)]!.value);

const v4Faults = (body: unknown) => faultsAgainst(SWAGGERS.customer, "Customer", body);
const v5Faults = (body: unknown) => faultsAgainst(CUSTOMER_V5, "Customer", body);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200", EVENTS_TIMEOUT_MS: "2000" });
});
afterAll(() => server?.close());

async function created(body: unknown) {
  const res = await server.request("POST", `${V5}/customer`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(v5Faults(res.body)).toEqual([]);
  return res.body as Json & { id: string };
}

async function readOnV4(id: string) {
  const res = await server.request("GET", `${V4}/customer/${id}`);
  expect(res.status).toBe(200);
  return res.body as Json;
}

describe("TMF629 5.0.1's request bodies are accepted on v5 and read on v4 as the v4 swagger accepts", () => {
  it("the create example, then each merge patch, JSON Patch and JSON Patch Query example", async () => {
    const [create] = example("Customer_FVO", "application/json");
    const customer = await created(create);
    expect(v4Faults(await readOnV4(customer.id))).toEqual([]);
    for (const contentType of ["application/json", "application/merge-patch+json", "application/json-patch+json", "application/json-patch-query+json"]) {
      for (const patch of example("Customer_MVO", contentType)) {
        const res = await server.request("PATCH", `${V5}/customer/${customer.id}`, patch, { "content-type": contentType });
        expect(res.status, `${contentType}: ${JSON.stringify(res.body)}`).toBe(200);
        expect(v5Faults(res.body)).toEqual([]);
        expect(v4Faults(await readOnV4(customer.id))).toEqual([]);
      }
    }
  });

  it("a minimal Customer_FVO (its required lists alone): v4 shows its engaged party as far as it can", async () => {
    const body = minimal("Customer_FVO");
    expect(body).toEqual({ "@type": "Customer", name: "x", engagedParty: { "@type": "PartyRef" } });
    const customer = await created(body);
    const v4 = await readOnV4(customer.id);
    // v4 requires engagedParty and its id: there is none to show. Its @referredType is what the
    // reference's @type says it refers to.
    expect(v4.engagedParty).toEqual({ "@type": "PartyRef", "@referredType": "Party" });
    expect(v4Faults(v4)).toEqual([expect.stringContaining("/engagedParty must have required property 'id'")]);
  });

  const optional = Object.entries(flat("Customer_FVO").properties).filter(
    ([key, schema]) => !flat("Customer_FVO").required.includes(key) && (schema.$ref || schema.items?.$ref),
  );
  it.each(optional.map(([key]) => key))("Customer_FVO with %s at its minimal is accepted; v4 reads what its swagger accepts", async (key) => {
    const base = minimal("Customer_FVO");
    const body = { ...base, engagedParty: { "@type": "PartyRef", id: "500" }, [key]: minimalOf(flat("Customer_FVO").properties[key]!) };
    const customer = await created(body);
    const v4 = await readOnV4(customer.id);
    expect(v4Faults(v4)).toEqual([]);
    expect(v4.engagedParty).toEqual({ "@type": "PartyRef", id: "500", "@referredType": "Party" });
  });

  it("references without @referredType or name, as 5.0.1 allows: v4 completes what it can and leaves out what it cannot", async () => {
    const customer = await created({
      "@type": "Customer",
      name: "Refs",
      engagedParty: { "@type": "PartyRef", id: "org-1", name: "Org" },
      relatedParty: [
        { "@type": "RelatedPartyOrPartyRole", role: "payer", partyOrPartyRole: { "@type": "PartyRoleRef", id: "pr-1" } },
        { "@type": "RelatedPartyOrPartyRole", role: "witness" },
      ],
      account: [
        { "@type": "AccountRef", id: "acc-1" },
        { "@type": "AccountRef", id: "acc-2", name: "Main" },
      ],
      agreement: [
        { "@type": "AgreementRef", id: "agr-1" },
        { "@type": "AgreementRef", name: "Verbal" },
      ],
      paymentMethod: [{ "@type": "PaymentMethodRef", id: "pm-1" }],
      characteristic: [{ "@type": "Characteristic", name: "segment" }],
    });
    const v4 = await readOnV4(customer.id);
    expect(v4Faults(v4)).toEqual([]);
    expect(v4.engagedParty).toEqual({ "@type": "PartyRef", id: "org-1", name: "Org", "@referredType": "Party" });
    expect(v4.relatedParty).toEqual([{ "@type": "PartyRoleRef", id: "pr-1", role: "payer", "@referredType": "PartyRole" }]);
    expect(v4.account).toEqual([{ "@type": "AccountRef", id: "acc-2", name: "Main" }]);
    expect(v4.agreement).toEqual([{ "@type": "AgreementRef", id: "agr-1" }]);
    expect(v4.paymentMethod).toEqual([{ "@type": "PaymentMethodRef", id: "pm-1" }]);
    expect(v4.characteristic).toEqual([]);
    // v5 reads back what it wrote (what its representation requires: references with ids).
    const v5 = await server.request("GET", `${V5}/customer/${customer.id}`);
    expect(v5Faults(v5.body)).toEqual([]);
    expect(v5.body.relatedParty).toEqual([
      { "@type": "RelatedPartyOrPartyRole", role: "payer", partyOrPartyRole: { "@type": "PartyRoleRef", id: "pr-1" } },
      { "@type": "RelatedPartyOrPartyRole", role: "witness" },
    ]);
    // A v4 patch of what v4 does not show leaves the rest as v5 wrote it.
    const patched = await server.request("PATCH", `${V4}/customer/${customer.id}`, { status: "Approved" }, { "content-type": "application/merge-patch+json" });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(v4Faults(patched.body)).toEqual([]);
    const after = await server.request("GET", `${V5}/customer/${customer.id}`);
    expect({ ...after.body, status: undefined }).toEqual({ ...v5.body, status: undefined });
  });

  it("an account reference without name or @referredType is completed from the account it names, when the gateway holds it", async () => {
    const account = async (name: string) => {
      const res = await server.request("POST", "/tmf-api/accountManagement/v4/billingAccount", {
        name,
        relatedParty: [{ id: "ind-1", name: "Alex", role: "owner", "@referredType": "Individual" }],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const [main, spare] = [await account("Main account"), await account("Spare account")];
    const unknown = "00000000-0000-4000-8000-000000000001";
    const customer = await created({
      "@type": "Customer",
      name: "Held",
      engagedParty: { "@type": "PartyRef", id: "org-1" },
      account: [
        { "@type": "AccountRef", id: main },
        { "@type": "AccountRef", id: unknown },
      ],
    });
    expect(customer.account).toEqual([
      { "@type": "AccountRef", id: main, name: "Main account", "@referredType": "BillingAccount" },
      { "@type": "AccountRef", id: unknown },
    ]);
    const v4 = await readOnV4(customer.id);
    expect(v4Faults(v4)).toEqual([]);
    expect(v4.account).toEqual([{ "@type": "AccountRef", id: main, name: "Main account", "@referredType": "BillingAccount" }]);
    const patched = await server.request("PATCH", `${V5}/customer/${customer.id}`, { account: [{ "@type": "AccountRef", id: spare, name: "Given name" }] });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.account).toEqual([{ "@type": "AccountRef", id: spare, name: "Given name", "@referredType": "BillingAccount" }]);
  });

  it("a v4 hub's listener receives what v4 GET shows of a customer v5 wrote", async () => {
    const listener = await startListener();
    try {
      const hub = await server.request("POST", `${V4}/hub`, { callback: listener.url, query: "eventType=CustomerCreateEvent" });
      expect(hub.status).toBe(201);
      const customer = await created({
        "@type": "Customer",
        name: "Heard",
        engagedParty: { "@type": "PartyRef", id: "org-2" },
        relatedParty: [{ "@type": "RelatedPartyOrPartyRole", role: "witness" }],
        account: [{ "@type": "AccountRef", id: "acc-9" }],
      });
      const deadline = Date.now() + 10_000;
      const heard = () => listener.received.find((e) => e.event.customer?.id === customer.id);
      while (!heard() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      const event = heard();
      expect(event, "no event").toBeDefined();
      expect(v4Faults(event!.event.customer)).toEqual([]);
      expect(event!.event.customer).toEqual(await readOnV4(customer.id));
      expect(event!.event.customer!.account).toEqual([]);
      expect((await server.request("DELETE", `${V4}/hub/${hub.body.id}`)).status).toBe(204);
    } finally {
      await listener.close();
    }
  });

  it("a v5 merge patch is held to Customer_MVO alone", async () => {
    const customer = await created(example("Customer_FVO", "application/json")[0]);
    const res = await server.request("PATCH", `${V5}/customer/${customer.id}`, {
      engagedParty: { "@type": "PartyRef", id: "ind-9" },
      relatedParty: [{ "@type": "RelatedPartyOrPartyRole", role: "user", partyOrPartyRole: { "@type": "PartyRef", id: "ind-10" } }],
      account: [{ "@type": "AccountRef", id: "acc-3" }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(v5Faults(res.body)).toEqual([]);
    expect(v4Faults(await readOnV4(customer.id))).toEqual([]);
  });
});

describe("v4 writes are still held to v4's rules", () => {
  const v4Customer = { name: "Strict", engagedParty: { id: "ind-1", "@referredType": "Individual" } };
  it.each([
    ["an engaged party without @referredType", { ...v4Customer, engagedParty: { id: "ind-1" } }, "engagedParty.@referredType is mandatory"],
    ["a related party without @referredType", { ...v4Customer, relatedParty: [{ id: "p", role: "r" }] }, "relatedParty[0].@referredType is mandatory"],
    ["an account without name", { ...v4Customer, account: [{ id: "acc-1" }] }, "account[0].name is mandatory"],
    ["an agreement without id", { ...v4Customer, agreement: [{ name: "Verbal" }] }, "agreement[0].id is mandatory"],
    ["a characteristic without value", { ...v4Customer, characteristic: [{ name: "segment" }] }, "characteristic[0].value is mandatory"],
    ["no engaged party", { name: "Strict" }, "missing mandatory attribute(s): engagedParty"],
  ])("POST with %s is a 400", async (_, body, message) => {
    const res = await server.request("POST", `${V4}/customer`, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ "@type": "Error", code: "BAD_USER_INPUT" });
    expect(res.body.message).toContain(message);
  });

  it("a v4 merge patch that leaves an engaged party without @referredType is a 400", async () => {
    const made = await server.request("POST", `${V4}/customer`, v4Customer);
    expect(made.status).toBe(201);
    const res = await server.request("PATCH", `${V4}/customer/${made.body.id}`, { engagedParty: { "@referredType": null } });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("engagedParty.@referredType is mandatory");
  });

  it("GraphQL writes the model, which takes what either version allows", async () => {
    const v5Shaped = await server.graphql<{ createCustomer: { engagedParty: { atReferredType: string | null } } }>(
      `mutation { createCustomer(input: { atType: "Customer", name: "G", engagedParty: { atType: "PartyRef", id: "ind-1" }, account: [{ atType: "AccountRef", id: "a" }] }) { engagedParty { atReferredType } } }`,
    );
    expect(v5Shaped.errors).toBeUndefined();
    const neither = await server.graphql(`mutation { createCustomer(input: { name: "G", engagedParty: { id: "ind-1" } }) { id } }`);
    expect(neither.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(neither.errors![0]!.message).toContain("engagedParty.atReferredType is mandatory");
  });
});
