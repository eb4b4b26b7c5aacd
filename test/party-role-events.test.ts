import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReceivedEvent, startListener } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Party roles are each ODA Component's own (a partition of the one table): so are their events. A
// hub or a subscription on one component's party role API hears its roles' events, not another's,
// though every component's events go through the one outbox of the one database.

const ROLES = "/tmf-api/partyRoleManagement/v4/partyRole";
const HUB = "/tmf-api/partyRoleManagement/v4/hub";
const OPERATOR = { "x-api-key": "operator-key-0123456789" };

const env = (component: string) => ({
  ODA_COMPONENT: component,
  AUTH: "true",
  API_KEYS: JSON.stringify([{ name: "operator", key: OPERATOR["x-api-key"], scopes: ["partyRole:read", "partyRole:write"] }]),
  PARTY_ROLES_REFRESH_MS: "3600000",
  EVENTS_POLL_MS: "50",
  EVENTS_RETRY_BASE_MS: "50",
  EVENTS_RETRY_MAX_MS: "200",
});

let payments: TestServer; // TMFC029
let customers: TestServer; // X-TMF629, on the same database
let bills: TestServer; // TMFC031, on the same database

beforeAll(async () => {
  payments = await startTestServer(env("TMFC029"));
  customers = await startTestServer(env("X-TMF629"), payments.db);
  bills = await startTestServer(env("TMFC031"), payments.db);
});
afterAll(async () => {
  await bills?.close();
  await customers?.close();
  await payments?.close();
});

const role = (name: string) => ({ name, characteristic: [{ name: "scope", value: "partyRole:read" }] });

/** Creates, changes (an attribute, then the status) and deletes a role at `server`; its id. */
async function lifeOfRole(server: TestServer, name: string): Promise<string> {
  const created = await server.request("POST", ROLES, role(name), OPERATOR);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  expect((await server.request("PATCH", `${ROLES}/${id}`, { name: `${name} renamed` }, OPERATOR)).status).toBe(200);
  expect((await server.request("PATCH", `${ROLES}/${id}`, { status: "Suspended" }, OPERATOR)).status).toBe(200);
  expect((await server.request("DELETE", `${ROLES}/${id}`, undefined, OPERATOR)).status).toBe(204);
  return id;
}

const LIFE = ["PartyRoleCreateEvent", "PartyRoleAttributeValueChangeEvent", "PartyRoleStateChangeEvent", "PartyRoleDeleteEvent"];

async function eventsOf(received: ReceivedEvent[], id: string): Promise<string[]> {
  const of = () => received.filter((e) => e.event.partyRole?.id === id).map((e) => e.eventType);
  for (const deadline = Date.now() + 10_000; of().length < LIFE.length && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
  return of();
}

describe("party role events per ODA Component", () => {
  it("a hub on one component's party role API hears its roles' events only; another component does not see that hub", async () => {
    const paymentsListener = await startListener();
    const customersListener = await startListener();
    try {
      const paymentsHub = await payments.request("POST", HUB, { callback: paymentsListener.url }, OPERATOR);
      const customersHub = await customers.request("POST", HUB, { callback: customersListener.url }, OPERATOR);
      expect(paymentsHub.status).toBe(201);
      expect(customersHub.status).toBe(201);

      const customersRole = await lifeOfRole(customers, "watched");
      const paymentsRole = await lifeOfRole(payments, "watched");
      expect(await eventsOf(paymentsListener.received, paymentsRole)).toEqual(LIFE);
      expect(await eventsOf(customersListener.received, customersRole)).toEqual(LIFE);

      // Fanned out once for every hub: a delivery of another component's event would exist by now.
      const { rows } = (await payments.db.pool.query(
        `SELECT h.partition AS hub, e.partition AS event, count(*)::int AS n FROM delivery d JOIN hub h ON h.id = d."hubId" JOIN event e ON e.id = d."eventId"
         WHERE d."hubId" = ANY($1::uuid[]) GROUP BY 1, 2 ORDER BY 1`,
        [[paymentsHub.body.id, customersHub.body.id]],
      )) as { rows: { hub: string; event: string }[] };
      expect(rows.map(({ hub, event }) => [hub, event])).toEqual([
        ["TMFC029", "TMFC029"],
        ["X-TMF629", "X-TMF629"],
      ]);
      const names = (received: ReceivedEvent[]) => [...new Set(received.map((e) => String(e.event.partyRole?.name)))].sort();
      expect(names(paymentsListener.received)).toEqual(["watched", "watched renamed"]);
      expect(names(customersListener.received)).toEqual(["watched", "watched renamed"]);
      expect(paymentsListener.received.map((e) => e.event.partyRole?.id)).not.toContain(customersRole);
      expect(customersListener.received.map((e) => e.event.partyRole?.id)).not.toContain(paymentsRole);

      // Another component's hub of the API does not exist here.
      const other = `${HUB}/${paymentsHub.body.id}`;
      expect((await customers.request("GET", other, undefined, OPERATOR)).status).toBe(404);
      expect((await customers.request("DELETE", other, undefined, OPERATOR)).status).toBe(404);
      expect((await payments.request("GET", other, undefined, OPERATOR)).status).toBe(200);
      expect((await payments.request("DELETE", other, undefined, OPERATOR)).status).toBe(204);
      expect((await customers.request("DELETE", `${HUB}/${customersHub.body.id}`, undefined, OPERATOR)).status).toBe(204);
    } finally {
      await paymentsListener.close();
      await customersListener.close();
    }
  });

  it("a partyRoleChanged subscription hears its own component's roles, not another's", async () => {
    const mine = (await payments.request("POST", ROLES, role("subscribed"), OPERATOR)).body.id as string;
    const theirs = (await customers.request("POST", ROLES, role("subscribed"), OPERATOR)).body.id as string;
    const client = createClient({
      url: `${payments.url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      connectionParams: OPERATOR,
    });
    try {
      const received = new Promise<{ id: string; status: string }>((resolve, reject) => {
        client.subscribe<{ partyRoleChanged: { id: string; status: string } }>(
          { query: "subscription { partyRoleChanged { id status } }" },
          {
            next: (m) => {
              if (m.errors) return reject(new Error(JSON.stringify(m.errors)));
              const changed = m.data!.partyRoleChanged;
              if (changed.id !== mine) reject(new Error(`another component's role: ${JSON.stringify(changed)}`));
              else resolve(changed);
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
      // The other component's change commits (and is notified) first: were it delivered, it would come first.
      expect((await customers.request("PATCH", `${ROLES}/${theirs}`, { status: "Suspended" }, OPERATOR)).status).toBe(200);
      expect((await payments.request("PATCH", `${ROLES}/${mine}`, { status: "Suspended" }, OPERATOR)).status).toBe(200);
      expect(await received).toEqual({ id: mine, status: "Suspended" });
    } finally {
      await client.dispose();
    }
  });

  it("seeds the roles of the Component's own scopes: TMFC031's are bill's and the security function's", async () => {
    const list = await bills.request("GET", `${ROLES}?limit=100&fields=name`, undefined, OPERATOR);
    expect(list.status).toBe(200);
    const names = (list.body as { name: string }[]).map((r) => r.name).sort();
    expect(names).toEqual(["Admin", "bill:read", "bill:write", "hub:admin", "partyRole:read", "partyRole:write"]);
    expect(names.filter((name) => name.startsWith("customer:"))).toEqual([]);
  });
});
