import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { overSocket, runOver } from "./support/carriers.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Issue #27's regressions of the policies a carrier used to skip (auth on): a rate limit counted
// across HTTP and graphql-ws, subscriptions capped per socket and per principal, an operation a
// document does not resolve is a 400, and client-chosen operation names never grow /metrics.

const key = (name: string) => `${name}-key-0123456789abcdef`;
const NAMES = ["shared", "socket", "alice", "names", "names2", "ops"];
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    AUTH: "true",
    API_KEYS: JSON.stringify(NAMES.map((name) => ({ name, key: key(name), scopes: ["*"] }))),
    RATE_LIMIT_MAX: "20",
    GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_SOCKET: "3",
    GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_PRINCIPAL: "5",
    METRICS_MAX_OPERATION_NAMES: "5",
  });
});
afterAll(() => server?.close());

/** A graphql-ws connection, initialised, that records every message. */
async function socket(apiKey: string) {
  const ws = new WebSocket(`${server.url.replace("http", "ws")}/graphql`, "graphql-transport-ws");
  const messages: { id?: string; type: string; payload?: unknown }[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve) => ws.on("open", resolve));
  ws.send(JSON.stringify({ type: "connection_init", payload: { "x-api-key": apiKey } }));
  await until(() => messages.some((m) => m.type === "connection_ack"));
  const subscribe = (id: string, query: string) => ws.send(JSON.stringify({ id, type: "subscribe", payload: { query } }));
  const complete = (id: string) => ws.send(JSON.stringify({ id, type: "complete" }));
  const errorOf = async (id: string) => {
    await until(() => messages.some((m) => m.id === id && m.type === "error"));
    return (messages.find((m) => m.id === id && m.type === "error")!.payload as { extensions?: { code?: string }; message: string }[])[0]!;
  };
  return { ws, messages, subscribe, complete, errorOf };
}

async function until(condition: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A graphql-ws `connection_init` with these connectionParams: acknowledged, or the close code and reason. */
function connectionInit(params: Record<string, unknown>): Promise<{ acknowledged: boolean; code?: number; reason?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/graphql`, "graphql-transport-ws");
    ws.on("error", reject);
    ws.once("open", () => ws.send(JSON.stringify({ type: "connection_init", payload: params })));
    ws.on("message", (data) => {
      if (JSON.parse(String(data)).type !== "connection_ack") return;
      ws.close();
      resolve({ acknowledged: true });
    });
    ws.once("close", (code, reason) => resolve({ acknowledged: false, code, reason: reason.toString() }));
  });
}

describe("graphql-ws connectionParams", () => {
  it("are read as HTTP headers: their names in any case", async () => {
    for (const name of ["x-api-key", "X-API-Key", "X-Api-Key", "X-API-KEY"]) {
      expect(await connectionInit({ [name]: key("ops") }), name).toEqual({ acknowledged: true });
    }
    // No bearer tokens here: an Authorization in any case is read, and refused for what it is.
    for (const name of ["authorization", "Authorization", "AUTHORIZATION"]) {
      expect(await connectionInit({ [name]: "Bearer abc.def.ghi" }), name).toEqual({
        acknowledged: false,
        code: 4403,
        reason: "Bearer tokens are not accepted by this gateway",
      });
    }
  });

  it("close 4401 Unauthorized without a credential, 4403 Forbidden with a refused one (graphql-ws's CloseCode)", async () => {
    const required = { acknowledged: false, code: 4401, reason: "Authentication required: send X-API-Key or Authorization: Bearer <JWT> in connectionParams" };
    for (const params of [{}, { "x-api-key": "" }, { "X-API-Key": 42 }, { apiKey: key("ops") }]) {
      expect(await connectionInit(params), JSON.stringify(params)).toEqual(required);
    }
    expect(await connectionInit({ "X-API-Key": "not-a-key" })).toEqual({ acknowledged: false, code: 4403, reason: "Unknown API key" });
    expect(await connectionInit({ Authorization: "Basic dXNlcjpwYXNz" })).toEqual({
      acknowledged: false,
      code: 4403,
      reason: "Authorization must be 'Bearer <token>'",
    });
  });
});

describe("graphql-ws's own client", () => {
  /** A real client's subscription: the close codes it saw and how it ended, connectionParams read on each attempt. */
  async function attempts(params: () => Record<string, string>) {
    const closed: number[] = [];
    const client = createClient({
      url: `${server.url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: params,
      retryAttempts: 2,
      retryWait: async () => undefined,
      shouldRetry: () => true,
      on: { closed: (event) => void closed.push((event as { code: number }).code) },
    });
    const ended = await new Promise<string>((resolve) => {
      client.subscribe(
        { query: `{ __typename }` },
        { next: () => undefined, error: (e) => resolve(`error ${(e as { code?: number }).code}`), complete: () => resolve("complete") },
      );
    });
    await client.dispose();
    return { closed, ended };
  }

  it("gives up at once on 4401 (no credential); retries a refused one, reading connectionParams again", async () => {
    expect(await attempts(() => ({}))).toEqual({ closed: [4401], ended: "error 4401" });
    const sent = [key("ops").replace("ops", "old"), key("ops")];
    let attempt = 0;
    const retried = await attempts(() => ({ "X-API-Key": sent[attempt++]! }));
    expect(retried.ended).toBe("complete");
    expect(retried.closed[0]).toBe(4403);
    expect(attempt).toBe(2);
  });
});

const CHANGED = (id: string) => `subscription { customerChanged(id: "${id}") { id name } }`;

describe("one rate limit over every carrier", () => {
  it("a key answered 429 over HTTP runs nothing on a WebSocket, queries and mutations included", async () => {
    for (let i = 0; i < 20; i++) expect((await runOver("graphql-post", server.url, key("shared"), `{ __typename }`)).status).toBe(200);
    expect((await runOver("graphql-post", server.url, key("shared"), `{ __typename }`)).status).toBe(429);
    expect(await overSocket(server.url, key("shared"), `{ __typename }`)).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect(await overSocket(server.url, key("shared"), `mutation { deleteCustomer(id: "x") }`)).toMatchObject({ code: "TOO_MANY_REQUESTS" });
  });
});

describe("subscriptions are capped", () => {
  it("per socket (GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_SOCKET), a completed one making room", async () => {
    const { ws, subscribe, complete, errorOf, messages } = await socket(key("socket"));
    for (const id of ["a", "b", "c"]) subscribe(id, CHANGED(id));
    subscribe("d", CHANGED("d"));
    expect(await errorOf("d")).toMatchObject({
      extensions: { code: "TOO_MANY_REQUESTS" },
      message: expect.stringMatching(/GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_SOCKET/),
    });
    complete("a");
    await new Promise((r) => setTimeout(r, 100));
    subscribe("e", CHANGED("e"));
    await new Promise((r) => setTimeout(r, 300));
    expect(messages.filter((m) => m.id === "e")).toEqual([]); // accepted: no error, waiting for events
    ws.close();
  });

  it("per principal over all its sockets (GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_PRINCIPAL), released when a socket closes", async () => {
    const first = await socket(key("alice"));
    const second = await socket(key("alice"));
    for (const id of ["1", "2", "3"]) first.subscribe(id, CHANGED(id));
    for (const id of ["4", "5"]) second.subscribe(id, CHANGED(id));
    await new Promise((r) => setTimeout(r, 200));
    second.subscribe("6", CHANGED("6"));
    expect(await second.errorOf("6")).toMatchObject({
      extensions: { code: "TOO_MANY_REQUESTS" },
      message: expect.stringMatching(/GRAPHQL_WS_MAX_SUBSCRIPTIONS_PER_PRINCIPAL/),
    });
    first.ws.close();
    await new Promise((r) => setTimeout(r, 300));
    second.subscribe("7", CHANGED("7"));
    await new Promise((r) => setTimeout(r, 300));
    expect(second.messages.filter((m) => m.id === "7")).toEqual([]);
    second.ws.close();
  });

  it("an event reaches only the subscriptions of its resource", async () => {
    const customer = await server.request(
      "POST",
      "/tmf-api/customerManagement/v4/customer",
      { name: "Watched", engagedParty: { id: "o", name: "O", "@referredType": "Organization" } },
      { "x-api-key": key("ops") },
    );
    expect(customer.status).toBe(201);
    const watcher = await socket(key("ops"));
    watcher.subscribe("mine", CHANGED(customer.body.id));
    watcher.subscribe("other", CHANGED("another-id"));
    await new Promise((r) => setTimeout(r, 300));
    const patched = await server.request(
      "PATCH",
      `/tmf-api/customerManagement/v4/customer/${customer.body.id}`,
      { name: "Watched twice" },
      { "x-api-key": key("ops") },
    );
    expect(patched.status).toBe(200);
    await until(() => watcher.messages.some((m) => m.id === "mine" && m.type === "next"));
    await new Promise((r) => setTimeout(r, 200));
    expect(watcher.messages.filter((m) => m.id === "mine").map((m) => m.payload)).toEqual([
      { data: { customerChanged: { id: customer.body.id, name: "Watched twice" } } },
    ]);
    expect(watcher.messages.filter((m) => m.id === "other")).toEqual([]);
    watcher.ws.close();
  });
});

describe("the operation a request runs", () => {
  const TWO = `query A { __typename } query B { __typename }`;
  it("a missing or unknown operationName is a 400 on POST and GET, an error on a socket — never a 500", async () => {
    for (const carrier of ["graphql-post", "graphql-get"] as const) {
      expect(await runOver(carrier, server.url, key("ops"), TWO)).toMatchObject({
        status: 400,
        code: "OPERATION_RESOLUTION_FAILURE",
        message: expect.stringMatching(/operationName/),
      });
    }
    const named = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "x-api-key": key("ops"), "content-type": "application/json" },
      body: JSON.stringify({ query: TWO, operationName: "C" }),
    });
    expect(named.status).toBe(400);
    expect(((await named.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(`No operation named "C" in the document`);
    expect(await overSocket(server.url, key("ops"), TWO)).toMatchObject({ code: "OPERATION_RESOLUTION_FAILURE" });
  });
});

describe("metric labels", () => {
  it("come from a bounded set whatever operation names clients send", async () => {
    const metrics = async () => (await fetch(`${server.url}/metrics`)).text();
    const before = (await metrics()).length;
    for (let i = 0; i < 40; i++) {
      const name = `N${i}_${"x".repeat(i % 2 ? 2000 : 10)}`;
      const outcome = await runOver("graphql-post", server.url, key(i < 20 ? "names" : "names2"), `query ${name} { __typename }`);
      expect(outcome.status).toBe(200);
    }
    const text = await metrics();
    const labels = new Set([...text.matchAll(/graphql_operation_duration_seconds_count\{operation="([^"]*)"/g)].map((m) => m[1]));
    expect(labels.size).toBeLessThanOrEqual(5 + 2); // five names, "other", "anonymous"
    expect(labels.has("other")).toBe(true);
    expect([...labels].every((label) => label!.length <= 64)).toBe(true);
    expect(text.length - before).toBeLessThan(20_000);
  });
});
