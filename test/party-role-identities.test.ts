import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realmRolesBearer } from "./support/tokens.js";
import { startTestServer, type TestServer } from "./support/server.js";

// A token's roles (Keycloak's realm_access.roles) grant what the security function's party roles
// (TMF669) say they grant: an operator maps a role to scopes through the API, and every carrier's
// next request obeys; ROLE_SCOPES answers only for the roles the party roles do not know.

const SECRET = "party-role-identities-secret-0123456789";
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const ROLES = "/tmf-api/partyRoleManagement/v4/partyRole";
const OPERATOR = { "x-api-key": "operator-key-0123456789" };

let server: TestServer;

const bearer = (roles: string[]) => realmRolesBearer(SECRET, roles);

/** The status of a customer list with these roles, once it is `expected` (party-role changes reach the map through NOTIFY). */
async function listsWith(roles: string[], expected: number): Promise<void> {
  let status = 0;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    status = (await server.request("GET", `${CUSTOMERS}?limit=1`, undefined, await bearer(roles))).status;
    if (status === expected) return;
  }
  expect(status).toBe(expected);
}

beforeAll(async () => {
  server = await startTestServer({
    AUTH: "true",
    JWT_SECRET: SECRET,
    // The operator grants customer:read: it holds it (a principal grants only scopes it holds, party-role-grants.test.ts).
    API_KEYS: JSON.stringify([{ name: "operator", key: OPERATOR["x-api-key"], scopes: ["partyRole:read", "partyRole:write", "customer:read"] }]),
    ROLE_SCOPES: JSON.stringify({ "legacy-reader": ["customer:read"], clerk: ["customer:write"] }),
    PARTY_ROLES_REFRESH_MS: "3600000",
  });
});
afterAll(() => server?.close());

describe("party roles grant a token's roles their scopes", () => {
  it("an operator maps a role to customer:read: its holders read, not write, until the role changes", async () => {
    await listsWith(["clerk"], 403); // ROLE_SCOPES' clerk writes, it does not read
    const created = await server.request("POST", ROLES, { name: "clerk", characteristic: [{ name: "scope", value: "customer:read" }] }, OPERATOR);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await listsWith(["clerk"], 200); // the party role now decides for clerk
    const write = await server.request("POST", CUSTOMERS, { name: "x", engagedParty: { id: "p", "@referredType": "Individual" } }, await bearer(["clerk"]));
    expect(write.status).toBe(403);
    const gql = await server.request("POST", "/graphql", { query: "{ customers(limit: 1) { id } }" }, await bearer(["clerk"]));
    expect(gql.body.errors).toBeUndefined();

    expect((await server.request("PATCH", `${ROLES}/${created.body.id}`, { status: "Suspended" }, OPERATOR)).status).toBe(200);
    await listsWith(["clerk"], 403);
  });

  it("a suspended party role grants nothing, even for a name that is a scope or that ROLE_SCOPES maps", async () => {
    const seeded = (await server.request("GET", `${ROLES}?name=customer:read`, undefined, OPERATOR)).body[0];
    await listsWith(["customer:read"], 200);
    expect((await server.request("PATCH", `${ROLES}/${seeded.id}`, { status: "Suspended" }, OPERATOR)).status).toBe(200);
    await listsWith(["customer:read"], 403); // not granted by the role's name once its party role says no
    expect((await server.request("PATCH", `${ROLES}/${seeded.id}`, { status: "Active" }, OPERATOR)).status).toBe(200);
    await listsWith(["customer:read"], 200);
    await listsWith(["legacy-reader"], 200);
    const shadow = await server.request("POST", ROLES, { name: "legacy-reader", status: "Suspended", characteristic: [] }, OPERATOR);
    expect(shadow.status).toBe(201);
    await listsWith(["legacy-reader"], 403);
    expect((await server.request("DELETE", `${ROLES}/${shadow.body.id}`, undefined, OPERATOR)).status).toBe(204);
  });

  it("the controller role (Admin) grants every scope; a role only ROLE_SCOPES knows keeps its scopes", async () => {
    const admin = await server.request(
      "POST",
      CUSTOMERS,
      { name: "By Admin", engagedParty: { id: "p", "@referredType": "Individual" } },
      await bearer(["Admin"]),
    );
    expect(admin.status, JSON.stringify(admin.body)).toBe(201);
    await listsWith(["legacy-reader"], 200);
    await listsWith(["nobody-knows-me"], 403);
  });
});
