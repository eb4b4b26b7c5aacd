import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADVISORY_LOCKS } from "../src/db/transaction.js";
import { realmRolesBearer } from "./support/tokens.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Each ODA Component's security function holds its own party roles, in the one table the
// deployments of every component share: a role of another component does not exist here (404),
// names do not clash, and a token's role grants through its own component's roles only.

const SECRET = "party-role-components-secret-0123456789";
const ROLES = "/tmf-api/partyRoleManagement/v4/partyRole";
const OPERATOR = { "x-api-key": "operator-key-0123456789" };
const MAX = 20;

const env = (component: string) => ({
  ODA_COMPONENT: component,
  AUTH: "true",
  JWT_SECRET: SECRET,
  API_KEYS: JSON.stringify([{ name: "operator", key: OPERATOR["x-api-key"], scopes: ["partyRole:read", "partyRole:write"] }]),
  PARTY_ROLES_MAX: String(MAX),
  PARTY_ROLES_REFRESH_MS: "3600000",
});

let payments: TestServer; // TMFC029
let customers: TestServer; // X-TMF629, on the same database

const bearer = (roles: string[]) => realmRolesBearer(SECRET, roles);

/** The names of a server's roles (its security function's). */
async function names(server: TestServer): Promise<string[]> {
  const list = await server.request("GET", `${ROLES}?limit=100&fields=name`, undefined, OPERATOR);
  expect(list.status).toBe(200);
  return (list.body as { name: string }[]).map((role) => role.name).sort();
}

/** The status of a party role list with these token roles at `server`, once it is `expected` (changes reach the map through NOTIFY). */
async function listsWith(server: TestServer, roles: string[], expected: number): Promise<void> {
  let status = 0;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    status = (await server.request("GET", `${ROLES}?limit=1`, undefined, await bearer(roles))).status;
    if (status === expected) return;
  }
  expect(status).toBe(expected);
}

const role = (name: string, scopes: string[] = []) => ({ name, characteristic: scopes.map((value) => ({ name: "scope", value })) });

beforeAll(async () => {
  payments = await startTestServer(env("TMFC029"));
  customers = await startTestServer(env("X-TMF629"), payments.db);
});
afterAll(async () => {
  await customers?.close();
  await payments?.close();
});

describe("party roles per ODA Component", () => {
  it("seeds each component's roles in its own security function", async () => {
    // Each seeds its Component's roles (the controller role, one per scope of the APIs it serves and of
    // the security function, hub:admin), each its own rows.
    const shared = ["Admin", "hub:admin", "partyRole:read", "partyRole:write"];
    expect(await names(payments)).toEqual([...shared, "payment:read", "payment:write", "paymentMethod:read", "paymentMethod:write"].sort());
    expect(await names(customers)).toEqual([...shared, "customer:read", "customer:write"].sort());
    const ids = async (server: TestServer) =>
      ((await server.request("GET", `${ROLES}?limit=100&fields=id`, undefined, OPERATOR)).body as { id: string }[]).map((r) => r.id);
    const paymentIds = await ids(payments);
    expect((await ids(customers)).filter((id) => paymentIds.includes(id))).toEqual([]);
    const { rows } = (await payments.db.pool.query(
      `SELECT "securityFunction", count(*)::int AS n FROM party_role WHERE name = 'Admin' GROUP BY 1 ORDER BY 1`,
    )) as { rows: { securityFunction: string; n: number }[] };
    expect(rows).toEqual([
      { securityFunction: "TMFC029", n: 1 },
      { securityFunction: "X-TMF629", n: 1 },
    ]);
  });

  it("creates the same name in both (201 each); each lists, reads and changes only its own; another's is a 404", async () => {
    const inPayments = await payments.request("POST", ROLES, role("clerk"), OPERATOR);
    const inCustomers = await customers.request("POST", ROLES, role("clerk"), OPERATOR);
    expect(inPayments.status, JSON.stringify(inPayments.body)).toBe(201);
    expect(inCustomers.status, JSON.stringify(inCustomers.body)).toBe(201);
    expect((await payments.request("POST", ROLES, role("clerk"), OPERATOR)).status).toBe(409); // unique in its function still

    const listed = await payments.request("GET", `${ROLES}?name=clerk`, undefined, OPERATOR);
    expect((listed.body as { id: string }[]).map((r) => r.id)).toEqual([inPayments.body.id]);
    expect(listed.headers.get("x-total-count")).toBe("1");
    const other = `${ROLES}/${inCustomers.body.id}`;
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { status: "Suspended" }],
      ["DELETE", undefined],
    ] as const) {
      const refused = await payments.request(method, other, body, OPERATOR);
      expect(refused.status, method).toBe(404);
      expect(refused.body["@type"], method).toBe("Error");
    }
    const byGraphql = await payments.request("POST", "/graphql", { query: `{ partyRole(id: "${inCustomers.body.id}") { name } }` }, OPERATOR);
    expect(byGraphql.body.errors).toBeUndefined();
    expect(byGraphql.body.data.partyRole).toBeNull(); // as an id no role has
    const mineByGraphql = await payments.request("POST", "/graphql", { query: `{ partyRole(id: "${inPayments.body.id}") { name } }` }, OPERATOR);
    expect(mineByGraphql.body.data.partyRole).toEqual({ name: "clerk" });
    expect((await customers.request("GET", other, undefined, OPERATOR)).body.status).toBeUndefined(); // untouched

    // A rename to a name another component holds is no clash either.
    const renamed = await customers.request("POST", ROLES, role("teller"), OPERATOR);
    expect((await payments.request("POST", ROLES, role("teller"), OPERATOR)).status).toBe(201);
    expect((await customers.request("PATCH", `${ROLES}/${renamed.body.id}`, { name: "cashier" }, OPERATOR)).status).toBe(200);
  });

  it("a delete in one component leaves the other's role of that name", async () => {
    const mine = (await payments.request("POST", ROLES, role("auditor"), OPERATOR)).body;
    const theirs = (await customers.request("POST", ROLES, role("auditor"), OPERATOR)).body;
    expect((await payments.request("DELETE", `${ROLES}/${mine.id}`, undefined, OPERATOR)).status).toBe(204);
    expect(await names(payments)).not.toContain("auditor");
    expect((await customers.request("GET", `${ROLES}/${theirs.id}`, undefined, OPERATOR)).status).toBe(200);
    // A seeded role too: deleting TMFC029's partyRole:read leaves X-TMF629's.
    const seeded = (await payments.request("GET", `${ROLES}?name=partyRole:read`, undefined, OPERATOR)).body[0];
    expect((await payments.request("DELETE", `${ROLES}/${seeded.id}`, undefined, OPERATOR)).status).toBe(204);
    expect(await names(customers)).toContain("partyRole:read");
  });

  it("a token's role grants through its own component's roles only", async () => {
    await listsWith(payments, ["viewer"], 403);
    const viewer = await payments.request("POST", ROLES, role("viewer", ["partyRole:read"]), OPERATOR);
    expect(viewer.status, JSON.stringify(viewer.body)).toBe(201);
    await listsWith(payments, ["viewer"], 200);
    await listsWith(customers, ["viewer"], 403); // X-TMF629 has no role viewer

    // Same name, other grants: each component's map follows its own role (and its own NOTIFY).
    expect((await customers.request("POST", ROLES, role("viewer", []), OPERATOR)).status).toBe(201);
    await listsWith(customers, ["viewer"], 403);
    expect((await payments.request("PATCH", `${ROLES}/${viewer.body.id}`, { status: "Suspended" }, OPERATOR)).status).toBe(200);
    await listsWith(payments, ["viewer"], 403);
    expect(customers.app.gateway.roleScopes!.scopesOf("viewer")).toEqual([]);
  });

  it("another replica of a component (its id in any case) holds the same roles and seeds none again", async () => {
    const replica = await startTestServer(env("tmfc029"), payments.db);
    try {
      expect(await names(replica)).toEqual(await names(payments));
      expect(await names(replica)).not.toContain("partyRole:read"); // deleted above, not seeded again
    } finally {
      await replica.close();
    }
  });

  it("a create waits only for the creates of its own security function (the lock bounding its roles is per function)", async () => {
    const holder = await payments.db.pool.connect();
    try {
      // An open create of TMFC029's, as far as the lock goes.
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [ADVISORY_LOCKS.partyRoles, "TMFC029"]);
      const theirs = await customers.request("POST", ROLES, role("not-waiting"), OPERATOR);
      expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
      let settled = false;
      const mine = payments.request("POST", ROLES, role("waiting"), OPERATOR).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false);
      await holder.query("COMMIT");
      expect((await mine).status).toBe(201);
    } finally {
      holder.release();
    }
  });

  it("during a rolling upgrade, a create waits for an open create of an instance from before per-function locks", async () => {
    const holder = await payments.db.pool.connect();
    try {
      // Such an instance takes one lock for every security function, exclusively.
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock($1)", [ADVISORY_LOCKS.partyRolesBeforePerFunction]);
      let settled = 0;
      const creates = [
        payments.request("POST", ROLES, role("after-the-old-one"), OPERATOR),
        customers.request("POST", ROLES, role("after-the-old-one"), OPERATOR),
      ].map((c) => c.finally(() => settled++));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(0);
      await holder.query("COMMIT");
      expect((await Promise.all(creates)).map((r) => r.status)).toEqual([201, 201]);
    } finally {
      holder.release();
    }
  });

  it("bounds each component's roles (PARTY_ROLES_MAX per security function), under concurrent creates too", async () => {
    const held = (await names(payments)).length;
    const room = MAX - held;
    expect(room).toBeGreaterThan(2);
    // At once: more creates than room, and creates granting a scope the operator does not hold.
    const attempts = [
      ...Array.from({ length: room + 4 }, (_, i) => ({ name: `filler-${i}`, scopes: [] as string[] })),
      ...Array.from({ length: 4 }, (_, i) => ({ name: `grabber-${i}`, scopes: ["payment:write"] })),
    ];
    const answers = await Promise.all(attempts.map((attempt) => payments.request("POST", ROLES, role(attempt.name, attempt.scopes), OPERATOR)));
    const statuses = (prefix: string) => answers.filter((_, i) => attempts[i]!.name.startsWith(prefix)).map((answer) => answer.status);
    expect(statuses("grabber")).toEqual([403, 403, 403, 403]); // a principal grants only scopes it holds
    expect(statuses("filler").filter((status) => status === 201)).toHaveLength(room);
    expect(statuses("filler").filter((status) => status === 409)).toHaveLength(4);
    const now = await names(payments);
    expect(now).toHaveLength(MAX);
    expect(now.filter((name) => name.startsWith("grabber"))).toEqual([]);
    const beyond = await payments.request("POST", ROLES, role("one-too-many"), OPERATOR);
    expect(beyond.status).toBe(409);
    expect(beyond.body).toMatchObject({ reason: "Too many party roles" });
    expect(beyond.body.message).toContain("TMFC029");
    expect((await names(customers)).length).toBeLessThan(MAX);
    expect((await customers.request("POST", ROLES, role("one-too-many"), OPERATOR)).status).toBe(201);
  });
});
