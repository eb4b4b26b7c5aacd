import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { countRows } from "./support/sql-counts.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ GRAPHQL_MAX_DEPTH: "6", GRAPHQL_MAX_COST: "5000", GRAPHQL_MAX_ALIASES: "3", BODY_LIMIT: "4096" });
});
afterAll(() => server?.close());

describe("GraphQL limits", () => {
  it("rejects an operation deeper than the maximum depth, naming the limit, without executing it", async () => {
    const before = await countRows(server, "customer");
    const deep = await server.graphql(
      `mutation { createCustomer(input: { name: "never", engagedParty: { id: "x", atReferredType: "Individual" } }) { accounts { customer { accounts { customer { accounts { id } } } } } } }`,
    );
    expect(deep.errors!.map((e) => e.message).join("\n")).toMatch(/depth 7 > maximum depth 6/);
    expect(deep.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(await countRows(server, "customer")).toBe(before);
    expect(await countRows(server, "customer", "name = $1", ["never"])).toBe(0);
  });

  it("rejects an operation over the complexity budget and too many aliases", async () => {
    const costly = await server.graphql(`{ customers(limit: 1000) { accounts { payments { id } } } }`);
    expect(costly.errors![0]!.message).toMatch(/complexity/);
    const aliases = await server.graphql(`{ a: customersCount b: customersCount c: customersCount d: customersCount }`);
    expect(aliases.errors![0]!.message).toMatch(/Alias limit/);
    const fine = await server.graphql(`{ customers(limit: 5) { id accounts { id } } }`);
    expect(fine.errors).toBeUndefined();
  });

  it("does not accept batched operations", async () => {
    const res = await server.request("POST", "/graphql", [{ query: "{ customersCount }" }, { query: "{ paymentsCount }" }]);
    expect(res.status).toBe(400);
  });
});

describe("HTTP limits and headers", () => {
  it("answers a body over the limit with 413 and a TMF Error", async () => {
    const res = await server.request("POST", "/tmf-api/customerManagement/v4/customer", {
      name: "x".repeat(5000),
      engagedParty: { id: "p", "@referredType": "Individual" },
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ "@type": "Error", status: "413" });
  });

  it("answers an unsupported content type with 415", async () => {
    const res = await server.request("POST", "/tmf-api/customerManagement/v4/customer", "name=x", { "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ "@type": "Error", status: "415" });
  });

  it("echoes a given X-Request-ID, generates one otherwise, and sends security headers", async () => {
    const given = await server.request("GET", "/health", undefined, { "x-request-id": "trace-123" });
    expect(given.headers.get("x-request-id")).toBe("trace-123");
    const generated = await server.request("GET", "/health");
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers.get("x-content-type-options")).toBe("nosniff");
    expect(generated.headers.get("x-frame-options")).toBe("DENY");
  });

  it("never leaks internals: unknown routes are TMF 404s", async () => {
    const res = await server.request("GET", "/tmf-api/nothing/v4/here");
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ "@type": "Error", status: "404" });
  });
});

describe("production defaults", () => {
  it("turns introspection off when NODE_ENV=production", async () => {
    const prod = await startTestServer({ NODE_ENV: "production", AUTH: "false" });
    try {
      const res = await prod.graphql(`{ __schema { queryType { name } } }`);
      expect(res.errors?.[0]?.message).toMatch(/introspection/i);
    } finally {
      await prod.close();
    }
  });
});
