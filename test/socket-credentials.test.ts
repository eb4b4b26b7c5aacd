import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestServer, type TestServer } from "./support/server.js";

// A graphql-ws socket authenticates once, at connection_init, but does not keep what it was given:
// it is closed when its bearer token expires (4403: the client reconnects with a fresh token), and
// each operation — and each event of a running subscription — is authorized with the scopes the
// token's roles grant now, through the party roles (TMF669) as an operator has just changed them.

const SECRET = "socket-credentials-secret-0123456789";
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const ROLES = "/tmf-api/partyRoleManagement/v4/partyRole";
// May write party roles naming customer:read or customer:write: it holds both (a writer grants only what it holds).
const OPERATOR = { "x-api-key": "operator-key-0123456789" };

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    AUTH: "true",
    JWT_SECRET: SECRET,
    JWT_CLOCK_TOLERANCE_S: "0",
    API_KEYS: JSON.stringify([
      { name: "operator", key: OPERATOR["x-api-key"], scopes: ["partyRole:read", "partyRole:write", "customer:read", "customer:write"] },
    ]),
    PARTY_ROLES_REFRESH_MS: "3600000",
  });
});
afterAll(() => server?.close());

async function token(roles: string[], expiresAt: number | string): Promise<string> {
  return new SignJWT({ realm_access: { roles } })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(`user-${roles.join("-")}`)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(SECRET));
}

type Message = {
  id?: string;
  type: string;
  payload?: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
};

/** A graphql-transport-ws connection, spoken as its messages: what the server sent, and how it closed. */
class Socket {
  readonly messages: Message[] = [];
  closed?: { code: number; reason: string; at: number };
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.messages.push(JSON.parse(String(data)) as Message);
      for (const wake of this.waiters) wake();
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString(), at: Date.now() };
      for (const wake of this.waiters) wake();
    });
  }

  static async open(params: Record<string, string>): Promise<Socket> {
    const socket = new Socket(new WebSocket(`${server.url.replace("http", "ws")}/graphql`, "graphql-transport-ws"));
    await new Promise((resolve, reject) => socket.ws.once("open", resolve).once("error", reject));
    socket.ws.send(JSON.stringify({ type: "connection_init", payload: params }));
    await socket.until(() => socket.messages.some((m) => m.type === "connection_ack"));
    return socket;
  }

  subscribe(id: string, query: string): void {
    this.ws.send(JSON.stringify({ id, type: "subscribe", payload: { query } }));
  }

  /** The messages of operation `id` once `done` holds of them. */
  async of(id: string, done: (messages: Message[]) => boolean = (m) => m.some((x) => x.type !== "next" || x.payload?.errors)): Promise<Message[]> {
    const mine = () => this.messages.filter((m) => m.id === id);
    await this.until(() => done(mine()));
    return mine();
  }

  until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (done()) {
          this.waiters.delete(check);
          clearInterval(poll);
          clearTimeout(timer);
          resolve();
        } else if (this.closed) {
          this.waiters.delete(check);
          clearInterval(poll);
          clearTimeout(timer);
          reject(new Error(`socket closed ${this.closed.code} ${this.closed.reason}; got ${JSON.stringify(this.messages)}`));
        }
      };
      // Woken by the socket, and every 20 ms for what changes on the server's side.
      const poll = setInterval(check, 20);
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        clearInterval(poll);
        reject(new Error(`timed out; got ${JSON.stringify(this.messages)}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.ws.close();
  }
}

const codesOf = (messages: Message[]) =>
  messages
    .flatMap((m) => (m.type === "error" ? (m.payload as unknown as Message["payload"][]) : [m.payload]))
    .flatMap((p) => p?.errors?.map((e) => e.extensions?.code) ?? []);

/** Waits until the party roles were reloaded past `loads` (a change reaches the map through NOTIFY). */
async function reloadedAfter(loads: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if (server.app.gateway.roleScopes!.loads > loads) return;
  }
  throw new Error("the party roles were not reloaded");
}

describe("a graphql-ws socket does not outlive its credential", () => {
  it("is closed 4403 when its bearer token expires, with subscriptions running; an API key's socket stays open", async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const shortLived = await token(["customer:read"], exp);
    const socket = await Socket.open({ Authorization: `Bearer ${shortLived}` });
    const keyed = await Socket.open(OPERATOR);
    socket.subscribe("watch", `subscription { customerChanged { id } }`);
    socket.subscribe("read", `{ customers(limit: 1) { id } }`);
    expect(codesOf(await socket.of("read", (m) => m.some((x) => x.type === "complete")))).toEqual([]);

    await socket.until(() => socket.closed !== undefined, 5_000);
    expect(socket.closed).toMatchObject({ code: 4403, reason: "Bearer token has expired: connect again with a fresh one" });
    expect(socket.closed!.at).toBeGreaterThanOrEqual(exp * 1000);
    expect(socket.closed!.at).toBeLessThan(exp * 1000 + 1_000);

    // The API key's socket runs operations past that instant: keys do not expire.
    keyed.subscribe("read", `{ customers(limit: 1) { id } }`);
    expect(codesOf(await keyed.of("read", (m) => m.some((x) => x.type === "complete")))).toEqual([]);
    expect(keyed.closed).toBeUndefined();
    keyed.close();

    // Connecting again with the expired token is refused as at first: the same 4403, from the authenticator.
    const again = new WebSocket(`${server.url.replace("http", "ws")}/graphql`, "graphql-transport-ws");
    again.on("open", () => again.send(JSON.stringify({ type: "connection_init", payload: { Authorization: `Bearer ${shortLived}` } })));
    const code = await new Promise<number>((resolve) => again.on("close", resolve));
    expect(code).toBe(4403);
  });

  it("authorizes each operation with the scopes its roles grant now: a narrowed role stops granting, its running subscription ends", async () => {
    const before = server.app.gateway.roleScopes!.loads;
    const created = await server.request("POST", ROLES, { name: "watcher", characteristic: [{ name: "scope", value: "customer:read" }] }, OPERATOR);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const customer = await server.request("POST", CUSTOMERS, { name: "Watched", engagedParty: { id: "o-1", "@referredType": "Organization" } }, OPERATOR);
    expect(customer.status).toBe(201);
    await reloadedAfter(before);

    const socket = await Socket.open({ authorization: `Bearer ${await token(["watcher"], "5m")}` });
    socket.subscribe("watch", `subscription { customerChanged(id: "${customer.body.id}") { id name } }`);
    socket.subscribe("read", `{ customers(limit: 1) { id } }`);
    expect(codesOf(await socket.of("read", (m) => m.some((x) => x.type === "complete")))).toEqual([]);
    // The subscription is live: a change reaches it.
    await new Promise((r) => setTimeout(r, 200));
    expect((await server.request("PATCH", `${CUSTOMERS}/${customer.body.id}`, { name: "Seen" }, OPERATOR)).status).toBe(200);
    const [seen] = await socket.of("watch", (m) => m.length > 0);
    expect(seen).toMatchObject({ type: "next", payload: { data: { customerChanged: { name: "Seen" } } } });

    // The operator narrows the role: customer:write instead of customer:read.
    const loads = server.app.gateway.roleScopes!.loads;
    const narrowed = await server.request("PATCH", `${ROLES}/${created.body.id}`, { characteristic: [{ name: "scope", value: "customer:write" }] }, OPERATOR);
    expect(narrowed.status, JSON.stringify(narrowed.body)).toBe(200);
    await reloadedAfter(loads);

    // New operations over the same socket: reads refused, a new subscription refused, a write now granted.
    socket.subscribe("read again", `{ customers(limit: 1) { id } }`);
    expect(codesOf(await socket.of("read again"))).toContain("FORBIDDEN");
    socket.subscribe("watch again", `subscription { customerChanged { id } }`);
    expect(codesOf(await socket.of("watch again"))).toEqual(["FORBIDDEN"]);
    socket.subscribe("write", `mutation { updateCustomer(id: "${customer.body.id}", patch: { description: "by a clerk" }) { id } }`);
    const write = await socket.of("write", (m) => m.some((x) => x.type === "complete"));
    expect(codesOf(write)).toEqual([]);

    // The running subscription: the change the write made is its last event — refused, then completed.
    const watched = await socket.of("watch", (m) => m.some((x) => x.type === "complete"));
    expect(watched.map((m) => m.type)).toEqual(["next", "next", "complete"]);
    expect(codesOf(watched.slice(1))).toEqual(["FORBIDDEN"]);
    expect(watched[1]!.payload!.data ?? null).toBeNull();
    expect(socket.closed).toBeUndefined();
    socket.close();
  });

  it("a subscription completed by its client stops listening at once, not at its topic's next event", async () => {
    const bus = server.app.gateway.events;
    const before = bus.topics;
    const socket = await Socket.open(OPERATOR);
    socket.subscribe("quiet", `subscription { customerChanged(id: "never-changes") { id } }`);
    await socket.until(() => bus.topics > before); // a topic per event type of a customer's change
    socket.ws.send(JSON.stringify({ id: "quiet", type: "complete" }));
    await socket.until(() => bus.topics === before, 2_000);
    socket.close();
  });
});
