import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCES } from "../src/modules/registry.js";
import { contractPlan, contractPlanCompilations } from "../src/resource/contract-plan.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Issue 30, "a request goes down the floors once": what a call needs of a TMF contract (body walk,
// unknown attributes, write validators, the version's representation, the `fields` selection) is
// compiled once per resource and API version, at start; requests read the plans and never compile one.

const V4 = "/tmf-api/customerManagement/v4/customer";
const V5 = "/tmf-api/customer/v5/customer";
const v4Body = (name: string) => ({
  name,
  engagedParty: { id: "ind-1", name: "Alex", "@referredType": "Individual" },
  contactMedium: [{ mediumType: "email", preferred: true, characteristic: { emailAddress: "alex@plan.example" } }],
});
const v5Body = (name: string) => ({
  "@type": "Customer",
  name,
  engagedParty: { "@type": "PartyRef", id: "500", name: "Happy Travellers", "@referredType": "Organization" },
  contactMedium: [{ "@type": "EmailContactMedium", preferred: true, contactType: "work", emailAddress: "club@plan.example" }],
  characteristic: [{ "@type": "StringCharacteristic", name: "segment", valueType: "string", value: "gold" }],
});

let server: TestServer;
let atStart: number;

beforeAll(async () => {
  server = await startTestServer();
  atStart = contractPlanCompilations();
});
afterAll(() => server?.close());

describe("contract plans", () => {
  it("are compiled at start, one per resource and API version, and the same plan is handed out after", () => {
    const expected = new Set(RESOURCES.flatMap((r) => [r.api, ...(r.versions ?? []).map((v) => v.api)].map((api) => `${api.contract}#${r.name}`)));
    expect(expected.size).toBeGreaterThan(RESOURCES.length); // TMF629 v5 among them
    expect(atStart).toBe(expected.size);
    expect(contractPlan("TMF629-Customer_Management-v5.0.1.oas.yaml", "Customer")).toBe(contractPlan("TMF629-Customer_Management-v5.0.1.oas.yaml", "Customer"));
    expect(contractPlanCompilations()).toBe(atStart);
  });

  it("are not compiled again by requests: REST creates, reads, patches and refusals in v4 and v5, GraphQL writes", async () => {
    for (let i = 0; i < 5; i++) {
      const v4 = await server.request("POST", V4, v4Body(`plan v4 ${i}`));
      expect(v4.status).toBe(201);
      const v5 = await server.request("POST", V5, v5Body(`plan v5 ${i}`));
      expect(v5.status).toBe(201);
      expect((await server.request("GET", `${V5}/${v4.body.id}?fields=name,contactMedium`)).status).toBe(200);
      expect((await server.request("GET", `${V4}?fields=name&limit=5`)).status).toBe(200);
      expect(
        (await server.request("PATCH", `${V5}/${v5.body.id}`, { description: `merge ${i}` }, { "content-type": "application/merge-patch+json" })).status,
      ).toBe(200);
      const ops = [{ op: "replace", path: "/name", value: `patched ${i}` }];
      expect((await server.request("PATCH", `${V5}/${v5.body.id}`, ops, { "content-type": "application/json-patch+json" })).status).toBe(200);
      const refused = await server.request("POST", V5, { ...v5Body("refused"), mediumType: "email" });
      expect(refused.status).toBe(400);
      const created = await server.graphql(
        `mutation { createCustomer(input: { name: "plan gql ${i}", engagedParty: { id: "p1", atReferredType: "Individual" } }) { id } }`,
      );
      expect(created.errors).toBeUndefined();
    }
    expect(contractPlanCompilations()).toBe(atStart);
  });
});
