import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// GraphQL writes TMF629's one model of a customer, which takes what either version's contract
// allows. What a version does not see of a body — an attribute its contract does not define, or
// one its reading of a reshaped attribute leaves out (v5 has no medium characteristic: it reads a
// contact medium's characteristic as its subclass's own attributes, without the characteristic's
// @schemaLocation; v4 has no related party's partyId) — is held to a version that sees it: the REST
// version of that contract, called with the same body, is the oracle.

const V4 = "/tmf-api/customerManagement/v4";
const V5 = "/tmf-api/customer/v5";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** A contact medium whose characteristic (v4's alone) carries `schemaLocation`, in GraphQL's names. */
const medium = (schemaLocation: string) => ({ mediumType: "email", characteristic: { emailAddress: "a@example.com", atSchemaLocation: schemaLocation } });
const NOT_A_URI = "not a uri";
/** What v5 requires of a create beside its attributes (`@type`s), with v4's @referredType: either version accepts the rest. */
const EITHER = { atType: "Customer", engagedParty: { atType: "PartyRef", id: "ind-1", atReferredType: "Individual" } };
/** An engaged party as v5 allows and v4 refuses (no @referredType): only v5 accepts the body. */
const V5_ONLY = { atType: "Customer", engagedParty: { atType: "PartyRef", id: "ind-1" } };

/** A GraphQL input as TMF JSON, for the REST oracle. */
const tmf = (input: unknown): unknown =>
  Array.isArray(input)
    ? input.map(tmf)
    : input !== null && typeof input === "object"
      ? Object.fromEntries(Object.entries(input).map(([key, value]) => [key.replace(/^at([A-Z])/, (_, c: string) => `@${c.toLowerCase()}`), tmf(value)]))
      : input;

const CREATE = `mutation ($input: CustomerInput!) { createCustomer(input: $input) { id } }`;
const UPDATE = `mutation ($id: ID!, $patch: CustomerInput!) { updateCustomer(id: $id, patch: $patch) { id } }`;

async function stored(name: string): Promise<unknown[]> {
  const res = await server.request("GET", `${V4}/customer?name=${encodeURIComponent(name)}`);
  expect(res.status).toBe(200);
  return res.body as unknown[];
}

describe("GraphQL create: what the accepting version does not see passes a version that sees it", () => {
  it.each([
    ["either version's body", EITHER],
    ["a body only v5 accepts", V5_ONLY],
  ])("a medium characteristic's @schemaLocation that is no URI (v4's alone) is refused, in %s", async (label, head) => {
    const input = { ...head, name: `Bad medium ${label}`, contactMedium: [medium(NOT_A_URI)] };
    const rest = await server.request("POST", `${V4}/customer`, tmf(input));
    expect(rest.status).toBe(400);
    expect(rest.body.message).toContain("contactMedium[0].characteristic.@schemaLocation must be a valid uri");
    const res = await server.graphql(CREATE, { input });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toContain("contactMedium[0].characteristic.atSchemaLocation must be a valid uri");
    expect(await stored(input.name)).toEqual([]);
  });

  it("a related party's partyId (v5's alone: a party role reference) in a related party v5 refuses (no role) is refused in a body v4 accepts", async () => {
    const input = { ...EITHER, name: "Bad party role", relatedParty: [{ id: "pr-1", atReferredType: "PartyRole", partyId: "org-1" }] };
    const v5Body = {
      ...(tmf(EITHER) as object),
      name: input.name,
      relatedParty: [{ "@type": "RelatedPartyOrPartyRole", partyOrPartyRole: { "@type": "PartyRoleRef", id: "pr-1", partyId: "org-1" } }],
    };
    const rest = await server.request("POST", `${V5}/customer`, v5Body);
    expect(rest.status).toBe(400);
    expect(rest.body.message).toContain("relatedParty[0].role is mandatory");
    const res = await server.graphql(CREATE, { input });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toContain("relatedParty[0].role is mandatory");
    expect(await stored(input.name)).toEqual([]);
  });

  it("what each version sees passes it: v5's engaged party beside v4's medium characteristic with a URI, and v5's party role specification, is stored", async () => {
    const input = {
      ...V5_ONLY,
      name: "Mixed",
      contactMedium: [medium("https://example.com/Email.schema.json")],
      partyRoleSpecification: { atType: "PartyRoleSpecificationRef", id: "prs-1" },
    };
    const res = await server.graphql<{ createCustomer: { id: string } }>(CREATE, { input });
    expect(res.errors).toBeUndefined();
    expect(await stored(input.name)).toHaveLength(1);
  });
});

describe("GraphQL update: the patched attributes are held the same way", () => {
  async function customer(name: string): Promise<string> {
    const res = await server.graphql<{ createCustomer: { id: string } }>(CREATE, {
      input: { ...EITHER, name, contactMedium: [medium("https://example.com/a")] },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.createCustomer.id;
  }

  it("a medium characteristic's @schemaLocation that is no URI is refused, and the customer is left as it was", async () => {
    const id = await customer("Patched medium");
    const patch = { contactMedium: [medium(NOT_A_URI)] };
    const rest = await server.request("PATCH", `${V4}/customer/${id}`, tmf(patch));
    expect(rest.status).toBe(400);
    expect(rest.body.message).toContain("contactMedium[0].characteristic.@schemaLocation must be a valid uri");
    const res = await server.graphql(UPDATE, { id, patch });
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0]!.message).toContain("contactMedium[0].characteristic.atSchemaLocation must be a valid uri");
    const read = await server.request("GET", `${V4}/customer/${id}`);
    expect(read.body.contactMedium[0].characteristic["@schemaLocation"]).toBe("https://example.com/a");
  });

  it("v4's medium characteristic with a URI and v5's party role specification (its @type the one v5 gives it) patched together are stored", async () => {
    const id = await customer("Patched well");
    const patch = { contactMedium: [medium("https://example.com/b")], partyRoleSpecification: { id: "prs-2" } };
    const res = await server.graphql(UPDATE, { id, patch });
    expect(res.errors).toBeUndefined();
    const read = await server.request("GET", `${V4}/customer/${id}`);
    expect(read.body.contactMedium[0].characteristic["@schemaLocation"]).toBe("https://example.com/b");
    expect((await server.request("GET", `${V5}/customer/${id}`)).body.partyRoleSpecification).toMatchObject({ id: "prs-2" });
  });
});
