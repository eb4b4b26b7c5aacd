import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, mcpClient, tmfErrorOf } from "./support/mcp.js";
import { realmRolesBearer } from "./support/tokens.js";
import { startTestServer, type TestServer } from "./support/server.js";

// A principal grants only scopes it holds (TMF669, the security function): writing a party role
// (create, any change, delete) needs holding every scope it names, before and after the change,
// whatever its status or validFor. Else 403 naming the scopes lacking, on REST, GraphQL and MCP;
// so `partyRole:write` alone can no longer mint `*` for a role its own token carries.

const SECRET = "party-role-grants-secret-0123456789abcdef";
const ROLES = "/tmf-api/partyRoleManagement/v4/partyRole";
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const KEYS = {
  rolesOnly: ["partyRole:read", "partyRole:write"],
  customerManager: ["partyRole:*", "customer:*"],
  hubber: ["partyRole:*", "hub:*"],
  root: ["*"],
};
type Who = keyof typeof KEYS;
const keyOf = (who: Who) => `${who}-key-0123456789abcdef`;
const as = (who: Who) => ({ "x-api-key": keyOf(who) });
const scope = (value: string) => ({ name: "scope", value });

let server: TestServer;

const bearer = (roles: string[]) => realmRolesBearer(SECRET, roles, "escalator");

/** A role the root principal (`*`) writes, for another to try. */
async function roleByRoot(body: Record<string, unknown>): Promise<{ id: string }> {
  const created = await server.request("POST", ROLES, body, as("root"));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

function expectForbidden(answer: { status: number; body: { code?: string; message?: string; "@type"?: string } }, lacking: string[]) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(403);
  expect(answer.body).toMatchObject({ "@type": "Error", code: "FORBIDDEN", status: "403" });
  expect(answer.body.message).toContain(`Missing scope(s): ${lacking.join(", ")}:`);
}

beforeAll(async () => {
  server = await startTestServer({
    AUTH: "true",
    JWT_SECRET: SECRET,
    API_KEYS: JSON.stringify(Object.entries(KEYS).map(([name, scopes]) => ({ name, key: keyOf(name as Who), scopes }))),
    ROLE_SCOPES: JSON.stringify({ "role-editor": ["partyRole:read", "partyRole:write"] }),
    PARTY_ROLES_REFRESH_MS: "3600000",
  });
});
afterAll(() => server?.close());

describe("creating a role grants only the writer's scopes", () => {
  it("partyRole:write alone creates roles granting nothing or its own scopes; `*` or another API's scope is a 403 naming them", async () => {
    expect((await server.request("POST", ROLES, { name: "Nothing" }, as("rolesOnly"))).status).toBe(201);
    expect((await server.request("POST", ROLES, { name: "Role reader", characteristic: [scope("partyRole:read")] }, as("rolesOnly"))).status).toBe(201);
    expectForbidden(await server.request("POST", ROLES, { name: "Mint", characteristic: [scope("*")] }, as("rolesOnly")), ["*"]);
    const mixed = await server.request(
      "POST",
      ROLES,
      { name: "Mixed", characteristic: [scope("partyRole:read"), scope("customer:read"), scope("hub:admin")] },
      as("rolesOnly"),
    );
    expectForbidden(mixed, ["customer:read", "hub:admin"]);
    expect((await server.request("GET", `${ROLES}?name=Mint`, undefined, as("root"))).body).toEqual([]);
    expect((await server.request("GET", `${ROLES}?name=Mixed`, undefined, as("root"))).body).toEqual([]);
  });

  it("`<api>:*` covers its API's scopes and itself, not another API's nor `*`; `hub:*` covers hub:admin", async () => {
    const own = [scope("customer:read"), scope("customer:write"), scope("customer:*"), scope("partyRole:*")];
    expect((await server.request("POST", ROLES, { name: "Customer desk", characteristic: own }, as("customerManager"))).status).toBe(201);
    expectForbidden(
      await server.request("POST", ROLES, { name: "Payer", characteristic: [scope("customer:read"), scope("payment:read")] }, as("customerManager")),
      ["payment:read"],
    );
    expectForbidden(await server.request("POST", ROLES, { name: "All", characteristic: [scope("*")] }, as("customerManager")), ["*"]);
    expect((await server.request("POST", ROLES, { name: "Hub admins", characteristic: [scope("hub:admin")] }, as("hubber"))).status).toBe(201);
    expectForbidden(await server.request("POST", ROLES, { name: "Hub admin 2", characteristic: [scope("hub:admin")] }, as("customerManager")), ["hub:admin"]);
  });

  it("the escalation closed: a token whose role may write party roles cannot make its other role grant `*`", async () => {
    const token = await bearer(["role-editor", "mint"]);
    expect((await server.request("GET", `${CUSTOMERS}?limit=1`, undefined, token)).status).toBe(403);
    const minted = await server.request("POST", ROLES, { name: "mint", characteristic: [scope("*")] }, token);
    expectForbidden(minted, ["*"]);
    // Nor by creating the role harmless, then patching the grant in.
    const harmless = await server.request("POST", ROLES, { name: "mint" }, token);
    expect(harmless.status).toBe(201);
    expectForbidden(await server.request("PATCH", `${ROLES}/${harmless.body.id}`, { characteristic: [scope("customer:read")] }, token), ["customer:read"]);
    await server.app.gateway.roleScopes!.refresh();
    expect((await server.request("GET", `${CUSTOMERS}?limit=1`, undefined, token)).status).toBe(403);
  });
});

describe("changing or deleting a role needs every scope it names, before and after", () => {
  it("a merge patch adding a scope the writer lacks is refused, the role unchanged; one it holds passes", async () => {
    const created = await server.request("POST", ROLES, { name: "Growing", characteristic: [scope("customer:read")] }, as("customerManager"));
    const id = created.body.id;
    expectForbidden(await server.request("PATCH", `${ROLES}/${id}`, { characteristic: [scope("customer:read"), scope("bill:read")] }, as("customerManager")), [
      "bill:read",
    ]);
    expect((await server.request("GET", `${ROLES}/${id}`, undefined, as("root"))).body.characteristic).toEqual([
      expect.objectContaining({ value: "customer:read" }),
    ]);
    const grown = await server.request("PATCH", `${ROLES}/${id}`, { characteristic: [scope("customer:read"), scope("customer:write")] }, as("customerManager"));
    expect(grown.status).toBe(200);
  });

  it("re-activating a suspended role, extending its validFor, renaming it or changing its text: each needs its scopes", async () => {
    const { id } = await roleByRoot({
      name: "Payments dormant",
      status: "Suspended",
      validFor: { endDateTime: "2020-01-01T00:00:00.000Z" },
      characteristic: [scope("payment:write")],
    });
    for (const patch of [
      { status: "Active" },
      { validFor: { endDateTime: "2999-01-01T00:00:00.000Z" } },
      { name: "Payments renamed" },
      { statusReason: "just a note" },
      { characteristic: [] },
    ]) {
      expectForbidden(await server.request("PATCH", `${ROLES}/${id}`, patch, as("customerManager")), ["payment:write"]);
    }
    const stored = (await server.request("GET", `${ROLES}/${id}`, undefined, as("root"))).body;
    expect(stored).toMatchObject({ name: "Payments dormant", status: "Suspended", validFor: { endDateTime: "2020-01-01T00:00:00.000Z" } });
    expect((await server.request("PATCH", `${ROLES}/${id}`, { status: "Active" }, as("root"))).status).toBe(200);
  });

  it("the controller role (`*`): only a `*` holder suspends, empties or deletes it (403 before the 409)", async () => {
    const admin = (await server.request("GET", `${ROLES}?name=Admin`, undefined, as("root"))).body[0];
    expectForbidden(await server.request("PATCH", `${ROLES}/${admin.id}`, { status: "Suspended" }, as("customerManager")), ["*"]);
    expectForbidden(await server.request("PATCH", `${ROLES}/${admin.id}`, { characteristic: [] }, as("rolesOnly")), ["*"]);
    expectForbidden(await server.request("DELETE", `${ROLES}/${admin.id}`, undefined, as("customerManager")), ["*"]);
    expect((await server.request("DELETE", `${ROLES}/${admin.id}`, undefined, as("root"))).status).toBe(409);
    expect(server.app.gateway.roleScopes!.scopesOf("Admin")).toEqual(["*"]);
  });

  it("deleting a role whose scopes the writer lacks is a 403; one it holds, a 204", async () => {
    const { id } = await roleByRoot({ name: "Billing clerks", characteristic: [scope("bill:read")] });
    expectForbidden(await server.request("DELETE", `${ROLES}/${id}`, undefined, as("customerManager")), ["bill:read"]);
    expect((await server.request("GET", `${ROLES}/${id}`, undefined, as("root"))).status).toBe(200);
    const own = await server.request("POST", ROLES, { name: "Short lived", characteristic: [scope("customer:read")] }, as("customerManager"));
    expect((await server.request("DELETE", `${ROLES}/${own.body.id}`, undefined, as("customerManager"))).status).toBe(204);
  });
});

describe("on every carrier", () => {
  it("GraphQL: FORBIDDEN naming the scopes lacking, for create, update and delete", async () => {
    const gql = async (query: string) => (await server.request("POST", "/graphql", { query }, as("rolesOnly"))).body;
    const created = await gql(`mutation { createPartyRole(input: { name: "G", characteristic: [{ name: "scope", value: "payment:read" }] }) { id } }`);
    expect(created.errors?.[0]).toMatchObject({ extensions: { code: "FORBIDDEN" }, message: expect.stringContaining("Missing scope(s): payment:read:") });
    const { id } = await roleByRoot({ name: "G2", characteristic: [scope("payment:read")] });
    const updated = await gql(`mutation { updatePartyRole(id: "${id}", patch: { status: "Suspended" }) { id } }`);
    expect(updated.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const deleted = await gql(`mutation { deletePartyRole(id: "${id}") }`);
    expect(deleted.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await server.request("GET", `${ROLES}/${id}`, undefined, as("root"))).body.status).toBeUndefined();
  });

  it("MCP: the tools' TMF Error is a 403 naming them", async () => {
    const client = await mcpClient(server.url, as("rolesOnly"));
    try {
      const outcome = await callTool(client, "create_partyRole", { name: "Via MCP", characteristic: [scope("*")] });
      expect(tmfErrorOf(outcome)).toMatchObject({ code: "FORBIDDEN", status: "403", message: expect.stringContaining("Missing scope(s): *:") });
      const { id } = await roleByRoot({ name: "MCP target", characteristic: [scope("customer:read")] });
      const patched = await callTool(client, "patch_partyRole", { id, patch: { status: "Suspended" } });
      expect(tmfErrorOf(patched)).toMatchObject({ code: "FORBIDDEN", status: "403" });
    } finally {
      await client.close();
    }
  });
});
