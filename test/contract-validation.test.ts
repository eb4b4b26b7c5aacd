import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { countRows } from "./support/sql-counts.js";

// Creates and patches are held to the official swaggers' `_Create` / `_Update` definitions, on REST
// and in GraphQL alike: enums, formats and the attributes nested structures require. A refused
// write is a 400 (BAD_USER_INPUT) naming what is wrong, and writes nothing.

const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const grace = {
  name: "Grace",
  engagedParty: { id: "ind-1", name: "Grace H.", "@referredType": "Individual" },
  contactMedium: [{ mediumType: "email", characteristic: { emailAddress: "grace@example.com" } }],
};

let server: TestServer;
let customerId: string;
let accountId: string;

beforeAll(async () => {
  server = await startTestServer();
  customerId = (await server.request("POST", CUSTOMERS, grace)).body.id;
  const account = await server.graphql<{ createBillingAccount: { id: string } }>(
    `mutation ($c: String!) { createBillingAccount(input: { name: "Main", relatedParty: [{ id: $c, name: "Grace", role: "customer", atReferredType: "Customer" }] }) { id } }`,
    { c: customerId },
  );
  expect(account.errors).toBeUndefined();
  accountId = account.data!.createBillingAccount.id;
});
afterAll(() => server?.close());

describe("writes conform to the TMF swaggers", () => {
  it("REST: a value outside its format is a TMF 400 naming the attribute, and nothing is written", async () => {
    const before = await countRows(server, "customer");
    const res = await server.request("POST", CUSTOMERS, { ...grace, "@schemaLocation": "not a uri" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "BAD_USER_INPUT", status: "400", "@type": "Error" });
    expect(res.body.message).toBe("Customer does not conform to Customer_Create of the TMF swagger: @schemaLocation must be a valid uri");
    expect(await countRows(server, "customer")).toBe(before);

    const good = await server.request("POST", CUSTOMERS, { ...grace, "@schemaLocation": "https://schemas.example.com/Customer.json" });
    expect(good.status).toBe(201);
  });

  it("GraphQL: a value outside its enum is refused with its allowed values", async () => {
    const before = await countRows(server, "customer_bill");
    const bill = (runType: string) =>
      server.graphql(
        `mutation ($a: String!, $r: String) { createCustomerBill(input: { billingAccount: { id: $a }, runType: $r, amountDue: { unit: "EUR", value: 10 } }) { id runType } }`,
        { a: accountId, r: runType },
      );
    const refused = await bill("regular bill run");
    expect(refused.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(refused.errors![0]!.message).toBe('CustomerBill does not conform to CustomerBill of the TMF swagger: runType must be one of "onCycle", "offCycle"');
    expect(await countRows(server, "customer_bill")).toBe(before);
    const accepted = await bill("offCycle");
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data).toMatchObject({ createCustomerBill: { runType: "offCycle" } });
  });

  it("nested references carry what their definition requires, said in each surface's names", async () => {
    const rest = await server.request("POST", CUSTOMERS, { ...grace, engagedParty: { id: "ind-1" } });
    expect(rest.status).toBe(400);
    expect(rest.body.message).toContain("engagedParty.@referredType is mandatory");

    const graphql = await server.graphql(`mutation { createCustomer(input: { name: "G", engagedParty: { id: "ind-1" } }) { id } }`);
    expect(graphql.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(graphql.errors![0]!.message).toContain("engagedParty.atReferredType is mandatory");

    const account = await server.request("POST", "/tmf-api/accountManagement/v4/billingAccount", {
      name: "Side",
      relatedParty: [{ id: customerId, role: "customer", "@referredType": "Customer" }],
    });
    expect(account.status).toBe(400);
    expect(account.body.message).toContain("relatedParty[0].name is mandatory");
  });

  it("a patch carries only what changes; what it writes is checked whole, after the merge", async () => {
    const { id } = (await server.request("POST", CUSTOMERS, grace)).body;
    const status = await server.request("PATCH", `${CUSTOMERS}/${id}`, { status: "Approved" });
    expect(status.status).toBe(200);
    const renamed = await server.request("PATCH", `${CUSTOMERS}/${id}`, { engagedParty: { name: "Grace Hopper" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.engagedParty).toEqual({ id: "ind-1", name: "Grace Hopper", "@referredType": "Individual" });

    const broken = await server.request("PATCH", `${CUSTOMERS}/${id}`, { name: "Renamed", engagedParty: { "@referredType": null } });
    expect(broken.status).toBe(400);
    expect(broken.body.message).toBe("Customer does not conform to Customer_Update of the TMF swagger: engagedParty.@referredType is mandatory");
    const after = await server.request("GET", `${CUSTOMERS}/${id}`);
    expect(after.body).toMatchObject({ name: "Grace", engagedParty: { id: "ind-1", name: "Grace Hopper", "@referredType": "Individual" } });
  });

  it("says at most five of the faults of a body, and how many more there are", async () => {
    const relatedParty = Array.from({ length: 8 }, (_, i) => ({ id: `p${i}`, role: "contact" }));
    const res = await server.request("POST", CUSTOMERS, { ...grace, relatedParty });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Customer does not conform to Customer_Create of the TMF swagger: relatedParty[0].@referredType is mandatory; relatedParty[1].@referredType is mandatory; " +
        "relatedParty[2].@referredType is mandatory; relatedParty[3].@referredType is mandatory; relatedParty[4].@referredType is mandatory (and 3 more)",
    );
  });
});
