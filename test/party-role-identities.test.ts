import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realmRolesBearer } from "./support/tokens.js";
import { startTestServer, type TestServer } from "./support/server.js";

// A token's roles (Keycloak's realm_access.roles) grant what the security function's party roles
// (TMF669) say they grant: an operator maps a role to scopes through the API, and every carrier's
// next request obeys. ROLE_SCOPES is the operator's: it decides for the roles it maps, which no
// party role may be named as (a role editor could otherwise rewrite or revoke them).

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

const env = {
  AUTH: "true",
  JWT_SECRET: SECRET,
  // The operator grants customer:read: it holds it (a principal grants only scopes it holds, party-role-grants.test.ts).
  API_KEYS: JSON.stringify([{ name: "operator", key: OPERATOR["x-api-key"], scopes: ["partyRole:read", "partyRole:write", "customer:read"] }]),
  // hub:admin is also the name of a seeded role (one per scope of the Component's roles): ROLE_SCOPES' decides, none is seeded.
  ROLE_SCOPES: JSON.stringify({ "legacy-reader": ["customer:read"], clerk: ["customer:write"], "hub:admin": ["hub:admin"] }),
  PARTY_ROLES_REFRESH_MS: "3600000",
};

beforeAll(async () => {
  server = await startTestServer(env);
});
afterAll(() => server?.close());

describe("party roles grant a token's roles their scopes", () => {
  it("an operator maps a role to customer:read: its holders read, not write, until the role changes", async () => {
    await listsWith(["teller"], 403);
    const created = await server.request("POST", ROLES, { name: "teller", characteristic: [{ name: "scope", value: "customer:read" }] }, OPERATOR);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await listsWith(["teller"], 200);
    const write = await server.request("POST", CUSTOMERS, { name: "x", engagedParty: { id: "p", "@referredType": "Individual" } }, await bearer(["teller"]));
    expect(write.status).toBe(403);
    const gql = await server.request("POST", "/graphql", { query: "{ customers(limit: 1) { id } }" }, await bearer(["teller"]));
    expect(gql.body.errors).toBeUndefined();

    expect((await server.request("PATCH", `${ROLES}/${created.body.id}`, { status: "Suspended" }, OPERATOR)).status).toBe(200);
    await listsWith(["teller"], 403);
  });

  it("no party role takes the name of a role ROLE_SCOPES maps: create, rename and GraphQL are 409s naming it; its scopes stay ROLE_SCOPES'", async () => {
    const refused = await server.request("POST", ROLES, { name: "clerk", characteristic: [{ name: "scope", value: "customer:read" }] }, OPERATOR);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ "@type": "Error", code: "CONFLICT", reason: "Role mapped by ROLE_SCOPES" });
    expect(refused.body.message).toMatch(/^'clerk' is a role ROLE_SCOPES maps/);
    // Revoking it through a suspended role of its name is refused too.
    expect((await server.request("POST", ROLES, { name: "legacy-reader", status: "Suspended", characteristic: [] }, OPERATOR)).status).toBe(409);
    const other = await server.request("POST", ROLES, { name: "cashier", characteristic: [] }, OPERATOR);
    expect(other.status).toBe(201);
    const renamed = await server.request("PATCH", `${ROLES}/${other.body.id}`, { name: "legacy-reader" }, OPERATOR);
    expect(renamed.status).toBe(409);
    expect(renamed.body.reason).toBe("Role mapped by ROLE_SCOPES");
    const gql = await server.request("POST", "/graphql", { query: 'mutation { createPartyRole(input: { name: "clerk" }) { id } }' }, OPERATOR);
    expect(gql.body.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const names = (await server.request("GET", `${ROLES}?limit=100&fields=name`, undefined, OPERATOR)).body as { name: string }[];
    expect(names.map((role) => role.name)).not.toContain("clerk");
    expect(names.map((role) => role.name)).not.toContain("legacy-reader");
    expect(names.map((role) => role.name)).toEqual(expect.arrayContaining(["Admin", "customer:read", "partyRole:write"]));
    expect(names.map((role) => role.name)).not.toContain("hub:admin");
    await listsWith(["legacy-reader"], 200);
    await listsWith(["clerk"], 403); // ROLE_SCOPES' clerk writes, it does not read
  });

  it("a party role already named as a role ROLE_SCOPES now maps grants nothing: ROLE_SCOPES wins, never merged", async () => {
    const auditor = await server.request("POST", ROLES, { name: "auditor", characteristic: [{ name: "scope", value: "customer:read" }] }, OPERATOR);
    expect(auditor.status).toBe(201);
    await listsWith(["auditor"], 200);
    // Another instance on the same database whose ROLE_SCOPES maps auditor to customer:write only.
    const reconfigured = await startTestServer({ ...env, ROLE_SCOPES: JSON.stringify({ auditor: ["customer:write"] }) }, server.db);
    try {
      const token = await bearer(["auditor"]);
      expect((await reconfigured.request("GET", `${CUSTOMERS}?limit=1`, undefined, token)).status).toBe(403);
      const write = await reconfigured.request("POST", CUSTOMERS, { name: "a", engagedParty: { id: "p", "@referredType": "Individual" } }, token);
      expect(write.status, JSON.stringify(write.body)).toBe(201);
      const status = await reconfigured.request("PATCH", `${ROLES}/${auditor.body.id}`, { status: "Suspended" }, OPERATOR);
      expect(status.status).toBe(409); // rename or delete it
      expect((await reconfigured.request("PATCH", `${ROLES}/${auditor.body.id}`, { name: "reviewer" }, OPERATOR)).status).toBe(200);
    } finally {
      await reconfigured.close();
    }
  });

  it("a suspended party role grants nothing, even for a name that is a scope", async () => {
    const seeded = (await server.request("GET", `${ROLES}?name=customer:read`, undefined, OPERATOR)).body[0];
    await listsWith(["customer:read"], 200);
    expect((await server.request("PATCH", `${ROLES}/${seeded.id}`, { status: "Suspended" }, OPERATOR)).status).toBe(200);
    await listsWith(["customer:read"], 403); // not granted by the role's name once its party role says no
    expect((await server.request("PATCH", `${ROLES}/${seeded.id}`, { status: "Active" }, OPERATOR)).status).toBe(200);
    await listsWith(["customer:read"], 200);
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
