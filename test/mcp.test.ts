import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, mcpClient, refusal, tmfErrorOf } from "./support/mcp.js";
import { startTestServer, type TestServer } from "./support/server.js";

// The MCP carrier (/mcp) with the SDK's own client over loopback, authentication on: tools derived
// from the descriptions, the same answers as REST, and the refusals of every other carrier.

const key = (name: string) => `${name}-key-0123456789abcdef`;
const WRITER = { "x-api-key": key("writer") };
const RATE = 100;
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";

let server: TestServer;
let writer: Client;

beforeAll(async () => {
  server = await startTestServer({
    AUTH: "true",
    API_KEYS: JSON.stringify([
      { name: "writer", key: key("writer"), scopes: ["*"] },
      { name: "reader", key: key("reader"), scopes: ["customer:read"] },
      { name: "rate", key: key("rate"), scopes: ["*"] },
    ]),
    RATE_LIMIT_MAX: String(RATE),
    BODY_LIMIT: "65536",
  });
  writer = await mcpClient(server.url, WRITER);
});
afterAll(async () => {
  await writer?.close();
  await server?.close();
});

const rest = async (method: string, path: string, body?: unknown) => server.request(method, path, body, WRITER);

describe("tools", () => {
  it("are derived per resource and per operation it offers, with input schemas from the contracts", async () => {
    const { tools } = await writer.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const operation of ["list", "retrieve", "create", "patch", "delete"]) expect(byName.has(`${operation}_customer`), operation).toBe(true);
    for (const operation of ["list", "retrieve", "create"]) expect(byName.has(`${operation}_payment`), operation).toBe(true);
    // TMF676 offers no PATCH or DELETE of a payment; no v5 twin of a tool.
    expect(byName.has("patch_payment") || byName.has("delete_payment") || tools.some((t) => /v5/.test(t.name))).toBe(false);

    const list = byName.get("list_customer")!.inputSchema as { properties: Record<string, { description?: string; maximum?: number }> };
    expect(Object.keys(list.properties).sort()).toEqual(["cursor", "fields", "filter", "limit", "offset", "sort"]);
    expect(list.properties.filter!.description).toMatch(/\(.*\bname, .*\bengagedParty\b.*\)/);
    expect(list.properties.limit!.maximum).toBe(1000);

    const create = byName.get("create_payment")!.inputSchema as unknown as {
      required: string[];
      properties: Record<string, unknown>;
      $defs: Record<string, { properties: Record<string, unknown> }>;
    };
    expect(create.required.sort()).toEqual(["account", "paymentMethod", "totalAmount"]); // TMF676's Payment_Create
    expect(create.properties.totalAmount).toMatchObject({ $ref: "#/$defs/Money" });
    expect(create.$defs.Money!.properties.value).toMatchObject({ type: ["number", "string"] });
    expect(create.properties).not.toHaveProperty("id");

    const patch = byName.get("patch_customer")!.inputSchema as unknown as {
      required: string[];
      properties: { patch: { required?: unknown; properties: object } };
    };
    expect(patch.required).toEqual(["id", "patch"]);
    expect(patch.properties.patch.required).toBeUndefined();
    expect(patch.properties.patch.properties).toHaveProperty("name");
    const hints = (name: string) => byName.get(name)!.annotations;
    expect(hints("list_customer")).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: false });
    expect(hints("retrieve_customer")).toMatchObject({ title: "Retrieve Customer", readOnlyHint: true, idempotentHint: true });
    expect(hints("create_customer")).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false });
    expect(hints("patch_customer")).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: true });
    expect(hints("delete_customer")).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: true });
    expect(byName.get("patch_customer")!.title).toBe("Patch Customer");
    expect(writer.getInstructions()).toMatch(/TMF629 \/tmf-api\/customerManagement\/v4.*TMF676 \/tmf-api\/paymentManagement\/v4/);
    expect(writer.getServerVersion()).toMatchObject({ name: "tmf-graphql-gateway" });
  });
});

describe("round trips", () => {
  it("a customer: create, retrieve, patch, list with filters and fields — the TMF JSON REST returns", async () => {
    const created = await callTool(writer, "create_customer", {
      name: "Mcp Ada",
      engagedParty: { id: "ind-1", name: "Ada", "@referredType": "Individual" },
    });
    expect(created.result?.isError).toBeFalsy();
    const customer = created.result!.structuredContent as { id: string; href: string; name: string };
    expect(customer).toMatchObject({ name: "Mcp Ada", "@type": "Customer" });
    expect(customer.href).toBe(`${server.url}${CUSTOMERS}/${customer.id}`);

    const retrieved = await callTool(writer, "retrieve_customer", { id: customer.id });
    const viaRest = await rest("GET", `${CUSTOMERS}/${customer.id}`);
    expect(retrieved.result!.structuredContent).toEqual(viaRest.body);
    expect(JSON.parse((retrieved.result!.content as { text: string }[])[0]!.text)).toEqual(viaRest.body);

    const patched = await callTool(writer, "patch_customer", { id: customer.id, patch: { name: "Mcp Ada Lovelace", statusReason: "patched" } });
    expect(patched.result!.structuredContent).toMatchObject({ id: customer.id, name: "Mcp Ada Lovelace", statusReason: "patched" });

    const listed = await callTool(writer, "list_customer", { filter: { name: "Mcp Ada Lovelace" }, fields: "name,statusReason" });
    const listedRest = await rest("GET", `${CUSTOMERS}?name=Mcp%20Ada%20Lovelace&fields=name,statusReason`);
    expect(listed.result!.structuredContent).toEqual({ items: listedRest.body, totalCount: 1 });
    expect((listedRest.body as Record<string, unknown>[])[0]).not.toHaveProperty("engagedParty"); // `fields` projects

    const one = await callTool(writer, "retrieve_customer", { id: customer.id, fields: "name" });
    expect(Object.keys(one.result!.structuredContent!).sort()).toEqual(Object.keys((await rest("GET", `${CUSTOMERS}/${customer.id}?fields=name`)).body).sort());

    expect((await callTool(writer, "delete_customer", { id: customer.id })).result!.isError).toBeFalsy();
    expect(tmfErrorOf(await callTool(writer, "retrieve_customer", { id: customer.id }))).toMatchObject({ code: "NOT_FOUND", status: "404" });
  });

  it("a payment, money exact (decimal strings in structured content, exact numbers in the text)", async () => {
    const customer = await rest("POST", CUSTOMERS, { name: "Payer", engagedParty: { id: "org-1", name: "Payer", "@referredType": "Organization" } });
    const account = await rest("POST", "/tmf-api/accountManagement/v4/billingAccount", {
      name: "Payer main",
      relatedParty: [{ id: customer.body.id, name: "Payer", role: "customer", "@referredType": "Customer" }],
    });
    expect(account.status).toBe(201);
    const created = await callTool(writer, "create_payment", {
      account: { id: account.body.id },
      paymentMethod: { id: "pm-1", name: "card", "@type": "PaymentMethodRef" },
      totalAmount: { unit: "EUR", value: "1234567890123456.78" },
    });
    expect(created.result?.isError, JSON.stringify(created)).toBeFalsy();
    const payment = created.result!.structuredContent as { id: string; totalAmount: { value: string } };
    expect(payment.totalAmount).toEqual({ unit: "EUR", value: "1234567890123456.78" });
    expect((created.result!.content as { text: string }[])[0]!.text).toContain('"value":1234567890123456.78');

    const retrieved = await callTool(writer, "retrieve_payment", { id: payment.id, fields: "totalAmount" });
    const restText = await (await fetch(`${server.url}${PAYMENTS}/${payment.id}?fields=totalAmount`, { headers: WRITER })).text();
    expect((retrieved.result!.content as { text: string }[])[0]!.text).toBe(restText);

    const listed = await callTool(writer, "list_payment", { filter: { "account.id": account.body.id, "totalAmount.value.gt": "1234567890123456.7" } });
    expect((listed.result!.structuredContent as { items: { id: string }[] }).items.map((p) => p.id)).toEqual([payment.id]);
  });

  it("pages: the next page's position from a list's answer", async () => {
    for (const name of ["Page A", "Page B", "Page C"]) {
      await rest("POST", CUSTOMERS, { name, engagedParty: { id: "org-p", name, "@referredType": "Organization" } });
    }
    const first = await callTool(writer, "list_customer", { filter: { "name.regex": "^Page " }, sort: "name", limit: 2, fields: "name" });
    const page = first.result!.structuredContent as { items: { name: string }[]; totalCount: number; nextCursor?: string; nextOffset?: number };
    expect(page.items.map((c) => c.name)).toEqual(["Page A", "Page B"]);
    expect(page.totalCount).toBe(3);
    const position = page.nextCursor !== undefined ? { cursor: page.nextCursor } : { offset: page.nextOffset };
    const second = await callTool(writer, "list_customer", { filter: { "name.regex": "^Page " }, sort: "name", limit: 2, fields: "name", ...position });
    expect((second.result!.structuredContent as { items: { name: string }[] }).items.map((c) => c.name)).toEqual(["Page C"]);
  });
});

describe("refusals", () => {
  it("no credential: 401 before any message is read; a refused key too", async () => {
    await expect(mcpClient(server.url)).rejects.toMatchObject({ code: 401 });
    await expect(mcpClient(server.url, { "x-api-key": "not-a-key-0123456789" })).rejects.toMatchObject({ code: 401 });
  });

  it("API keys only: the 401 asks for one (no OAuth protected resource metadata: 404)", async () => {
    const refused = await fetch(`${server.url}/mcp`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe('ApiKey header="X-API-Key"');
    expect(await refused.json()).toMatchObject({ code: "UNAUTHENTICATED", status: "401" });
    for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });

  it("a missing scope: an error result carrying the TMF error", async () => {
    const reader = await mcpClient(server.url, { "x-api-key": key("reader") });
    expect(tmfErrorOf(await callTool(reader, "list_payment", {}))).toMatchObject({ code: "FORBIDDEN", status: "403" });
    expect((await callTool(reader, "list_customer", { limit: 1 })).result!.isError).toBeFalsy();
    await reader.close();
  });

  it("bad input: an error result with a 4xx TMF error, never a 500", async () => {
    const cases: [string, Record<string, unknown>][] = [
      ["create_customer", { name: "No party", unknown: 1 }],
      ["create_customer", { name: 42 }],
      ["create_payment", { account: { id: "x" }, paymentMethod: { id: "p" }, totalAmount: { unit: "EUR", value: "1.234567" } }],
      ["list_customer", { filter: { nosuch: "x" } }],
      ["list_customer", { filter: { limit: "1" } }],
      ["list_customer", { limit: 5000 }],
      ["list_customer", { sort: "nosuch" }],
      ["list_customer", { fields: "nam" }],
      ["list_customer", { filter: "name=x" }],
      ["retrieve_customer", {}],
      ["patch_customer", { id: "00000000-0000-0000-0000-000000000000", patch: { name: "x" } }],
      ["patch_customer", { id: "x", patch: [] }],
    ];
    for (const [tool, args] of cases) {
      const error = tmfErrorOf(await callTool(writer, tool, args));
      expect(Number(error.status), `${tool} ${JSON.stringify(args)}: ${JSON.stringify(error)}`).toBeGreaterThanOrEqual(400);
      expect(Number(error.status), `${tool} ${JSON.stringify(args)}: ${JSON.stringify(error)}`).toBeLessThan(500);
      expect(error.message.length).toBeGreaterThan(5);
    }
    await expect(writer.callTool({ name: "no_such_tool", arguments: {} })).rejects.toThrow(/Unknown tool/);
  });

  it("the rate limit: refused with 429 once the key's requests are spent", async () => {
    const client = await mcpClient(server.url, { "x-api-key": key("rate") });
    const outcomes = [];
    for (let i = 0; i < RATE; i++) outcomes.push(await callTool(client, "list_customer", { limit: 1, fields: "name" }));
    const refused = outcomes.filter((o) => o.refused);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.refused!.status).toBe(429);
    expect(outcomes.slice(0, RATE - 5).every((o) => o.result && !o.result.isError)).toBe(true);
    await client.close();
  });

  it("a body over BODY_LIMIT: 413", async () => {
    const outcome = await callTool(writer, "create_customer", { name: "Big", description: "x".repeat(70_000) });
    expect(outcome.refused?.status).toBe(413);
  });

  it("GET and DELETE /mcp: 405 (stateless: no event stream, no session); a batch: 400", async () => {
    for (const method of ["GET", "DELETE"]) {
      const response = await fetch(`${server.url}/mcp`, { method, headers: { ...WRITER, accept: "text/event-stream" } });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    }
    const batch = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { ...WRITER, accept: "application/json, text/event-stream", "content-type": "application/json" },
      body: JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "tools/list" }]),
    });
    expect(batch.status).toBe(400);
    expect(() => refusal(new Error("plain"))).toThrow("plain");
  });
});

describe("MCP=false", () => {
  it("removes /mcp: a 404, the REST routes as they are", async () => {
    const off = await startTestServer({ AUTH: "false", MCP: "false" }, server.db);
    try {
      expect((await off.request("POST", "/mcp", { jsonrpc: "2.0", id: 1, method: "tools/list" })).status).toBe(404);
      expect((await off.request("GET", `${CUSTOMERS}?limit=1`)).status).toBe(200);
      expect(off.app.gateway.policy.carriers.has("mcp")).toBe(false);
    } finally {
      await off.close();
    }
  });
});
