import type { GraphQLEnumType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { buildApp } from "../src/http/app.js";
import { startTestServer, type TestServer } from "./support/server.js";

// ODA_COMPONENT: a deployment of one ODA Component serves that component's APIs only (REST, hubs,
// /docs, GraphQL root fields), and reads the others' rows as navigations, from the same database.

const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount";

let customers: TestServer; // X-TMF629
let accounts: TestServer; // TMFC024, on the same database
beforeAll(async () => {
  customers = await startTestServer({ ODA_COMPONENT: "X-TMF629" });
  accounts = await startTestServer({ ODA_COMPONENT: "tmfc024" }, customers.db);
});
afterAll(async () => {
  await accounts?.close();
  await customers?.close();
});

describe("ODA_COMPONENT", () => {
  it("serves the component's REST paths and hubs, and answers another component's with a TMF 404", async () => {
    const customer = await customers.request("POST", CUSTOMERS, { name: "Payer", engagedParty: { id: "p", "@referredType": "Organization" } });
    expect(customer.status).toBe(201);
    const account = await accounts.request("POST", ACCOUNTS, {
      name: "Component account",
      relatedParty: [{ id: customer.body.id, name: "Payer", role: "customer", "@referredType": "Customer" }],
    });
    expect(account.status).toBe(201);
    expect((await accounts.request("GET", `${ACCOUNTS}/${account.body.id}`)).status).toBe(200);
    expect((await accounts.request("GET", "/tmf-api/accountManagement/v5/billingAccount")).status).toBe(200);

    for (const path of [
      `${CUSTOMERS}/${customer.body.id}`,
      CUSTOMERS,
      "/tmf-api/paymentManagement/v4/payment",
      "/tmf-api/customerBillManagement/v4/customerBill",
    ]) {
      const refused = await accounts.request("GET", path);
      expect(refused.status, path).toBe(404);
      expect(refused.body["@type"], path).toBe("Error");
    }
    expect((await customers.request("GET", ACCOUNTS)).status).toBe(404);
    const hub = await accounts.request("POST", "/tmf-api/accountManagement/v4/hub", { callback: "http://127.0.0.1:9/listener" });
    expect(hub.status).toBe(201);
    expect((await accounts.request("POST", "/tmf-api/customerManagement/v4/hub", { callback: "http://127.0.0.1:9/listener" })).status).toBe(404);
  });

  it("lists and serves only the component's specifications on /docs", async () => {
    expect((await accounts.request("GET", "/docs/specs/accountManagement.json")).status).toBe(200);
    expect((await accounts.request("GET", "/docs/specs/customerManagement.json")).status).toBe(404);
    expect((await customers.request("GET", "/docs/specs/customerManagement.json")).status).toBe(200);
  });

  it("keeps the component's GraphQL root fields only, and the navigations to the others' resources", async () => {
    const customer = (await customers.request("POST", CUSTOMERS, { name: "Navigated", engagedParty: { id: "p", "@referredType": "Organization" } })).body;
    const account = (
      await accounts.request("POST", ACCOUNTS, {
        name: "Navigating",
        relatedParty: [{ id: customer.id, name: "Navigated", role: "customer", "@referredType": "Customer" }],
      })
    ).body;
    const navigated = await accounts.graphql<{ billingAccount: { customer: { name: string } } }>(
      `query ($id: ID!) { billingAccount(id: $id) { customer { name } } }`,
      {
        id: account.id,
      },
    );
    expect(navigated.errors).toBeUndefined();
    expect(navigated.data!.billingAccount.customer.name).toBe("Navigated");

    const refused = await accounts.graphql(`query ($id: ID!) { customer(id: $id) { name } }`, { id: customer.id });
    expect(refused.errors![0]!.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect((await customers.graphql(`query ($id: ID!) { customer(id: $id) { name } }`, { id: customer.id })).errors).toBeUndefined();

    const schema = accounts.app.gateway.schema;
    const roots = (type: "getQueryType" | "getMutationType" | "getSubscriptionType") => Object.keys(schema[type]()!.getFields());
    expect(roots("getQueryType")).toContain("billingAccounts");
    expect(roots("getQueryType")).not.toContain("customers");
    expect(roots("getQueryType")).not.toContain("payments");
    expect(roots("getMutationType")).not.toContain("createCustomer");
    expect(roots("getSubscriptionType")).toContain("billingAccountChanged");
    // A hand-written root field belongs to its resource too (TMFC029's).
    expect(roots("getSubscriptionType")).not.toContain("paymentCreated");
    // The hub's API argument names the component's APIs only (and its security function's).
    expect(
      (schema.getType("HubApi") as GraphQLEnumType)
        .getValues()
        .map((v) => v.name)
        .sort(),
    ).toEqual(["accountManagement", "accountManagementV5", "partyRoleManagement"]);
  });

  it("accepts the API keys of every component's scopes (one API_KEYS for all the deployments)", async () => {
    const keyed = await startTestServer(
      { ODA_COMPONENT: "TMFC031", API_KEYS: JSON.stringify([{ name: "ops", key: "a-key-for-every-component", scopes: ["payment:write", "customer:read"] }]) },
      customers.db,
    );
    await keyed.close();
  });

  it("refuses an unknown component at start-up, naming the known ones", async () => {
    await expect(buildApp(loadConfig({ LOG_LEVEL: "silent", ODA_COMPONENT: "TMFC999" }), customers.db)).rejects.toThrow(/TMFC999.*known: TMFC024/);
  });
});
