import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { OAuthProtectedResourceMetadataSchema } from "@modelcontextprotocol/sdk/shared/auth.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OidcIssuer, secretOf } from "./support/oidc-issuer.js";
import { startTestServer, type TestServer } from "./support/server.js";

// MCP authorization (spec 2025-06-18): /mcp as an OAuth 2.0 protected resource (RFC 9728) when its
// bearer tokens come from an issuer — a real OpenID provider on loopback — and the SDK's own client
// finding its way from a 401 to a token and back.

const READER = { id: "mcp-agent", realmRoles: ["customer-reader"], authMethod: "client_secret_basic" as const };
const METADATA = "/.well-known/oauth-protected-resource";

const OPS = { "x-api-key": "ops-key-0123456789abcdef" };

let issuer: OidcIssuer;
let server: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  issuer = await OidcIssuer.start([READER]);
  env = {
    AUTH: "true",
    JWT_ISSUER: issuer.issuer,
    OIDC_DISCOVERY: "true",
    JWT_AUDIENCE: "account",
    ROLE_SCOPES: JSON.stringify({ "customer-reader": ["customer:read"] }),
    API_KEYS: JSON.stringify([{ name: "ops", key: OPS["x-api-key"], scopes: ["*"] }]),
    AUTH_FAILURES_MAX: "0",
    EVENTS_DISPATCHER: "false",
  };
  server = await startTestServer(env);
});
afterAll(async () => {
  await server?.close();
  await issuer?.close();
});

const post = (headers: Record<string, string> = {}) =>
  fetch(`${server.url}/mcp`, {
    method: "POST",
    headers: { accept: "application/json, text/event-stream", "content-type": "application/json", ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
  });

describe("the protected resource metadata (RFC 9728)", () => {
  it("is public and cacheable, at the root and path-suffixed form, naming /mcp, the issuer and the scopes", async () => {
    for (const path of [METADATA, `${METADATA}/mcp`]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
      const metadata = OAuthProtectedResourceMetadataSchema.parse(await response.json());
      expect(metadata).toMatchObject({ resource: `${server.url}/mcp`, authorization_servers: [issuer.issuer], bearer_methods_supported: ["header"] });
      // Exactly the scopes the tools need: read and write of each TMF API served (TMF666, 678, 629, 669, 676, 670); no hub:admin
      // (no tool registers hubs) and no wildcard (`*`, `<api>:*` grant those scopes, they are not asked for).
      const apis = ["account", "bill", "customer", "partyRole", "payment", "paymentMethod"];
      expect([...metadata.scopes_supported!].sort()).toEqual(apis.flatMap((api) => [`${api}:read`, `${api}:write`]).sort());
    }
  });

  it("an ODA Component's deployment lists its own APIs' scopes, each one a role of its security function (the Canvas' client roles)", async () => {
    const payments = await startTestServer({ ...env, ODA_COMPONENT: "TMFC029" }, server.db);
    try {
      const { scopes_supported: scopes } = OAuthProtectedResourceMetadataSchema.parse(await (await fetch(`${payments.url}${METADATA}/mcp`)).json());
      const expected = ["payment:read", "payment:write", "paymentMethod:read", "paymentMethod:write", "partyRole:read", "partyRole:write"];
      expect([...scopes!].sort()).toEqual(expected.sort());
      const roles = await payments.request("GET", "/tmf-api/partyRoleManagement/v4/partyRole?limit=100&fields=name", undefined, OPS);
      expect((roles.body as { name: string }[]).map((role) => role.name)).toEqual(expect.arrayContaining(expected));
      const tools = await payments.request(
        "POST",
        "/mcp",
        { jsonrpc: "2.0", id: 1, method: "tools/list" },
        { ...OPS, accept: "application/json, text/event-stream" },
      );
      const names = (tools.body as { result: { tools: { name: string }[] } }).result.tools.map((tool) => tool.name);
      // A write tool of each API listed with its write scope.
      expect(names).toEqual(expect.arrayContaining(["create_payment", "create_paymentMethod", "create_partyRole"]));
    } finally {
      await payments.close();
    }
  });

  it("names the base every href has: a trusted proxy's forwarded host", async () => {
    const response = await fetch(`${server.url}${METADATA}/mcp`, { headers: { "x-forwarded-host": "mcp.example.com", "x-forwarded-proto": "https" } });
    expect((await response.json()).resource).toBe("https://mcp.example.com/mcp");
  });
});

describe("a 401 on /mcp", () => {
  it("points at the metadata (WWW-Authenticate: Bearer resource_metadata), its body the TMF Error", async () => {
    const response = await post();
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${server.url}${METADATA}/mcp"`);
    expect(await response.json()).toMatchObject({ code: "UNAUTHENTICATED", status: "401" });
    const get = await fetch(`${server.url}/mcp`, { headers: { accept: "text/event-stream" } });
    expect(get.status).toBe(401);
    expect(get.headers.get("www-authenticate")).toMatch(/^Bearer resource_metadata=/);
  });

  it("says error=\"invalid_token\" when a bearer token was refused; an API key's refusal is no token's", async () => {
    const refused = await post({ authorization: "Bearer not.a.token" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${server.url}${METADATA}/mcp", error="invalid_token"`);
    const key = await post({ "x-api-key": "not-a-key-0123456789" });
    expect(key.status).toBe(401);
    expect(key.headers.get("www-authenticate")).not.toMatch(/invalid_token/);
  });

  it("is /mcp's alone: REST's 401 is as it was", async () => {
    const rest = await fetch(`${server.url}/tmf-api/customerManagement/v4/customer`);
    expect(rest.status).toBe(401);
    expect(rest.headers.get("www-authenticate")).toBeNull();
  });
});

describe("the SDK's client", () => {
  it("goes from the 401 to the metadata, the issuer's token (client credentials) and the tools, with the token's scopes", async () => {
    const provider = new ClientCredentialsProvider({ clientId: READER.id, clientSecret: secretOf(READER.id), expectedIssuer: issuer.issuer });
    const client = new Client({ name: "oauth-agent", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { authProvider: provider }));
    try {
      expect(provider.tokens()?.access_token).toBeTruthy();
      const listed = await client.callTool({ name: "list_customer", arguments: { limit: 1, fields: "name" } });
      expect(listed.isError).toBeFalsy();
      const refused = await client.callTool({ name: "list_payment", arguments: {} });
      expect(refused.structuredContent).toMatchObject({ code: "FORBIDDEN", status: "403" });
    } finally {
      await client.close();
    }
  });
});
