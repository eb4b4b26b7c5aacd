import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { countRows } from "./support/sql-counts.js";

// The service as in production: authentication on, no callback allow-list. Each block is one class
// of hostile input; every answer must be a 4xx with a TMF Error body (REST) or a GraphQL error code.
const ADMIN = "admin-key-0123456789abcdef";
const OTHER = "other-key-0123456789abcdef";
const CUSTOMER_READER = "customer-reader-key-0123456789";
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount";
const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
const BILLS = "/tmf-api/customerBillManagement/v4/customerBill";

let server: TestServer;
let customerId: string;
let accountId: string;

const as = (key: string, extra: Record<string, string> = {}) => ({ "x-api-key": key, ...extra });
const admin = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => server.request(method, path, body, as(ADMIN, headers));
const tmfError = (status: number) => ({ "@type": "Error", status: String(status) });

/** The raw HTTP answer to bytes written on a fresh connection (for what fetch refuses to send). */
function rawRequest(text: string, timeoutMs = 5000): Promise<string> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), "127.0.0.1", () => socket.write(text));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("utf8")));
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    setTimeout(() => socket.destroy(), timeoutMs).unref();
  });
}

const bodyOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));

beforeAll(async () => {
  server = await startTestServer({
    AUTH: "true",
    EVENTS_CALLBACK_ALLOW: "",
    HTTP_REQUEST_TIMEOUT_MS: "2000",
    HTTP_HEADERS_TIMEOUT_MS: "1500",
    HTTP_KEEP_ALIVE_TIMEOUT_MS: "1000",
    API_KEYS: JSON.stringify([
      { name: "admin", key: ADMIN, scopes: ["*"] },
      { name: "other", key: OTHER, scopes: ["*"] },
      { name: "customer-reader", key: CUSTOMER_READER, scopes: ["customer:read"] },
    ]),
  });
  customerId = (await admin("POST", CUSTOMERS, { name: "Hostile Ltd", engagedParty: { id: "org-1", "@referredType": "Organization" } })).body.id;
  const account = await admin("POST", ACCOUNTS, {
    name: "Main",
    relatedParty: [{ id: customerId, name: "Hostile Ltd", role: "Customer", "@referredType": "Customer" }],
    creditLimit: { unit: "EUR", value: 500 },
  });
  expect(account.status).toBe(201);
  accountId = account.body.id;
});
afterAll(() => server?.close());

describe("authentication is decided for the route that matched", () => {
  it("percent-encoded paths reach no resolver without a credential: 401, never 200 or 500", async () => {
    const gql = await server.request("POST", "/%67raphql", { query: "{ customersCount }" });
    expect(gql.status).toBe(401);
    expect(gql.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    const introspection = await server.request("POST", "/%67raphql", { query: "{ __schema { queryType { name } } }" });
    expect(introspection.status).toBe(401);
    const rest = await server.request("GET", `/%74mf-api/customerManagement/v4/customer`);
    expect(rest.status).toBe(401);
    expect(rest.body).toMatchObject({ ...tmfError(401), code: "UNAUTHENTICATED" });
    const getQuery = await server.request("GET", `/graphql?query=${encodeURIComponent("{ customersCount }")}`);
    expect(getQuery.status).toBe(401);
    const hub = await server.request("POST", "/tmf-api/paymentManagement/v4/%68ub", { callback: "https://listener.example.com/cb" });
    expect(hub.status).toBe(401);
  });

  it("public routes stay public (health, metrics, docs), also percent-encoded", async () => {
    expect((await server.request("GET", "/%68ealth")).status).toBe(200);
    expect((await server.request("GET", "/metrics")).status).toBe(200);
    expect((await server.request("GET", "/docs")).status).toBe(200);
  });
});

describe("Fastify's and Node's own refusals are TMF Errors", () => {
  it("a path segment over the parameter limit is a 414, a malformed escape a 400", async () => {
    const long = await admin("GET", `${CUSTOMERS}/${"a".repeat(300)}`);
    expect(long.status).toBe(414);
    expect(long.body).toMatchObject(tmfError(414));
    const bad = await admin("GET", `${CUSTOMERS}/%zz`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject(tmfError(400));
  });

  it("headers over the size limit are a 431 with a TMF Error, answered by the HTTP parser", async () => {
    const raw = await rawRequest(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(raw.startsWith("HTTP/1.1 431")).toBe(true);
    expect(bodyOf(raw)).toMatchObject({ ...tmfError(431), code: "REQUEST_HEADER_FIELDS_TOO_LARGE" });
  });

  it("a malformed request line is a 400 with a TMF Error", async () => {
    const raw = await rawRequest("NOT HTTP AT ALL\r\n\r\n");
    expect(raw.startsWith("HTTP/1.1 400")).toBe(true);
    expect(bodyOf(raw)).toMatchObject(tmfError(400));
  });
});

describe("connections a client holds are bounded in time", () => {
  it("a connection that sends nothing, or only part of its headers, is closed by the request timeout", async () => {
    const started = Date.now();
    const silent = await rawRequest("", 10_000);
    const partial = await rawRequest("GET /health HTTP/1.1\r\nHost: x\r\n", 10_000);
    const elapsed = Date.now() - started;
    // 1.5 s headers / 2 s request timeout, checked every second: both closed well before the 10 s the test would wait.
    expect(elapsed).toBeLessThan(9_000);
    expect(silent + partial).not.toContain("200 OK");
  });

  it("an idle keep-alive connection is closed after the keep-alive timeout", async () => {
    const started = Date.now();
    const raw = await rawRequest("GET /health HTTP/1.1\r\nHost: x\r\n\r\n", 10_000);
    expect(raw.startsWith("HTTP/1.1 200")).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("JSON bodies", () => {
  it("nesting thousands of levels deep is a 400, in a body, in characteristic values and in GraphQL variables", async () => {
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    const body = await admin("POST", CUSTOMERS, deep(5000));
    expect(body.status).toBe(400);
    expect(body.body).toMatchObject({ ...tmfError(400), message: expect.stringContaining("nested deeper") });
    const characteristic = `{"name":"x","engagedParty":{"id":"p","@referredType":"Individual"},"characteristic":[{"name":"c","value":${deep(5000)}}]}`;
    expect((await admin("POST", CUSTOMERS, characteristic)).status).toBe(400);
    const variables = `{"query":"query ($v: JSON) { customersCount }","variables":{"v":${deep(5000)}}}`;
    const gql = await admin("POST", "/graphql", variables);
    expect(gql.status).toBe(400);
    expect(gql.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(gql.body.errors[0].message).toContain("nested deeper");
  });

  it("a charset other than UTF-8 is a 415; application/json on a bodiless DELETE is accepted", async () => {
    const utf16 = await admin(
      "POST",
      CUSTOMERS,
      { name: "x", engagedParty: { id: "p", "@referredType": "Individual" } },
      { "content-type": "application/json; charset=utf-16" },
    );
    expect(utf16.status).toBe(415);
    expect(utf16.body).toMatchObject({ ...tmfError(415), code: "UNSUPPORTED_MEDIA_TYPE" });
    const utf8 = await admin(
      "POST",
      CUSTOMERS,
      { name: "Charset", engagedParty: { id: "p", "@referredType": "Individual" } },
      { "content-type": "application/json; charset=UTF-8" },
    );
    expect(utf8.status).toBe(201);
    const res = await fetch(`${server.url}${CUSTOMERS}/${utf8.body.id}`, { method: "DELETE", headers: as(ADMIN, { "content-type": "application/json" }) });
    expect(res.status).toBe(204);
  });

  it("__proto__ keys are refused, also on the exact-number path", async () => {
    const plain = await admin("POST", CUSTOMERS, '{"name":"x","engagedParty":{"id":"p","@referredType":"Individual"},"__proto__":{"admin":true}}');
    expect(plain.status).toBe(400);
    const lossless = await admin(
      "POST",
      CUSTOMERS,
      '{"name":"x","engagedParty":{"id":"p","@referredType":"Individual"},"n":12345678901234567890,"__proto__":{}}',
    );
    expect(lossless.status).toBe(400);
  });
});

describe("text lengths", () => {
  it("a name or bill number over 255 characters, or any text over 10,000, is a 400 naming the attribute, and nothing is written", async () => {
    // Random text does not compress: without the limit, PostgreSQL's btree refuses it (SQLSTATE 54000).
    const random = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0x4e00 + Math.floor(Math.random() * 20_000))).join("");
    const before = await countRows(server, "customer");
    const bills = await countRows(server, "customer_bill");
    const name = await admin("POST", CUSTOMERS, { name: random(3000), engagedParty: { id: "p", "@referredType": "Individual" } });
    expect(name.status).toBe(400);
    expect(name.body.message).toContain("name is longer than 255 characters");
    const description = await admin("POST", CUSTOMERS, {
      name: "ok",
      engagedParty: { id: "p", "@referredType": "Individual" },
      characteristic: [{ name: "c", value: random(10_001) }],
    });
    expect(description.status).toBe(400);
    expect(description.body.message).toContain("characteristic[0].value is longer than 10000 characters");
    expect(await countRows(server, "customer")).toBe(before);
    const patch = await admin("PATCH", `${CUSTOMERS}/${customerId}`, { name: random(256) }, { "content-type": "application/merge-patch+json" });
    expect(patch.status).toBe(400);
    const bill = await admin("POST", BILLS, { billingAccount: { id: accountId }, amountDue: { unit: "EUR", value: 1 }, billNo: random(300) });
    expect(bill.status).toBe(400);
    expect(bill.body.message).toContain("billNo is longer than 255 characters");
    expect(await countRows(server, "customer_bill")).toBe(bills);
    expect((await server.db.pool.query(`SELECT name FROM customer WHERE id = $1`, [customerId])).rows).toEqual([{ name: "Hostile Ltd" }]);
  });
});

describe("money stays exact at every size NUMERIC(20,4) holds", () => {
  it("1234567890123456.78 goes in as a JSON number and comes out the same on REST, GraphQL and in the balance", async () => {
    const account = await admin("POST", ACCOUNTS, {
      name: "Big",
      relatedParty: [{ id: customerId, name: "Hostile Ltd", role: "Customer", "@referredType": "Customer" }],
    });
    const res = await fetch(`${server.url}${PAYMENTS}`, {
      method: "POST",
      headers: as(ADMIN, { "content-type": "application/json" }),
      body: `{"account":{"id":"${account.body.id}"},"paymentMethod":{"id":"pm","name":"card","@type":"PaymentMethodRef"},"totalAmount":{"unit":"EUR","value":1234567890123456.78}}`,
    });
    const created = await res.text();
    expect(res.status).toBe(201);
    expect(created).toContain(`"totalAmount":{"unit":"EUR","value":1234567890123456.78}`);
    const id = JSON.parse(created).id as string;
    const back = await (await fetch(`${server.url}${PAYMENTS}/${id}?fields=totalAmount`, { headers: as(ADMIN) })).text();
    expect(back).toContain(`"value":1234567890123456.78`);
    const gql = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: as(ADMIN, { "content-type": "application/json" }),
      body: JSON.stringify({
        query: `{ payment(id: "${id}") { totalAmount { value } } billingAccount(id: "${account.body.id}") { accountBalance { amount { value } } } }`,
      }),
    });
    const text = await gql.text();
    expect(text).toContain(`"totalAmount":{"value":1234567890123456.78}`);
    expect(text).toContain(`"amount":{"value":-1234567890123456.78}`);
    // The largest value the column holds (on an account of its own: the balance holds no more either).
    const fresh = await admin("POST", ACCOUNTS, {
      name: "Max",
      relatedParty: [{ id: customerId, name: "Hostile Ltd", role: "Customer", "@referredType": "Customer" }],
    });
    const max = await fetch(`${server.url}${PAYMENTS}`, {
      method: "POST",
      headers: as(ADMIN, { "content-type": "application/json" }),
      body: `{"account":{"id":"${fresh.body.id}"},"paymentMethod":{"id":"pm","name":"card","@type":"PaymentMethodRef"},"totalAmount":{"unit":"EUR","value":"9999999999999999.99"}}`,
    });
    expect(await max.text()).toContain(`"value":9999999999999999.99`);
  });
});

describe("the rules hold on every write path", () => {
  const patch = (path: string, body: unknown) => admin("PATCH", path, body, { "content-type": "application/merge-patch+json" });

  it("a credit limit patched in an unknown unit, with too many decimals, negative or in another currency is refused", async () => {
    const account = `${ACCOUNTS}/${accountId}`;
    expect((await patch(account, { creditLimit: { unit: "NOPE", value: 1 } })).status).toBe(400);
    expect((await patch(account, { creditLimit: { unit: "EUR", value: 1.234 } })).status).toBe(400);
    expect((await patch(account, { creditLimit: { unit: "EUR", value: -5 } })).status).toBe(400);
    const other = await patch(account, { creditLimit: { unit: "USD", value: 5 } });
    expect(other.status).toBe(422);
    expect(other.body.message).toContain("EUR");
    expect((await admin("GET", `${account}?fields=creditLimit`)).body.creditLimit).toEqual({ unit: "EUR", value: 500 });
    expect((await patch(account, { creditLimit: { unit: "eur", value: 750 } })).status).toBe(200);
  });

  it("an account cannot lose its customer, and an empty list does not satisfy a mandatory attribute", async () => {
    const detach = await patch(`${ACCOUNTS}/${accountId}`, { relatedParty: [] });
    expect(detach.status).toBe(400);
    expect(detach.body.message).toContain("relatedParty");
    const noCustomer = await patch(`${ACCOUNTS}/${accountId}`, {
      relatedParty: [{ id: "someone", name: "Someone", role: "Partner", "@referredType": "Organization" }],
    });
    expect(noCustomer.status).toBe(422);
    expect((await admin("POST", ACCOUNTS, { name: "Empty", relatedParty: [] })).status).toBe(400);
    const owned = await admin("POST", "/graphql", { query: `{ billingAccount(id: "${accountId}") { customer { id } } }` });
    expect(owned.body.data.billingAccount.customer.id).toBe(customerId);
  });

  it("a bill's state cannot contradict its remaining amount", async () => {
    const bill = await admin("POST", BILLS, { billingAccount: { id: accountId }, amountDue: { unit: "EUR", value: 100 } });
    expect(bill.status).toBe(201);
    const path = `${BILLS}/${bill.body.id}`;
    const settled = await patch(path, { state: "settled" });
    expect(settled.status).toBe(422);
    expect(settled.body.message).toContain("remaining amount 100");
    expect((await patch(path, { state: "sent" })).status).toBe(200);
    const pay = await admin("POST", PAYMENTS, {
      account: { id: accountId },
      paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
      totalAmount: { unit: "EUR", value: 40 },
      paymentItem: [{ item: { id: bill.body.id, "@referredType": "CustomerBill" }, totalAmount: { unit: "EUR", value: 40 } }],
    });
    expect(pay.status).toBe(201);
    expect((await patch(path, { state: "new" })).status).toBe(422);
    expect((await patch(path, { state: "onHold" })).status).toBe(200);
    expect((await admin("GET", `${path}?fields=state,remainingAmount`)).body).toMatchObject({ state: "onHold", remainingAmount: { value: 60 } });
  });

  it("a payment's amount and taxAmount, alone or together, are checked against its total", async () => {
    const base = {
      account: { id: accountId },
      paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
      totalAmount: { unit: "EUR", value: 10 },
    };
    const before = await countRows(server, "payment");
    expect((await admin("POST", PAYMENTS, { ...base, amount: { unit: "USD", value: 5 } })).status).toBe(400);
    expect((await admin("POST", PAYMENTS, { ...base, amount: { unit: "EUR", value: 15 } })).status).toBe(400);
    expect((await admin("POST", PAYMENTS, { ...base, amount: { unit: "EUR", value: -1 } })).status).toBe(400);
    expect((await admin("POST", PAYMENTS, { ...base, taxAmount: { unit: "NOPE", value: 1 } })).status).toBe(400);
    expect(await countRows(server, "payment")).toBe(before);
    expect((await admin("POST", PAYMENTS, { ...base, amount: { unit: "EUR", value: 8 } })).status).toBe(201);
    expect(await countRows(server, "payment")).toBe(before + 1);
  });
});

describe("idempotency keys belong to their principal", () => {
  it("another principal reusing a key creates its own payment and never receives the first one's", async () => {
    const body = { account: { id: accountId }, paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" }, totalAmount: { unit: "EUR", value: 3 } };
    const first = await server.request("POST", PAYMENTS, body, as(ADMIN, { "idempotency-key": "shared-key-1" }));
    const again = await server.request("POST", PAYMENTS, body, as(ADMIN, { "idempotency-key": "shared-key-1" }));
    const other = await server.request("POST", PAYMENTS, body, as(OTHER, { "idempotency-key": "shared-key-1" }));
    expect([first.status, again.status, other.status]).toEqual([201, 201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(other.body.id).not.toBe(first.body.id);
  });
});

describe("prototype keys (__proto__, constructor, prototype): refused on every carrier, inert when stored", () => {
  const V5_CUSTOMERS = "/tmf-api/customer/v5/customer";
  const KEYS = ["__proto__", "constructor", "prototype"];
  const characteristic = (key: string) => `{"name":"c","valueType":"object","value":{"nested":[{"${key}":{"polluted":true}}]}}`;
  /** Every row of the customer table, as text: equal before and after, or something was written. */
  const customers = async () => (await server.db.pool.query(`SELECT string_agg(c::text, ',' ORDER BY id) AS s FROM customer c`)).rows[0].s as string;

  it("REST: POST, merge PATCH, JSON Patch (value, pointer) and JSON Patch Query refuse them at any depth, and nothing is written", async () => {
    const before = await customers();
    for (const key of KEYS) {
      const post = await admin(
        "POST",
        CUSTOMERS,
        `{"name":"x","engagedParty":{"id":"p","@referredType":"Individual"},"characteristic":[${characteristic(key)}]}`,
      );
      const merge = await admin("PATCH", `${CUSTOMERS}/${customerId}`, `{"characteristic":[${characteristic(key)}]}`, {
        "content-type": "application/merge-patch+json",
      });
      const value = await admin("PATCH", `${V5_CUSTOMERS}/${customerId}`, `[{"op":"add","path":"/characteristic","value":[${characteristic(key)}]}]`, {
        "content-type": "application/json-patch+json",
      });
      const pointer = await admin("PATCH", `${V5_CUSTOMERS}/${customerId}`, `[{"op":"add","path":"/engagedParty/${key}","value":{}}]`, {
        "content-type": "application/json-patch+json",
      });
      const query = await admin("PATCH", `${V5_CUSTOMERS}/${customerId}`, `[{"op":"add","path":"$.engagedParty['${key}']","value":{}}]`, {
        "content-type": "application/json-patch-query+json",
      });
      for (const [carrier, res] of Object.entries({ post, merge, value, pointer, query })) {
        expect(res.status, `${key} ${carrier}: ${JSON.stringify(res.body)}`).toBe(400);
        expect(res.body).toMatchObject({ ...tmfError(400), code: "BAD_USER_INPUT" });
      }
      expect(pointer.body.message).toBe("Patch operation 0 has a path that is too long or reaches a prototype");
      expect(query.body.message).toBe("Patch operation 0: a path cannot name __proto__, constructor or prototype");
    }
    expect((await admin("POST", CUSTOMERS, `{"name":"x","characteristic":[${characteristic("constructor")}]}`)).body.message).toBe(
      "A JSON body cannot hold the key characteristic[0].value.nested[0].constructor: __proto__, constructor and prototype keys are not accepted",
    );
    expect(await customers()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("GraphQL: a JSON literal (create, merge patch, JSON Patch value) is a BAD_USER_INPUT naming where, and nothing is written", async () => {
    const before = await customers();
    for (const key of KEYS) {
      const value = `{ nested: [{ ${key}: { polluted: true } }] }`;
      const documents = [
        `mutation { updateCustomer(id: "${customerId}", patch: { characteristic: [{ name: "c", value: ${value} }] }) { id } }`,
        `mutation { patchCustomer(id: "${customerId}", representation: v5, operations: [{ op: add, path: "/description", value: ${value} }]) { id } }`,
      ];
      for (const query of documents) {
        const res = await admin("POST", "/graphql", { query });
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.errors[0].extensions.code, JSON.stringify(res.body)).toBe("BAD_USER_INPUT");
        expect(res.body.errors[0].message).toContain(`A JSON value cannot hold the key value.nested[0].${key}`);
      }
    }
    expect(await customers()).toBe(before);
  });

  it("GraphQL: a JSON variable is refused by the one policy, in the HTTP body or, in process, by the JSON scalar (BAD_USER_INPUT naming where)", async () => {
    const before = await customers();
    const query = `mutation ($ops: [JsonPatchOperation!]!) { patchCustomer(id: "${customerId}", representation: v5, operations: $ops) { id } }`;
    const overHttp = await admin(
      "POST",
      "/graphql",
      `{"query":${JSON.stringify(query)},"variables":{"ops":[{"op":"add","path":"/description","value":{"prototype":1}}]}}`,
    );
    expect(overHttp.status).toBe(400);
    expect(overHttp.body.message ?? overHttp.body.errors?.[0]?.message).toContain("cannot hold the key variables.ops[0].value.prototype");
    // What JSON.parse makes of {"__proto__": …} (an own key), as a variable reaching the schema directly.
    const { graphql } = await import("graphql");
    const { getSchema } = await import("../src/schema/schema.js");
    const direct = await graphql({
      schema: await getSchema(),
      source: query,
      variableValues: JSON.parse('{"ops":[{"op":"add","path":"/description","value":{"a":{"__proto__":{"polluted":true}}}}]}'),
    });
    expect(direct.errors?.map((e) => ({ message: e.message, code: e.extensions.code }))).toEqual([
      {
        message:
          'Variable "$ops" got invalid value { a: { __proto__: [Object] } } at "ops[0].value"; A JSON value cannot hold the key value.a.__proto__: __proto__, constructor and prototype keys are not accepted',
        code: "BAD_USER_INPUT",
      },
    ]);
    expect(await customers()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a row holding __proto__ in a JSON column (written in SQL) reads back as a plain own key, on REST and GraphQL, and no prototype changes", async () => {
    const created = await admin("POST", CUSTOMERS, { name: "Old row", engagedParty: { id: "p", "@referredType": "Individual" } });
    await server.db.pool.query(`UPDATE customer SET characteristic = $2::jsonb WHERE id = $1`, [
      created.body.id,
      '[{"name":"legacy","value":{"__proto__":{"polluted":true},"kept":1}}]',
    ]);
    const raw = async (path: string, init: RequestInit = {}) =>
      (await fetch(`${server.url}${path}`, { ...init, headers: as(ADMIN, { "content-type": "application/json" }) })).text();
    const stored = '{"kept":1,"__proto__":{"polluted":true}}'; // jsonb's key order
    expect(await raw(`${CUSTOMERS}/${created.body.id}?fields=characteristic`)).toContain(`"characteristic":[{"name":"legacy","value":${stored}}]`);
    // v5 reads it as the typed subclass its value is (ObjectCharacteristic), the key still a plain own key.
    expect(await raw(`${V5_CUSTOMERS}/${created.body.id}`)).toContain(`"characteristic":[{"name":"legacy","value":${stored},"@type":"ObjectCharacteristic"}]`);
    const gql = await raw("/graphql", {
      method: "POST",
      body: JSON.stringify({ query: `{ customer(id: "${created.body.id}") { characteristic { name value } } }` }),
    });
    expect(gql).toBe(`{"data":{"customer":{"characteristic":[{"name":"legacy","value":${stored}}]}}}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe("federation's _entities: representations are input like any other", () => {
  const entities = (key: string, r: unknown, selection = "__typename") =>
    server.request("POST", "/graphql", { query: `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, variables: { r } }, as(key));

  it("more than 1000 representations, prototype-named or unknown types, a missing id: 400 with a code, nothing read", async () => {
    const before = server.db.pool.statements;
    const tooMany = await entities(
      ADMIN,
      Array.from({ length: 1001 }, () => ({ __typename: "Customer", id: customerId })),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", limit: "representations" });
    for (const bad of [
      { __typename: "constructor", id: "x" },
      { __typename: "__proto__", id: "x" },
      { __typename: "Query", id: "x" },
      { __typename: "Customer", id: "" },
    ]) {
      const res = await entities(ADMIN, [bad]);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    }
    expect(server.db.pool.statements - before).toBe(0);
  });

  it("a type whose read scope the caller lacks is FORBIDDEN, even beside one it may read", async () => {
    const res = await entities(CUSTOMER_READER, [
      { __typename: "Customer", id: customerId },
      { __typename: "BillingAccount", id: accountId },
    ]);
    expect(res.body.errors[0].extensions.code).toBe("FORBIDDEN");
    expect(res.body.data).toBeNull();
  });

  it("each representation counts against the cost budget with what it selects", async () => {
    const r = Array.from({ length: 250 }, () => ({ __typename: "Customer", id: customerId }));
    const res = await entities(ADMIN, r, "... on Customer { accounts(limit: 100) { id } }");
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toContain("cost 25250 > maximum complexity 25000");
  });
});
