import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knownScopes } from "../src/auth/scopes.js";
import { PartyRoleScopes } from "../src/modules/party-role/party-role-scopes.js";
import { TMF_APIS } from "../src/modules/registry.js";
import { startListener } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";

// TMF669 Party Role v4.0.0, the security function: CRUD on REST and GraphQL against the CTK's
// schema (read with an ajv of the test's own), the scopes a role names checked against the
// gateway's, the seeded roles and the undeletable controller role, the role → scopes map
// (PartyRoleScopes) following every write, and the bound on the number of roles.

const SET = "specs/TMF669-v4.0.0-ctk-schemas";
const API = "/tmf-api/partyRoleManagement/v4";
const ROLES = `${API}/partyRole`;
const FAST_EVENTS = { EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200", EVENTS_TIMEOUT_MS: "2000" };
const MAX = 40;

const ajv = new Ajv({ allErrors: true, strict: false });
const { $schema: _dialect, ...partyRoleSchema } = JSON.parse(readFileSync(`${SET}/PartyRole.schema.json`, "utf8"));
const valid = ajv.compile(partyRoleSchema);
const example = JSON.parse(readFileSync(`${SET}/PartyRole.example.json`, "utf8")) as Record<string, unknown>;
const scope = (value: unknown) => ({ name: "scope", value });

let server: TestServer;
const roleScopes = () => server.app.gateway.roleScopes!;

/** Waits until the map answers `expected` for `role` (it follows writes through NOTIFY). */
async function mapSays(role: string, expected: readonly string[] | undefined) {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if (JSON.stringify(roleScopes().scopesOf(role)) === JSON.stringify(expected)) return;
  }
  expect(roleScopes().scopesOf(role)).toEqual(expected);
}

beforeAll(async () => {
  // A refresh period longer than the test: only the change notices can update the map.
  server = await startTestServer({ ...FAST_EVENTS, CONTROLLER_ROLE: "CanvasAdmin", PARTY_ROLES_MAX: String(MAX), PARTY_ROLES_REFRESH_MS: "3600000" });
});
afterAll(() => server?.close());

describe("seeded roles", () => {
  it("the controller role (CONTROLLER_ROLE) grants every scope; one role per read and write scope of each API served", async () => {
    expect(roleScopes().scopesOf("CanvasAdmin")).toEqual(["*"]);
    const apiScopes = new Set([...TMF_APIS.values()].map((api) => api.scope));
    for (const api of apiScopes) {
      expect(roleScopes().scopesOf(`${api}:read`)).toEqual([`${api}:read`]);
      expect(roleScopes().scopesOf(`${api}:write`)).toEqual([`${api}:write`]);
    }
    expect(apiScopes).toContain("partyRole");
    const listed = await server.request("GET", `${ROLES}?name=CanvasAdmin`);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0]).toMatchObject({ name: "CanvasAdmin", status: "Active", characteristic: [{ name: "scope", value: "*" }] });
    expect(valid(listed.body[0])).toBe(true);
  });

  it("seeding again (another instance starting) creates nothing, and never re-creates a seeded role an operator deleted or changed", async () => {
    const reader = await server.request("GET", `${ROLES}?name=customer:read`);
    const id = reader.body[0].id;
    expect((await server.request("PATCH", `${ROLES}/${id}`, { characteristic: [scope("customer:read"), scope("bill:read")] })).status).toBe(200);
    const writer = (await server.request("GET", `${ROLES}?name=customer:write`)).body[0];
    expect((await server.request("DELETE", `${ROLES}/${writer.id}`)).status).toBe(204);
    const service = server.app.gateway.services.partyRoles;
    const twice = await Promise.all([service.seed(server.url), service.seed(server.url)]);
    expect(twice).toEqual([[], []]);
    expect((await server.request("GET", `${ROLES}?name=customer:write`)).body).toEqual([]);
    expect((await server.request("GET", `${ROLES}/${id}`)).body.characteristic).toHaveLength(2);
  });

  it("two instances seeding a name neither has seeded create its role once", async () => {
    const account = (await server.request("GET", `${ROLES}?name=account:read`)).body[0];
    expect((await server.request("DELETE", `${ROLES}/${account.id}`)).status).toBe(204);
    await server.db.pool.query("DELETE FROM party_role_seed WHERE name = 'account:read'");
    const service = server.app.gateway.services.partyRoles;
    const role = [{ name: "account:read", scopes: ["account:read"] }];
    const [a, b] = await Promise.all([service.seed(server.url, role), service.seed(server.url, role)]);
    expect([...a, ...b]).toEqual(["account:read"]);
    const listed = await server.request("GET", `${ROLES}?name=account:read`);
    expect(listed.body).toHaveLength(1);
    expect(listed.body[0].characteristic).toEqual([{ name: "scope", valueType: "string", value: "account:read" }]);
    await mapSays("account:read", ["account:read"]);
  });

  it("deleting the controller role is a 409 with a TMF error saying why; renaming it too", async () => {
    const admin = (await server.request("GET", `${ROLES}?name=CanvasAdmin`)).body[0];
    const refused = await server.request("DELETE", `${ROLES}/${admin.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ "@type": "Error", code: "CONFLICT", status: "409", reason: "Controller role" });
    expect(refused.body.message).toContain("CONTROLLER_ROLE");
    const gql = await server.graphql(`mutation { deletePartyRole(id: "${admin.id}") }`);
    expect(gql.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const renamed = await server.request("PATCH", `${ROLES}/${admin.id}`, { name: "Other" });
    expect(renamed.status).toBe(409);
    expect((await server.request("GET", `${ROLES}/${admin.id}`)).status).toBe(200);
    expect(roleScopes().scopesOf("CanvasAdmin")).toEqual(["*"]);
  });
});

describe("TMF669 PartyRole on REST", () => {
  it("the CTK's example: POST → 201, GET by id and in the list, fields, filter by name, valid against PartyRole.schema.json", async () => {
    const created = await server.request("POST", ROLES, example);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ ...example, href: `${server.url}${ROLES}/${created.body.id}` });
    expect(valid(created.body)).toBe(true);
    const got = await server.request("GET", `${ROLES}/${created.body.id}`);
    expect(got.body).toEqual(created.body);
    const byName = await server.request("GET", `${ROLES}?name=${example.name}&fields=name`);
    expect(byName.body).toEqual([{ id: created.body.id, href: created.body.href, name: example.name }]);
    const page = await server.request("GET", `${ROLES}?fields=name&limit=2&offset=1`);
    expect(page.body).toHaveLength(2);
    expect(Number(page.headers.get("x-total-count"))).toBeGreaterThan(2);
    expect((await server.request("GET", `${ROLES}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it("name is mandatory; a name is one role; a scope must be one of the gateway's", async () => {
    const noName = await server.request("POST", ROLES, { characteristic: [scope("customer:read")] });
    expect(noName.status).toBe(400);
    expect(noName.body.message).toContain("name");
    const first = await server.request("POST", ROLES, { name: "Twice" });
    expect(first.status).toBe(201);
    const twice = await server.request("POST", ROLES, { name: "Twice" });
    expect(twice.status).toBe(409);
    expect(twice.body.reason).toBe("Duplicate party role");
    const typo = await server.request("POST", ROLES, { name: "Typo", characteristic: [scope("customer:reed")] });
    expect(typo.status).toBe(400);
    expect(typo.body.message).toContain('"customer:reed"');
    expect(typo.body.message).toContain("known scopes: ");
    const notText = await server.request("POST", ROLES, { name: "Typo", characteristic: [scope(["customer:read"])] });
    expect(notText.status).toBe(400);
    const patched = await server.request("PATCH", `${ROLES}/${first.body.id}`, { characteristic: [scope("payments:write")] });
    expect(patched.status).toBe(400);
    // Every scope the gateway knows is accepted, other characteristics are kept and grant nothing.
    const all = [...knownScopes([...TMF_APIS.values()].map((api) => api.scope))];
    const every = await server.request("POST", ROLES, { name: "Everything", characteristic: [...all.map(scope), { name: "colour", value: "blue" }] });
    expect(every.status).toBe(201);
    await mapSays("Everything", all);
  });

  it("PATCH merges; DELETE → 204, then 404", async () => {
    const created = await server.request("POST", ROLES, {
      name: "Auditor",
      characteristic: [scope("bill:read")],
      validFor: { startDateTime: "2020-01-01T00:00:00.000Z" },
    });
    const patched = await server.request("PATCH", `${ROLES}/${created.body.id}`, { statusReason: "yearly audit" });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Auditor", statusReason: "yearly audit", characteristic: [{ name: "scope", value: "bill:read" }] });
    expect((await server.request("DELETE", `${ROLES}/${created.body.id}`)).status).toBe(204);
    expect((await server.request("GET", `${ROLES}/${created.body.id}`)).status).toBe(404);
    expect((await server.request("DELETE", `${ROLES}/${created.body.id}`)).status).toBe(404);
  });
});

describe("the role → scopes map (PartyRoleScopes) follows every write", () => {
  it("after POST, PATCH (scopes, status, validFor, name) and DELETE", async () => {
    const created = await server.request("POST", ROLES, { name: "Biller", characteristic: [scope("bill:read"), scope("bill:write")] });
    await mapSays("Biller", ["bill:read", "bill:write"]);
    const id = created.body.id;
    await server.request("PATCH", `${ROLES}/${id}`, { characteristic: [scope("bill:read")] });
    await mapSays("Biller", ["bill:read"]);
    // An inactive role still decides for its name: it grants nothing (not what ROLE_SCOPES would).
    await server.request("PATCH", `${ROLES}/${id}`, { status: "Suspended" });
    await mapSays("Biller", []);
    await server.request("PATCH", `${ROLES}/${id}`, { status: "Active", validFor: { endDateTime: "2020-01-01T00:00:00.000Z" } });
    await mapSays("Biller", []);
    await server.request("PATCH", `${ROLES}/${id}`, { validFor: { startDateTime: "2020-01-01T00:00:00.000Z", endDateTime: "2999-01-01T00:00:00.000Z" } });
    await mapSays("Biller", ["bill:read"]);
    await server.request("PATCH", `${ROLES}/${id}`, { name: "Billing" });
    await mapSays("Billing", ["bill:read"]);
    expect(roleScopes().scopesOf("Biller")).toBeUndefined();
    await server.request("DELETE", `${ROLES}/${id}`);
    await mapSays("Billing", undefined);
  });

  it("a change made by another instance reaches it (NOTIFY), and a role not yet valid grants nothing", async () => {
    const other = await startTestServer(FAST_EVENTS, server.db);
    try {
      await other.request("POST", ROLES, { name: "FromAnother", characteristic: [scope("payment:read")] });
      await mapSays("FromAnother", ["payment:read"]);
      await other.request("POST", ROLES, { name: "Later", characteristic: [scope("payment:read")], validFor: { startDateTime: "2999-01-01T00:00:00.000Z" } });
      await roleScopes().refresh();
      expect(roleScopes().names()).toContain("Later");
      expect(roleScopes().scopesOf("Later")).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe("PartyRoleScopes on its own", () => {
  it("holds at most maxRoles roles, the oldest, says so, and starts and stops", async () => {
    const pool = server.db.pool;
    const sql = { query: async (text: string, values?: readonly unknown[]) => (await pool.query(text, values as unknown[])).rows };
    const said: string[] = [];
    const three = new PartyRoleScopes(sql, pool, { maxRoles: 3, refreshMs: 3_600_000 }, (message) => said.push(message));
    await three.start();
    try {
      // The three oldest (the seeded ones), as the class orders them, less any not active.
      const { rows } = (await pool.query(`SELECT name, status FROM party_role ORDER BY "createdAt", id LIMIT 3`)) as {
        rows: { name: string; status: string | null }[];
      };
      expect(three.names()).toEqual(rows.filter((r) => r.status == null || r.status.toLowerCase() === "active").map((r) => r.name));
      expect(three.names().length).toBeGreaterThan(0);
      expect(said.join("\n")).toContain("more than PARTY_ROLES_MAX=3 roles");
      // It hears changes as the gateway's own does.
      const loads = three.loads;
      await server.request("POST", ROLES, { name: "Heard", characteristic: [scope("customer:read")] });
      for (const deadline = Date.now() + 10_000; three.loads === loads && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      expect(three.loads).toBeGreaterThan(loads);
    } finally {
      await three.stop();
    }
  });
});

describe("what the map reads of a role", () => {
  it("its scopes, never its other characteristics (a role may hold up to BODY_LIMIT of them)", async () => {
    const long = "x".repeat(9_000);
    const notes = Array.from({ length: 30 }, (_, i) => ({ name: `note ${i}`, value: long }));
    const created = await server.request("POST", ROLES, {
      name: "Bulky",
      characteristic: [...notes, { name: "scope", valueType: "string", value: "bill:read" }, scope("bill:write")],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const pool = server.db.pool;
    let bytes = 0;
    const sql = {
      query: async (text: string, values?: readonly unknown[]) => {
        const { rows } = await pool.query(text, values as unknown[]);
        bytes += JSON.stringify(rows).length;
        return rows;
      },
    };
    const map = new PartyRoleScopes(sql, pool, { maxRoles: MAX, refreshMs: 3_600_000 });
    await map.refresh();
    expect(map.scopesOf("Bulky")).toEqual(["bill:read", "bill:write"]);
    expect(bytes).toBeLessThan(30 * 9_000);
    expect(bytes).toBeLessThan(50_000);
    expect((await server.request("DELETE", `${ROLES}/${created.body.id}`)).status).toBe(204);
  });
});

describe("TMF669 in GraphQL", () => {
  it("partyRole(id), partyRoles with a filter, create/update/delete mutations, and the same scope check", async () => {
    const created = await server.graphql<{ createPartyRole: { id: string; href: string; name: string } }>(
      `mutation { createPartyRole(input: { name: "GQL role", characteristic: [{ name: "scope", value: "customer:read" }] }) { id href name } }`,
    );
    expect(created.errors).toBeUndefined();
    const { id, href } = created.data!.createPartyRole;
    expect(href).toBe(`${server.url}${ROLES}/${id}`);
    const list = await server.graphql<{ partyRoles: { id: string }[] }>(`{ partyRoles(filter: { name: { eq: "GQL role" } }) { id } }`);
    expect(list.data!.partyRoles).toEqual([{ id }]);
    const updated = await server.graphql<{ updatePartyRole: { statusReason: string } }>(
      `mutation { updatePartyRole(id: "${id}", patch: { statusReason: "via GraphQL" }) { statusReason } }`,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updatePartyRole.statusReason).toBe("via GraphQL");
    const typo = await server.graphql(`mutation { updatePartyRole(id: "${id}", patch: { characteristic: [{ name: "scope", value: "nope" }] }) { id } }`);
    expect(typo.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const deleted = await server.graphql(`mutation { deletePartyRole(id: "${id}") }`);
    expect(deleted.errors).toBeUndefined();
    const one = await server.graphql<{ partyRole: unknown }>(`{ partyRole(id: "${id}") { id } }`);
    expect(one.data?.partyRole ?? null).toBeNull();
  });
});

describe("TMF669 hub and events", () => {
  it("a listener on the partyRoleManagement hub hears Create, AttributeValueChange, StateChange and Delete", async () => {
    const listener = await startListener();
    try {
      const hub = await server.request("POST", `${API}/hub`, { callback: listener.url });
      expect(hub.status).toBe(201);
      const created = await server.request("POST", ROLES, { name: "Evented", characteristic: [scope("customer:read")] });
      const changed = await server.request("PATCH", `${ROLES}/${created.body.id}`, { statusReason: "why not" });
      const state = await server.request("PATCH", `${ROLES}/${created.body.id}`, { status: "Suspended" });
      expect((await server.request("DELETE", `${ROLES}/${created.body.id}`)).status).toBe(204);
      // Events of the roles the tests before wrote may still be fanned out to a hub registered since: this role's only.
      const ours = () => listener.received.filter((e) => (e.event.partyRole as { id?: string } | undefined)?.id === created.body.id);
      const distinct = () => [...new Map(ours().map((e) => [e.eventId, e])).values()];
      for (const deadline = Date.now() + 20_000; distinct().length < 4 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      const events = distinct();
      expect(events.map((e) => e.eventType)).toEqual([
        "PartyRoleCreateEvent",
        "PartyRoleAttributeValueChangeEvent",
        "PartyRoleStateChangeEvent",
        "PartyRoleDeleteEvent",
      ]);
      expect(events[0]!.event.partyRole).toEqual(created.body);
      expect(events[1]!.event.partyRole).toEqual(changed.body);
      expect(events[2]!.event.partyRole).toEqual(state.body);
      expect((await server.request("DELETE", `${API}/hub/${hub.body.id}`)).status).toBe(204);
    } finally {
      await listener.close();
    }
  });
});

describe("the bound (PARTY_ROLES_MAX)", () => {
  it("a create beyond the maximum is a 409 saying so; after a delete one fits again", async () => {
    const { rows } = (await server.db.pool.query("SELECT count(*)::int AS n FROM party_role")) as { rows: { n: number }[] };
    const ids: string[] = [];
    for (let i = rows[0]!.n; i < MAX; i++) ids.push((await server.request("POST", ROLES, { name: `Filler ${i}` })).body.id);
    const beyond = await server.request("POST", ROLES, { name: "One too many" });
    expect(beyond.status).toBe(409);
    expect(beyond.body).toMatchObject({ reason: "Too many party roles" });
    expect(beyond.body.message).toContain(`PARTY_ROLES_MAX=${MAX}`);
    expect((await server.request("DELETE", `${ROLES}/${ids[0]}`)).status).toBe(204);
    expect((await server.request("POST", ROLES, { name: "One too many" })).status).toBe(201);
  });
});
