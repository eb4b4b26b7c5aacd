import { getNullableType, isListType, isObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { getSchema } from "../src/schema/schema.js";
import { startTestServer, type TestServer } from "./support/server.js";

// The GraphQL limits against the real service over HTTP (and WebSocket), authentication on: hostile
// documents are refused in time linear in their size, the cost is computed with the operation's
// variables and through fragments, navigation lists are paged in SQL, and graphql-ws refuses
// messages over the body limit before buffering them.

const KEY = "admin-key-0123456789abcdef";
const AUTH_ENV = { AUTH: "true", API_KEYS: JSON.stringify([{ name: "admin", key: KEY, scopes: ["*"] }]) };
const HEADERS = { "x-api-key": KEY };

const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount";
const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
const BILLS = "/tmf-api/customerBillManagement/v4/customerBill";

/** More payments on one account than a navigation list may return (NAVIGATION_MAX_LIMIT = 100). */
const MANY = 120;

let server: TestServer; // default limits: depth 10, cost 25000, aliases 30, 2000 tokens, BODY_LIMIT 1 MiB
let tight: TestServer; // cost 500, 500 tokens (the smallest allowed): REST documents still fit
let roomy: TestServer; // no practical token limit: validation time measured on large documents
let customerId: string;
let busyAccount: string; // MANY payments
let smallAccount: string; // 3 payments
let billId: string; // 25 payments applied to it

interface GqlResult {
  status: number;
  body: { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] };
}

const gql = async (target: TestServer, query: string, variables?: Record<string, unknown>): Promise<GqlResult> =>
  target.request("POST", "/graphql", { query, variables }, HEADERS);

async function post(path: string, body: unknown) {
  const res = await server.request("POST", path, body, HEADERS);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

const newAccount = async (name: string) =>
  (
    await post(ACCOUNTS, {
      name,
      relatedParty: [{ id: customerId, name: "Limits", role: "customer", "@referredType": "Customer" }],
      creditLimit: { unit: "EUR", value: 1000 },
    })
  ).id;

async function payments(accountId: string, count: number, extra: (i: number) => Record<string, unknown> = () => ({})) {
  for (let done = 0; done < count; done += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - done) }, (_, i) =>
        post(PAYMENTS, {
          account: { id: accountId },
          paymentMethod: { name: "card", "@type": "BankCard" },
          totalAmount: { unit: "EUR", value: 1 },
          ...extra(done + i),
        }),
      ),
    );
  }
}

/** The payment ids of an account in relation order, straight from the table. */
async function paymentIdsInOrder(accountId: string): Promise<string[]> {
  const { rows } = await server.db.pool.query(`SELECT id::text FROM payment WHERE "accountId" = $1 ORDER BY "createdAt", id`, [accountId]);
  return rows.map((r: { id: string }) => r.id);
}

// Hostile documents: each fragment spreads the next one twice, so the operation expands to 2^levels.
/** Two aliased navigation fields per level, alternating Customer / BillingAccount: deep and alias-heavy. */
function aliasedTwice(levels: number): string {
  let text = `query { customers(limit: 1) { ...F0 } }\n`;
  for (let i = 0; i < levels; i++) {
    const [type, field] = i % 2 === 0 ? ["Customer", "accounts"] : ["BillingAccount", "customer"];
    text += `fragment F${i} on ${type} { a: ${field} { ...F${i + 1} } b: ${field} { ...F${i + 1} } }\n`;
  }
  return `${text}fragment F${levels} on ${levels % 2 === 0 ? "Customer" : "BillingAccount"} { id }\n`;
}

/** Shallow and without aliases: each level selects `accounts` and spreads the next level twice. */
function costlyTwice(levels: number): string {
  let text = `query { customers(limit: 1) { ...F0 } }\n`;
  for (let i = 0; i < levels; i++) text += `fragment F${i} on Customer { accounts { id } ...F${i + 1} ...F${i + 1} }\n`;
  return `${text}fragment F${levels} on Customer { id }\n`;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

beforeAll(async () => {
  server = await startTestServer(AUTH_ENV);
  tight = await startTestServer({ ...AUTH_ENV, GRAPHQL_MAX_COST: "500", GRAPHQL_MAX_TOKENS: "500" }, server.db);
  roomy = await startTestServer({ ...AUTH_ENV, GRAPHQL_MAX_TOKENS: "1000000" }, server.db);
  customerId = (await post(CUSTOMERS, { name: "Limits", engagedParty: { id: "party-limits", "@referredType": "Individual" } })).id;
  busyAccount = await newAccount("busy");
  smallAccount = await newAccount("small");
  await payments(busyAccount, MANY);
  await payments(smallAccount, 3);
  const billAccount = await newAccount("billed");
  billId = (await post(BILLS, { billingAccount: { id: billAccount }, amountDue: { unit: "EUR", value: 100 } })).id;
  await payments(billAccount, 25, () => ({ paymentItem: [{ item: { id: billId, "@referredType": "CustomerBill" }, totalAmount: { unit: "EUR", value: 1 } }] }));
}, 180_000);

afterAll(async () => {
  await roomy?.close();
  await tight?.close();
  await server?.close();
});

describe("exponential fragment documents", () => {
  it("are refused within a bound while /health keeps answering (depth and aliases count every spread)", async () => {
    const hostile = aliasedTwice(22); // ~1.7 KB; before: 12 s of validation each, the event loop blocked
    expect(hostile.length).toBeLessThan(2000);
    const attacks = timed(() => Promise.all(Array.from({ length: 4 }, () => gql(server, hostile))));
    const health: number[] = [];
    for (let i = 0; i < 5; i++) {
      const probe = await timed(() => server.request("GET", "/health"));
      expect(probe.result.status).toBe(200);
      health.push(probe.ms);
    }
    const { ms, result } = await attacks;
    for (const res of result) {
      expect(res.status).toBe(400);
      expect(res.body.errors!.map((e) => e.extensions?.code)).toEqual(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_VALIDATION_FAILED"]);
      expect(res.body.errors!.map((e) => e.message)).toEqual([
        "Query depth limit exceeded: depth 24 > maximum depth 10",
        // 2 aliases per level, each level reached 2^level times: 2 × (2^22 − 1)
        "Alias limit exceeded: 8388606 aliases > maximum 30",
      ]);
    }
    expect(ms).toBeLessThan(3000);
    expect(Math.max(...health)).toBeLessThan(1000);
  });

  it("without aliases: fields behind fragment spreads are costed at every spread", async () => {
    const res = await gql(server, costlyTwice(22));
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    // customers(limit: 1) = 1, plus at each level accounts (default page 5) and twice the next level: 1 + 5 × (2^22 − 1)
    expect(res.body.errors![0]!.message).toBe("Query complexity limit exceeded: cost 20971516 > maximum complexity 25000");
    const fine = await gql(server, costlyTwice(3)); // 1 + 5 × 7 = 36
    expect(fine.body.errors).toBeUndefined();
    expect((fine.body.data!.customers as { accounts: unknown[] }[])[0]!.accounts).toHaveLength(3);
  });

  it("take validation time that grows linearly with their size", async () => {
    const small = aliasedTwice(200); // 16 KB
    const large = aliasedTwice(1600); // 131 KB: 8 times as large
    const run = async (doc: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const { ms, result } = await timed(() => gql(roomy, doc));
        expect(result.status).toBe(400);
        expect(result.body.errors![0]!.message).toMatch(/^Query depth limit exceeded/);
        times.push(ms);
      }
      return median(times);
    };
    await run(small); // warm-up
    const [t1, t8] = [await run(small), await run(large)];
    // Linear: 8×; quadratic would be 64×; the doubling documents above were exponential.
    expect(t8 / t1).toBeLessThan(24);
    expect(t8).toBeLessThan(3000);
  });
});

describe("token limit", () => {
  it("refuses a document over GRAPHQL_MAX_TOKENS while parsing, and accepts one just under it", async () => {
    // `{ customers(limit: 1) { ...F0 … } }` and `fragment Fi on Customer { id }`: 10 + 9 tokens per fragment
    const spreads = (n: number) =>
      `{ customers(limit: 1) { ${Array.from({ length: n }, (_, i) => `...F${i}`).join(" ")} } }\n` +
      Array.from({ length: n }, (_, i) => `fragment F${i} on Customer { id }`).join("\n");
    const over = await gql(server, spreads(222)); // 2008 tokens
    expect(over.status).toBe(400);
    expect(over.body.errors![0]!.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(over.body.errors![0]!.message).toMatch(/more tha[nt] 2000 tokens/);
    const under = await gql(server, spreads(221)); // 1999 tokens
    expect(under.body.errors).toBeUndefined();
    expect(under.body.data!.customers).toEqual([{ id: customerId }]);
  });

  it("leaves REST far below: every attribute of every resource, listed, fits in 500 tokens", async () => {
    for (const path of [CUSTOMERS, ACCOUNTS, PAYMENTS, BILLS, "/tmf-api/paymentManagement/v4/refund"]) {
      const res = await tight.request("GET", `${path}?limit=1`, undefined, HEADERS);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });
});

describe("cost, computed with the operation's variables", () => {
  const NESTED = `customers(limit: $n) { accounts { payments { id } } }`;

  it("costs a limit given as a variable (or a variable's default) by its value, as the literal", async () => {
    // 1000 customers + 1000 × 5 accounts + 5000 × 5 payments
    const message = "Query complexity limit exceeded: cost 31000 > maximum complexity 25000";
    const literal = await gql(server, `{ ${NESTED.replace("$n", "1000")} }`);
    const variable = await gql(server, `query ($n: Int!) { ${NESTED} }`, { n: 1000 });
    const byDefault = await gql(server, `query ($n: Int = 1000) { ${NESTED} }`);
    for (const res of [literal, variable, byDefault]) {
      expect(res.status).toBe(400);
      expect(res.body.errors!.map((e) => [e.extensions?.code, e.message])).toEqual([["GRAPHQL_VALIDATION_FAILED", message]]);
    }
    const small = await gql(server, `query ($n: Int!) { ${NESTED} }`, { n: 10 }); // 10 + 50 + 250
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();

    const navigation = `query ($m: Int!) { customers(limit: 10) { accounts(limit: $m) { payments(limit: $m) { id } } } }`;
    const big = await gql(server, navigation, { m: 100 }); // 10 + 10 × 100 + 1000 × 100
    expect(big.body.errors![0]!.message).toBe("Query complexity limit exceeded: cost 101010 > maximum complexity 25000");
    expect((await gql(server, navigation, { m: 5 })).body.errors).toBeUndefined();
  });

  it("costs the fields behind named and inline fragments", async () => {
    // 1000 customers + 1000 × 100 accounts
    const message = "Query complexity limit exceeded: cost 101000 > maximum complexity 25000";
    const named = await gql(server, `{ customers(limit: 1000) { ...C } } fragment C on Customer { accounts(limit: 100) { id } }`);
    const inline = await gql(server, `{ customers(limit: 1000) { ... on Customer { accounts(limit: 100) { id } } } }`);
    const named2 = await gql(
      server,
      `query Q($n: Int!) { ...R } fragment R on Query { customers(limit: $n) { ...C } } fragment C on Customer { accounts(limit: 100) { id } }`,
      { n: 1000 },
    );
    for (const res of [named, inline, named2]) expect(res.body.errors!.map((e) => e.message)).toEqual([message]);
  });

  it("costs CustomerBill.appliedPayment, which grows with payments, as a list by its page", async () => {
    const res = await gql(server, `{ customerBills(limit: 1000) { id appliedPayment(limit: 100) { appliedAmount { value } } } }`);
    expect(res.body.errors![0]!.message).toBe("Query complexity limit exceeded: cost 101000 > maximum complexity 25000");
  });

  it("REST lists are costed with their limit; every attribute of 1000 items stays within the default budget", async () => {
    // tight budget 500: 1000 payments cost 1000 (+1 for the count); 10 cost 11
    const over = await tight.request("GET", `${PAYMENTS}?limit=1000`, undefined, HEADERS);
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ "@type": "Error", status: "400" });
    expect(over.body.message).toMatch(/cost 1001 > maximum complexity 500/);
    expect((await tight.request("GET", `${PAYMENTS}?limit=10`, undefined, HEADERS)).status).toBe(200);
    // bills carry up to 20 applied payments each (the default page): 100 + 100 × 20 + 1
    const bills = await tight.request("GET", `${BILLS}?limit=100`, undefined, HEADERS);
    expect(bills.body.message).toMatch(/cost 2101 > maximum complexity 500/);

    // default budget 25000: 1000 payments, every attribute (1001); 1000 bills (1000 + 20000 + 1)
    const all = await server.request("GET", `${PAYMENTS}?limit=1000`, undefined, HEADERS);
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(MANY + 3 + 25);
    expect(all.body[0]).toHaveProperty("paymentMethod");
    const allBills = await server.request("GET", `${BILLS}?limit=1000`, undefined, HEADERS);
    expect(allBills.status).toBe(200);
    expect(allBills.body).toHaveLength(1);
  });
});

describe("navigation lists", () => {
  it("return a default page of 5 and at most 100 items, paged in relation order", async () => {
    const order = await paymentIdsInOrder(busyAccount);
    expect(order).toHaveLength(MANY);
    const page = async (args: string) => {
      const res = await gql(server, `query ($id: ID!) { billingAccount(id: $id) { payments${args} { id } } }`, { id: busyAccount });
      expect(res.body.errors).toBeUndefined();
      return (res.body.data!.billingAccount as { payments: { id: string }[] }).payments.map((p) => p.id);
    };
    expect(await page("")).toEqual(order.slice(0, 5));
    expect(await page("(limit: 100)")).toEqual(order.slice(0, 100));
    expect(await page("(limit: 100, offset: 100)")).toEqual(order.slice(100));
    expect(await page("(limit: 7, offset: 3)")).toEqual(order.slice(3, 10));
    expect(await page("(limit: 0)")).toEqual([]);

    const tooMany = await gql(server, `query ($id: ID!) { billingAccount(id: $id) { payments(limit: 101) { id } } }`, { id: busyAccount });
    expect(tooMany.body.errors![0]!.extensions?.code).toBe("BAD_USER_INPUT");
    expect(tooMany.body.errors![0]!.message).toBe("limit must be an integer between 0 and 100, got 101");
    const negative = await gql(server, `query ($id: ID!) { billingAccount(id: $id) { refunds(offset: -1) { id } } }`, { id: busyAccount });
    expect(negative.body.errors![0]!.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("bound the response of an account with more payments than the maximum, nested twice", async () => {
    const res = await gql(
      server,
      `query ($id: ID!) { billingAccount(id: $id) { payments(limit: 100) { id billingAccount { payments(limit: 100) { id } } } } }`,
      { id: busyAccount },
    );
    expect(res.body.errors).toBeUndefined();
    const outer = (res.body.data!.billingAccount as { payments: { billingAccount: { payments: unknown[] } }[] }).payments;
    expect(outer).toHaveLength(100);
    expect(outer.every((p) => p.billingAccount.payments.length === 100)).toBe(true);
    const byDefault = await gql(server, `query ($id: ID!) { billingAccount(id: $id) { payments { billingAccount { payments { id } } } } }`, {
      id: busyAccount,
    });
    const nested = (byDefault.body.data!.billingAccount as { payments: { billingAccount: { payments: unknown[] } }[] }).payments;
    expect(nested.map((p) => p.billingAccount.payments.length)).toEqual([5, 5, 5, 5, 5]);
  });

  it("load each relation's pages in one SQL statement whatever the number of parents", async () => {
    const query = `query ($id: ID!) { customer(id: $id) { accounts(limit: 10) { id payments(limit: 2, offset: 1) { id refunds { id } } } } }`;
    const before = server.db.pool.statements;
    const res = await gql(server, query, { id: customerId });
    const statements = server.db.pool.statements - before;
    expect(res.body.errors).toBeUndefined();
    const accounts = (res.body.data!.customer as { accounts: { id: string; payments: { id: string }[] }[] }).accounts;
    expect(accounts.map((a) => a.payments.length)).toEqual([2, 2, 2]); // busy (120), small (3), billed (25)
    expect(accounts[0]!.payments.map((p) => p.id)).toEqual((await paymentIdsInOrder(busyAccount)).slice(1, 3));
    expect(accounts[1]!.payments.map((p) => p.id)).toEqual((await paymentIdsInOrder(smallAccount)).slice(1, 3));
    // customer by id, accounts, payments, refunds: one statement each
    expect(statements).toBe(4);
  });

  it("all take limit and offset: no list of resources in the schema is unbounded", async () => {
    const schema = await getSchema();
    const lists: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      for (const field of Object.values(type.getFields())) {
        if (!field.extensions?.navigation || !isListType(getNullableType(field.type))) continue;
        lists.push(`${type.name}.${field.name}(${field.args.map((a) => `${a.name}: ${String(a.type)} = ${String(a.defaultValue)}`).join(", ")})`);
      }
    }
    expect(lists.sort()).toEqual([
      "BillCycleSpecification.billCycles(offset: Int! = 0, limit: Int! = 5)",
      "BillingAccount.appliedCustomerBillingRates(offset: Int! = 0, limit: Int! = 5)",
      "BillingAccount.bills(offset: Int! = 0, limit: Int! = 5)",
      "BillingAccount.billsOnDemand(offset: Int! = 0, limit: Int! = 5)",
      "BillingAccount.paymentAuthorizations(offset: Int! = 0, limit: Int! = 5)",
      "BillingAccount.payments(offset: Int! = 0, limit: Int! = 5)",
      "BillingAccount.refunds(offset: Int! = 0, limit: Int! = 5)",
      "Customer.accounts(offset: Int! = 0, limit: Int! = 5)",
      "CustomerBill.appliedCustomerBillingRates(offset: Int! = 0, limit: Int! = 5)",
      "Payment.refunds(offset: Int! = 0, limit: Int! = 5)",
      "SettlementAccount.payments(offset: Int! = 0, limit: Int! = 5)",
      "SettlementAccount.refunds(offset: Int! = 0, limit: Int! = 5)",
    ]);
  });

  it("page CustomerBill.appliedPayment (default 20, at most 100), on GraphQL and REST", async () => {
    const page = async (args: string) => {
      const res = await gql(server, `query ($id: ID!) { customerBill(id: $id) { appliedPayment${args} { appliedAmount { value } payment { id } } } }`, {
        id: billId,
      });
      expect(res.body.errors).toBeUndefined();
      return (res.body.data!.customerBill as { appliedPayment: { appliedAmount: { value: number }; payment: { id: string } }[] }).appliedPayment;
    };
    expect(await page("")).toHaveLength(20);
    const all = await page("(limit: 100)");
    expect(all).toHaveLength(25);
    expect(new Set(all.map((a) => a.payment.id)).size).toBe(25);
    // The order, from the table: the bill's payment items in relation order (payment time, position, then id).
    const { rows } = await server.db.pool.query(
      `SELECT "paymentId"::text AS payment, "totalAmountValue"::text AS value FROM payment_item i WHERE "billId" = $1 ORDER BY i."createdAt", i.position, i.id`,
      [billId],
    );
    const order = rows.map((r: { payment: string }) => r.payment);
    expect(order).toHaveLength(25);
    expect(rows.map((r: { value: string }) => r.value)).toEqual(Array(25).fill("1.0000"));
    expect(all.map((a) => a.payment.id)).toEqual(order);
    expect(all.map((a) => a.appliedAmount.value)).toEqual(Array(25).fill(1));
    expect((await page("(limit: 10, offset: 20)")).map((a) => a.payment.id)).toEqual(order.slice(20));
    expect((await page("(limit: 3, offset: 5)")).map((a) => a.payment.id)).toEqual(order.slice(5, 8));
    const rest = await server.request("GET", `${BILLS}/${billId}`, undefined, HEADERS);
    expect(rest.status).toBe(200);
    expect(rest.body.appliedPayment).toHaveLength(20);
    expect(rest.body.appliedPayment.map((a: { payment: { id: string } }) => a.payment.id)).toEqual(order.slice(0, 20));
    expect(rest.body.remainingAmount.value).toBe(75);
  });
});

// --- graphql-ws -------------------------------------------------------------------------------

interface WsMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

function connect(target: TestServer): Promise<{ ws: WebSocket; messages: WsMessage[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${target.url.replace("http", "ws")}/graphql`, "graphql-transport-ws");
    const messages: WsMessage[] = [];
    const closed = new Promise<number>((done) => ws.on("close", (code) => done(code)));
    ws.on("message", (data) => messages.push(JSON.parse(String(data))));
    ws.on("error", () => undefined); // the close code is what the tests look at
    ws.once("open", () => resolve({ ws, messages, closed }));
    ws.once("unexpected-response", () => reject(new Error("upgrade refused")));
  });
}

async function waitFor(messages: WsMessage[], match: (m: WsMessage) => boolean, ms = 5000): Promise<WsMessage> {
  const until = Date.now() + ms;
  for (;;) {
    const found = messages.find(match);
    if (found) return found;
    if (Date.now() > until) throw new Error(`no such message among ${JSON.stringify(messages)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function initialised(target: TestServer) {
  const connection = await connect(target);
  connection.ws.send(JSON.stringify({ type: "connection_init", payload: { "x-api-key": KEY } }));
  await waitFor(connection.messages, (m) => m.type === "connection_ack");
  return connection;
}

const send = (ws: WebSocket, data: Buffer | string, fin: boolean) => new Promise<boolean>((resolve) => ws.send(data, { fin }, (err) => resolve(!err)));

describe("graphql-ws", () => {
  it("closes the socket with 1009 on a message over BODY_LIMIT, before buffering it", async () => {
    const chunk = Buffer.alloc(1024 * 1024, "x"); // one frame per MiB, sent with backpressure: the client holds ~1 MiB
    const rssBefore = process.memoryUsage().rss;
    for (let attempt = 0; attempt < 3; attempt++) {
      // a 50 MB connection_init (it was accepted and buffered: +550 MB RSS for three)
      const { ws, closed } = await connect(server);
      let sent = 0;
      if (await send(ws, '{"type":"connection_init","payload":{"pad":"', false)) {
        while (sent < 50 && ws.readyState === WebSocket.OPEN && (await send(ws, chunk, false))) sent++;
      }
      expect(await closed).toBe(1009);
      expect(sent).toBeLessThan(50);
    }
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);

    // just under the limit: an ordinary message
    const { ws, messages } = await connect(server);
    ws.send(JSON.stringify({ type: "connection_init", payload: { "x-api-key": KEY, pad: "x".repeat(900_000) } }));
    await waitFor(messages, (m) => m.type === "connection_ack");
    ws.close();
  });

  it("applies the token limit, the validation rules and the cost with variables to subscriptions", async () => {
    const { ws, messages, closed } = await initialised(tight);
    const subscribe = (id: string, query: string, variables?: Record<string, unknown>) =>
      ws.send(JSON.stringify({ id, type: "subscribe", payload: { query, variables } }));
    const errorOf = async (id: string) => {
      const message = await waitFor(messages, (m) => m.id === id && m.type === "error");
      return (message.payload as { message: string }[]).map((e) => e.message);
    };
    const SUB = `subscription ($a: ID, $n: Int!) { paymentCreated(accountId: $a) { id billingAccount { payments(limit: $n) { id } } } }`;

    subscribe("tokens", `subscription { paymentCreated { ${"id ".repeat(500)} } }`);
    expect((await errorOf("tokens"))[0]).toMatch(/more tha[nt] 500 tokens/);
    subscribe("exponential", aliasedTwice(22));
    expect(await errorOf("exponential")).toEqual([
      "Query depth limit exceeded: depth 24 > maximum depth 10",
      "Alias limit exceeded: 8388606 aliases > maximum 30",
    ]);
    // the event, its account, 1000 payments
    subscribe("cost", SUB, { a: smallAccount, n: 1000 });
    expect(await errorOf("cost")).toEqual(["Query complexity limit exceeded: cost 1002 > maximum complexity 500"]);

    subscribe("ok", SUB, { a: smallAccount, n: 3 });
    await new Promise((r) => setTimeout(r, 300)); // the subscription is registered
    const made = await post(PAYMENTS, {
      account: { id: smallAccount },
      paymentMethod: { name: "card", "@type": "BankCard" },
      totalAmount: { unit: "EUR", value: 1 },
    });
    const next = await waitFor(messages, (m) => m.id === "ok" && m.type === "next", 10_000);
    const event = (next.payload as { data: { paymentCreated: { id: string; billingAccount: { payments: unknown[] } } } }).data.paymentCreated;
    expect(event.id).toBe(made.id);
    expect(event.billingAccount.payments).toHaveLength(3);
    ws.close();
    await closed;
  });
});
