import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe("GET /docs", () => {
  it("serves Swagger UI from the gateway itself, listing every implemented TMF API", async () => {
    const res = await fetch(`${server.url}/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("/docs/assets/swagger-ui-bundle.js");
    expect(html).not.toMatch(/https?:\/\//);
    for (const api of ["customerManagement", "accountManagement", "paymentManagement", "customerBillManagement"]) {
      expect(html).toContain(`/docs/specs/${api}.json`);
    }
    const bundle = await fetch(`${server.url}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });

  it("trims each official swagger to the paths and methods implemented, with this deployment's base", async () => {
    const payment = (await server.request("GET", "/docs/specs/paymentManagement.json")).body;
    expect(payment.basePath).toBe("/tmf-api/paymentManagement/v4");
    expect(payment.host).toBe(new URL(server.url).host);
    expect(Object.keys(payment.paths).sort()).toEqual([
      "/authorizePayment",
      "/authorizePayment/{id}",
      "/hub",
      "/hub/{id}",
      "/initiatePayment",
      "/initiatePayment/{id}",
      "/payment",
      "/payment/{id}",
      "/refund",
      "/refund/{id}",
    ]);
    expect(Object.keys(payment.paths["/hub"])).toEqual(["post"]);
    expect(Object.keys(payment.paths["/payment/{id}"])).toEqual(["get"]);
    expect(payment.definitions.Payment_Create.required).toEqual(["account", "paymentMethod", "totalAmount"]);
    const account = (await server.request("GET", "/docs/specs/accountManagement.json")).body;
    const accountResources = [
      "billFormat",
      "billPresentationMedia",
      "billingAccount",
      "billingCycleSpecification",
      "financialAccount",
      "partyAccount",
      "settlementAccount",
    ];
    expect(Object.keys(account.paths).sort()).toEqual([...accountResources.flatMap((r) => [`/${r}`, `/${r}/{id}`]), "/hub", "/hub/{id}"].sort());
    expect(Object.keys(account.paths["/financialAccount/{id}"]).sort()).toEqual(["delete", "get", "patch"]);
    expect(Object.keys(account.paths["/billingAccount/{id}"]).sort()).toEqual(["delete", "get", "patch"]);
    expect((await server.request("GET", "/docs/specs/nothing.json")).status).toBe(404);
  });

  // The operations a server offers (the /listener paths are the clients'), from the shipped files.
  it("serves every one of the 72 server operations of the four swaggers", async () => {
    const apis = {
      customerManagement: "TMF629-Customer-v4.0.0.swagger.json",
      accountManagement: "TMF666-Account-v4.0.0.swagger.json",
      paymentManagement: "TMF676-Payment-v4.0.0.swagger.json",
      customerBillManagement: "TMF678-Customer_Bill-v4.0.0.swagger.json",
    };
    const operations = (paths: Record<string, object>) =>
      Object.entries(paths)
        .filter(([path]) => !path.startsWith("/listener/"))
        .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    let total = 0;
    for (const [api, file] of Object.entries(apis)) {
      const official = operations(JSON.parse(readFileSync(`specs/${file}`, "utf8")).paths).sort();
      const served = operations((await server.request("GET", `/docs/specs/${api}.json`)).body.paths).sort();
      expect(served, api).toEqual(official);
      total += official.length;
    }
    expect(total).toBe(72);
  });

  it("serves TMF629 v5's OpenAPI contract with every one of its 8 server operations, on this deployment's server", async () => {
    const document = parseYaml(readFileSync("specs/TMF629-Customer_Management-v5.0.1.oas.yaml", "utf8")) as { paths: Record<string, object> };
    const served = (await server.request("GET", "/docs/specs/customer.json")).body;
    expect(served.openapi).toBe("3.0.1");
    expect(served.servers).toEqual([{ url: `${server.url}/tmf-api/customer/v5` }]);
    expect(served.components.schemas.Customer_FVO).toBeDefined();
    const operations = (paths: Record<string, object>) =>
      Object.entries(paths)
        .filter(([path]) => !path.startsWith("/listener/"))
        .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
        .sort();
    expect(operations(served.paths)).toEqual(operations(document.paths));
    expect(operations(document.paths)).toHaveLength(8);
    expect(await (await fetch(`${server.url}/docs`)).text()).toContain("/docs/specs/customer.json");
  });

  it("serves TMF678 v5's OpenAPI contract beside v4's (one API name, two versions) with every one of its 12 server operations", async () => {
    const document = parseYaml(readFileSync("specs/TMF678-CustomerBill-v5.0.0.oas.yaml", "utf8")) as { paths: Record<string, object> };
    const served = (await server.request("GET", "/docs/specs/customerBillManagementV5.json")).body;
    expect(served.openapi).toBe("3.0.1");
    expect(served.servers).toEqual([{ url: `${server.url}/tmf-api/customerBillManagement/v5` }]);
    const operations = (paths: Record<string, object>) =>
      Object.entries(paths)
        .filter(([path]) => !path.startsWith("/listener/"))
        .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
        .sort();
    expect(operations(served.paths)).toEqual(operations(document.paths));
    expect(operations(document.paths)).toHaveLength(12);
    expect((await server.request("GET", "/docs/specs/customerBillManagement.json")).body.swagger).toBe("2.0");
  });
});
