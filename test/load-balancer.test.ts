import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHaproxy, type Haproxy } from "../scripts/launch/haproxy.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { startListener } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Two gateway replicas on one database behind a real HAProxy (Debian's): requests are spread over
// both, hub deliveries happen once whichever replica took the write, a subscription on one replica
// sees writes made through the other, and a replica that goes away costs no request.

const FAST_EVENTS = { EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200" };

let db: TestDatabase;
let replicas: TestServer[] = [];
let haproxy: Haproxy;

async function call(method: string, route: string, body?: unknown) {
  const res = await fetch(haproxy.url + route, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Payment POSTs a replica answered 201, from its own /metrics. */
async function paymentsServed(replica: TestServer): Promise<number> {
  const metrics = await (await fetch(`${replica.url}/metrics`)).text();
  const line = metrics
    .split("\n")
    .find(
      (l) =>
        l.startsWith("http_request_duration_seconds_count") &&
        l.includes('route="/tmf-api/paymentManagement/v4/payment"') &&
        l.includes('method="POST"') &&
        l.includes('status="201"'),
    );
  return line ? Number(line.split(" ").pop()) : 0;
}

const pay = (account: string) =>
  call("POST", "/tmf-api/paymentManagement/v4/payment", {
    account: { id: account },
    paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
    totalAmount: { unit: "EUR", value: "2.50" },
  });

beforeAll(async () => {
  db = await createTestDatabase();
  replicas = [await startTestServer(FAST_EVENTS, db), await startTestServer(FAST_EVENTS, db)];
  haproxy = await startHaproxy(replicas.map((r) => new URL(r.url).host));
});

afterAll(async () => {
  await haproxy?.stop();
  for (const replica of replicas) await replica.close().catch(() => undefined);
  await db?.close();
});

describe("gateway replicas behind HAProxy", () => {
  it("spread the requests; deliveries happen once, subscriptions see every replica's writes; a replica leaving costs no request", async () => {
    const account = await call("POST", "/tmf-api/accountManagement/v4/billingAccount", {
      name: "Balanced",
      relatedParty: [{ id: "org-b", name: "B", role: "partner", "@referredType": "Organization" }],
    });
    expect(account.status).toBe(201);
    const listener = await startListener();
    expect((await call("POST", "/tmf-api/paymentManagement/v4/hub", { callback: listener.url, query: "eventType=PaymentCreateEvent" })).status).toBe(201);

    const subscribed: string[] = [];
    const ws = createClient({ url: `${haproxy.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
    try {
      ws.subscribe<{ paymentCreated: { id: string } }>(
        { query: `subscription ($a: ID) { paymentCreated(accountId: $a) { id } }`, variables: { a: account.body.id } },
        { next: (message) => message.data && subscribed.push(message.data.paymentCreated.id), error: () => undefined, complete: () => undefined },
      );
      await new Promise((r) => setTimeout(r, 300));

      const made = await Promise.all(Array.from({ length: 20 }, () => pay(account.body.id)));
      expect(made.map((p) => p.status)).toEqual(Array(20).fill(201));
      const served = await Promise.all(replicas.map(paymentsServed));
      expect(served[0]! + served[1]!).toBe(20);
      expect(Math.min(...served)).toBeGreaterThan(0);

      const ids = made.map((p) => p.body.id as string).sort();
      await listener.waitFor(20);
      await new Promise((r) => setTimeout(r, 500)); // a second delivery would have arrived by now
      expect(listener.received.map((e) => e.event.payment!.id).sort()).toEqual(ids);
      await expect.poll(() => [...subscribed].sort(), { timeout: 5000 }).toEqual(ids);

      // One replica leaves (its listener closes): HAProxy retries the refused connections on the other.
      const leaving = replicas.pop()!;
      await leaving.close();
      const after = await Promise.all(Array.from({ length: 20 }, () => pay(account.body.id)));
      expect(after.map((p) => p.status)).toEqual(Array(20).fill(201));
      const balance = await call("GET", `/tmf-api/accountManagement/v4/billingAccount/${account.body.id}?fields=accountBalance`);
      expect(balance.body.accountBalance[0].amount).toEqual({ unit: "EUR", value: -100 });
    } finally {
      await ws.dispose();
      await listener.close();
    }
  });
});
