import { createServer } from "node:http";
import pg from "pg";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallbackPolicy } from "../src/events/callback-policy.js";
import { Dispatcher } from "../src/events/dispatcher.js";
import { startListener } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";

const FAST_EVENTS = { EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200", EVENTS_TIMEOUT_MS: "2000" };
const PAYMENT_HUB = "/tmf-api/paymentManagement/v4/hub";
const CUSTOMER_HUB = "/tmf-api/customerManagement/v4/hub";

let server: TestServer;
let accountId: string;

async function newAccount(s: TestServer) {
  const customer = await s.request("POST", "/tmf-api/customerManagement/v4/customer", {
    name: "Evented",
    engagedParty: { id: "p", "@referredType": "Individual" },
  });
  const account = await s.request("POST", "/tmf-api/accountManagement/v4/billingAccount", {
    name: "Evented account",
    relatedParty: [{ id: customer.body.id, name: "Evented", role: "customer", "@referredType": "Customer" }],
  });
  return account.body.id as string;
}

const pay = (s: TestServer, value: number, account = accountId) =>
  s.request("POST", "/tmf-api/paymentManagement/v4/payment", {
    account: { id: account },
    paymentMethod: { name: "card", "@type": "BankCard" },
    totalAmount: { unit: "EUR", value },
  });

beforeAll(async () => {
  server = await startTestServer(FAST_EVENTS);
  accountId = await newAccount(server);
});
afterAll(() => server?.close());

describe("TMF hub", () => {
  it("registers a listener (201 with id, callback, query), deletes it (204), 404s an unknown one", async () => {
    const res = await server.request("POST", PAYMENT_HUB, { callback: "http://127.0.0.1:9/listener", query: "eventType=PaymentCreateEvent" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), callback: "http://127.0.0.1:9/listener", query: "eventType=PaymentCreateEvent" });
    expect((await server.request("DELETE", `${PAYMENT_HUB}/${res.body.id}`)).status).toBe(204);
    expect((await server.request("DELETE", `${PAYMENT_HUB}/${res.body.id}`)).status).toBe(404);
    for (const callback of ["ftp://example.com/x", "not a url", "http://user:pw@example.com/"]) {
      const bad = await server.request("POST", PAYMENT_HUB, { callback });
      expect(bad.status, callback).toBe(400);
      expect(bad.body["@type"]).toBe("Error");
    }
    expect((await server.request("POST", PAYMENT_HUB, {})).status).toBe(400);
  });

  it("restricts callbacks to public addresses unless allow-listed", async () => {
    const policy = new CallbackPolicy([]);
    await expect(policy.check("http://127.0.0.1:8080/x")).rejects.toThrow(/not an allowed/);
    await expect(policy.check("http://10.1.2.3/x")).rejects.toThrow(/not an allowed/);
    await expect(policy.check("http://[::1]/x")).rejects.toThrow(/not an allowed/);
    await expect(policy.check("https://93.184.215.14/hook")).resolves.toBeInstanceOf(URL);
    const listed = new CallbackPolicy(["10.0.0.0/8", "crm.internal"]);
    await expect(listed.check("http://10.1.2.3/x")).resolves.toBeInstanceOf(URL);
    await expect(listed.check("http://crm.internal/x")).resolves.toBeInstanceOf(URL);
    await expect(listed.check("http://192.168.1.1/x")).rejects.toThrow(/not an allowed/);
  });
});

describe("event delivery", () => {
  it("delivers the TMF envelope to matching listeners only, filtered by event type and attribute", async () => {
    const paymentsOnly = await startListener();
    const bigPayments = await startListener();
    const customers = await startListener();
    await server.request("POST", PAYMENT_HUB, { callback: paymentsOnly.url, query: "eventType=PaymentCreateEvent,PaymentStateChangeEvent" });
    await server.request("POST", PAYMENT_HUB, { callback: bigPayments.url, query: "eventType=PaymentCreateEvent&totalAmount.value=99" });
    await server.request("POST", CUSTOMER_HUB, { callback: customers.url, query: "eventType=CustomerCreateEvent" });

    const small = (await pay(server, 5)).body;
    const big = (await pay(server, 99)).body;
    await server.request("POST", "/tmf-api/customerManagement/v4/customer", { name: "Heard", engagedParty: { id: "p", "@referredType": "Individual" } });

    // Order is kept per resource; two payments may be delivered by two workers at once.
    const events = (await paymentsOnly.waitFor(2)).sort((a, b) => (a.event.payment!.id === small.id ? -1 : b.event.payment!.id === small.id ? 1 : 0));
    expect(events.map((e) => e.event.payment!.id)).toEqual([small.id, big.id]);
    expect(events[0]).toMatchObject({
      eventId: expect.any(String),
      eventTime: expect.any(String),
      eventType: "PaymentCreateEvent",
      event: { payment: { id: small.id, href: small.href, "@type": "Payment", totalAmount: { unit: "EUR", value: 5 }, status: "done" } },
    });
    expect((await bigPayments.waitFor(1)).map((e) => e.event.payment!.id)).toEqual([big.id]);
    const heard = await customers.waitFor(1);
    expect(heard[0]!.event.customer!.name).toBe("Heard");
    await new Promise((r) => setTimeout(r, 300));
    expect(bigPayments.received).toHaveLength(1);
    expect(paymentsOnly.received).toHaveLength(2);
    for (const l of [paymentsOnly, bigPayments, customers]) await l.close();
  });

  it("a billing account's creation and deletion are events too, carrying the account", async () => {
    const accounts = await startListener();
    await server.request("POST", "/tmf-api/accountManagement/v4/hub", {
      callback: accounts.url,
      query: "eventType=BillingAccountCreateEvent,BillingAccountDeleteEvent",
    });
    const id = await newAccount(server);
    const shown = (await server.request("GET", `/tmf-api/accountManagement/v4/billingAccount/${id}`)).body;
    expect((await server.request("DELETE", `/tmf-api/accountManagement/v4/billingAccount/${id}`)).status).toBe(204);
    const events = await accounts.waitFor(2);
    expect(events.map((e) => [e.eventType, e.event.billingAccount!.id])).toEqual([
      ["BillingAccountCreateEvent", id],
      ["BillingAccountDeleteEvent", id],
    ]);
    expect(events[0]!.event.billingAccount).toMatchObject({ "@type": "BillingAccount", name: shown.name, href: shown.href, relatedParty: shown.relatedParty });
    await accounts.close();
  });

  it("retries a failing listener with growing backoff delays, in order per resource, carrying the same eventId", async () => {
    let failures = 3;
    const attempts: string[] = [];
    const flaky = await startListener((event) => {
      attempts.push(event.eventId);
      return failures-- > 0 ? 503 : 200;
    });
    const hub = (await server.request("POST", CUSTOMER_HUB, { callback: flaky.url })).body;
    const created = (
      await server.request("POST", "/tmf-api/customerManagement/v4/customer", { name: "v1", engagedParty: { id: "p", "@referredType": "Individual" } })
    ).body;
    await server.request("PATCH", `/tmf-api/customerManagement/v4/customer/${created.id}`, { name: "v2" });
    await server.request("PATCH", `/tmf-api/customerManagement/v4/customer/${created.id}`, { status: "Approved" });
    const events = await flaky.waitFor(3);
    expect(events.map((e) => e.eventType)).toEqual(["CustomerCreateEvent", "CustomerAttributeValueChangeEvent", "CustomerStateChangeEvent"]);
    expect(events.map((e) => e.event.customer!.name)).toEqual(["v1", "v2", "v2"]);
    expect(attempts.slice(0, 4)).toEqual(Array(4).fill(events[0]!.eventId));
    // The delays between the four attempts at the first event. After failure n the dispatcher waits
    // min(200, 50 × 2^(n−1)) ms times a jitter in [0.5, 1] — at least 25, 50, 100 ms — and a worker
    // looks again within a poll (≤ 60 ms). The wait is counted from the claim's transaction, a few ms
    // before the POST arrives, hence the slack. A retry without backoff would come within a poll.
    const first = flaky.arrivals.filter((a) => a.event.eventId === events[0]!.eventId).map((a) => a.at);
    expect(first).toHaveLength(4);
    const gaps = first.slice(1).map((at, i) => at - first[i]!);
    const slack = 20;
    expect(gaps[1], `gaps ${gaps}`).toBeGreaterThanOrEqual(50 - slack);
    expect(gaps[2], `gaps ${gaps}`).toBeGreaterThanOrEqual(100 - slack);
    // Growth: the third wait (≥ 100 ms) is longer than the first (≤ 50 ms + a poll); the second and
    // third may overlap by jitter.
    expect(gaps[2], `gaps ${gaps}`).toBeGreaterThan(gaps[0]!);
    // The attempts are counted on the delivery.
    const { rows } = await server.db.pool.query(
      `SELECT d.attempts, d.status FROM delivery d JOIN event e ON e.id = d."eventId" WHERE d."hubId" = $1 AND e.id = $2`,
      [hub.id, events[0]!.eventId],
    );
    expect(rows).toEqual([{ attempts: 4, status: "delivered" }]);
    await server.request("DELETE", `${CUSTOMER_HUB}/${hub.id}`);
    await flaky.close();
  });

  it("gives up after the retry horizon and marks the delivery failed, visibly", async () => {
    const quick = await startTestServer({ ...FAST_EVENTS, EVENTS_RETRY_HORIZON_MS: "300" }, server.db);
    try {
      const broken = await startListener(() => 500);
      const hub = (await quick.request("POST", PAYMENT_HUB, { callback: broken.url })).body;
      await pay(quick, 1);
      const deadline = Date.now() + 15_000;
      let failed = 0;
      while (!failed && Date.now() < deadline) {
        const { rows } = await quick.db.pool.query(`SELECT count(*)::int AS n FROM delivery WHERE "hubId" = $1 AND status = 'failed'`, [hub.id]);
        failed = rows[0].n;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(failed).toBe(1);
      const metrics = await (await fetch(`${quick.url}/metrics`)).text();
      expect(metrics).toMatch(/events_outbox\{state="failed"\} [1-9]/);
      await quick.request("DELETE", `${PAYMENT_HUB}/${hub.id}`);
      await broken.close();
    } finally {
      await quick.close();
    }
  });

  it("two dispatchers on one database never deliver the same event twice, and keep the order of each resource's events", async () => {
    const inFlight = new Set<string>();
    let overlaps = 0;
    const slow = await startListener(async (event) => {
      if (inFlight.has(event.eventId)) overlaps++;
      inFlight.add(event.eventId);
      await new Promise((r) => setTimeout(r, 15));
      inFlight.delete(event.eventId);
      return 200;
    });
    // Quiet the test server's own dispatcher: this test runs two of its own on the same database.
    const quiet = await startTestServer({ EVENTS_DISPATCHER: "false" });
    const customersApi = "/tmf-api/customerManagement/v4/customer";
    await quiet.request("POST", CUSTOMER_HUB, { callback: slow.url });
    // Four customers, each created then renamed nine times: 40 events, 10 per resource.
    const customers = await Promise.all(
      Array.from(
        { length: 4 },
        async () => (await quiet.request("POST", customersApi, { name: "v1", engagedParty: { id: "p", "@referredType": "Individual" } })).body.id as string,
      ),
    );
    for (let v = 2; v <= 10; v++) await Promise.all(customers.map((id) => quiet.request("PATCH", `${customersApi}/${id}`, { name: `v${v}` })));

    const log = { info: () => undefined, warn: () => undefined };
    const options = { concurrency: 4, timeoutMs: 2000, baseDelayMs: 50, maxDelayMs: 200, horizonMs: 60_000, pollMs: 20, log };
    const pools = [new pg.Pool({ connectionString: quiet.db.url, max: 8 }), new pg.Pool({ connectionString: quiet.db.url, max: 8 })];
    for (const pool of pools) pool.on("error", () => undefined);
    const dispatchers = pools.map((pool) => new Dispatcher(pool, new CallbackPolicy(["*"]), options));
    try {
      await Promise.all(dispatchers.map((d) => d.start()));
      const events = await slow.waitFor(40);
      await new Promise((r) => setTimeout(r, 300));
      expect(overlaps).toBe(0);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(40);
      expect(slow.received).toHaveLength(40);
      for (const id of customers) {
        const names = events.filter((e) => e.event.customer!.id === id).map((e) => e.event.customer!.name);
        expect(names).toEqual(Array.from({ length: 10 }, (_, i) => `v${i + 1}`));
      }
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await Promise.all(pools.map((p) => p.end()));
      await quiet.close();
      await slow.close();
    }
  });
});

describe("resilience", () => {
  it("survives PostgreSQL dropping its LISTEN connections, and keeps delivering", async () => {
    const listener = await startListener();
    await server.request("POST", PAYMENT_HUB, { callback: listener.url, query: "eventType=PaymentCreateEvent" });
    const { rows } = await server.db.pool.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2); // the event bus and the dispatcher
    await new Promise((r) => setTimeout(r, 1500));
    const payment = (await pay(server, 3)).body;
    const events = await listener.waitFor(1);
    expect(events[0]!.event.payment!.id).toBe(payment.id);
    const again = await server.db.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
    expect(again.rows[0].n).toBeGreaterThanOrEqual(2);
    await listener.close();
  });
});

describe("GraphQL subscriptions", () => {
  it("a client on replica A sees a payment made through replica B", async () => {
    const replicaB = await startTestServer(FAST_EVENTS, server.db);
    const client = createClient({ url: `${server.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, lazy: false });
    try {
      const received: { id: string; totalAmount: { value: number }; account: { id: string } }[] = [];
      const done = new Promise<void>((resolve, reject) => {
        client.subscribe<{ paymentCreated: (typeof received)[number] }>(
          { query: `subscription ($a: ID) { paymentCreated(accountId: $a) { id totalAmount { value } account { id } } }`, variables: { a: accountId } },
          {
            next: (message) => {
              if (message.errors) reject(new Error(JSON.stringify(message.errors)));
              received.push(message.data!.paymentCreated);
              resolve();
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
      const otherAccount = await newAccount(replicaB);
      await pay(replicaB, 7, otherAccount); // another account: filtered out
      const made = (await pay(replicaB, 42)).body;
      await done;
      expect(received).toEqual([{ id: made.id, totalAmount: { value: 42 }, account: { id: accountId } }]);
    } finally {
      await client.dispose();
      await replicaB.close();
    }
  });
});

describe("derived subscriptions", () => {
  it("every resource that changes has <x>Changed(id): a party account's state change, not another's", async () => {
    const party = [{ id: "org-s", name: "Sub Co", role: "partner", "@referredType": "Organization" }];
    const create = (name: string) => server.request("POST", "/tmf-api/accountManagement/v4/partyAccount", { name, relatedParty: party, state: "active" });
    const watched = (await create("Watched")).body.id as string;
    const other = (await create("Other")).body.id as string;
    const client = createClient({ url: `${server.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, lazy: false });
    try {
      const received = new Promise<{ id: string; state: string; href: string }>((resolve, reject) => {
        client.subscribe<{ partyAccountChanged: { id: string; state: string; href: string } }>(
          { query: `subscription ($id: ID) { partyAccountChanged(id: $id) { id state href } }`, variables: { id: watched } },
          {
            // The accounts' creations are events too, and may arrive after the subscription: only the
            // watched account's, and its state change is the one awaited.
            next: (m) => {
              if (m.errors) return reject(new Error(JSON.stringify(m.errors)));
              const changed = m.data!.partyAccountChanged;
              if (changed.id !== watched) reject(new Error(`another account's event: ${JSON.stringify(changed)}`));
              else if (changed.state !== "active") resolve(changed);
            },
            error: reject,
            complete: () => undefined,
          },
        );
      });
      await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
      await server.request("PATCH", `/tmf-api/accountManagement/v4/partyAccount/${other}`, { state: "suspended" });
      await server.request("PATCH", `/tmf-api/accountManagement/v4/partyAccount/${watched}`, { state: "closed" });
      expect(await received).toEqual({ id: watched, state: "closed", href: `${server.url}/tmf-api/accountManagement/v4/partyAccount/${watched}` });
    } finally {
      await client.dispose();
    }
  });
});

describe("money in events", () => {
  it("leaves exact, as the decimal literal, in a listener's event and in a subscription", async () => {
    const texts: string[] = [];
    const listener = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      texts.push(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const frames: string[] = [];
    class RecordingWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        this.on("message", (data) => frames.push(data.toString()));
      }
    }
    const client = createClient({ url: `${server.url.replace("http", "ws")}/graphql`, webSocketImpl: RecordingWebSocket, lazy: false });
    try {
      const account = await newAccount(server);
      const { port } = listener.address() as { port: number };
      await server.request("POST", PAYMENT_HUB, { callback: `http://127.0.0.1:${port}/big`, query: `eventType=PaymentCreateEvent&account.id=${account}` });
      const seen = new Promise<void>((resolve, reject) => {
        client.subscribe(
          { query: `subscription ($a: ID) { paymentCreated(accountId: $a) { totalAmount { value } } }`, variables: { a: account } },
          { next: () => resolve(), error: reject, complete: () => undefined },
        );
      });
      await new Promise((r) => setTimeout(r, 300));
      const res = await fetch(`${server.url}/tmf-api/paymentManagement/v4/payment`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"account":{"id":"${account}"},"paymentMethod":{"id":"pm","name":"card","@type":"PaymentMethodRef"},"totalAmount":{"unit":"EUR","value":1234567890123456.78}}`,
      });
      expect(res.status).toBe(201);
      await seen;
      for (let i = 0; i < 100 && !texts.length; i++) await new Promise((r) => setTimeout(r, 50));
      expect(texts).toHaveLength(1);
      expect(texts[0]).toMatch(/"totalAmount": ?\{"unit": ?"EUR", ?"value": ?1234567890123456\.78\}/);
      expect(frames.some((f) => f.includes(`"value":1234567890123456.78`))).toBe(true);
    } finally {
      await client.dispose();
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
