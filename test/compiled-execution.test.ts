import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// /graphql runs a query graphql-js interprets on its first run and compiled (graphql-jit) once it
// has seen it: a client must not be able to tell the two apart — data, nulls, errors, their paths
// and codes — and the compiled path must really be taken (graphql_executions_total says which).

const READER = "reader-key-0123456789abcdef";
const ADMIN = "admin-key-0123456789abcdefgh";
let server: TestServer;
let accountId: string;

/** The answer as sent (`text`: exact money, byte for byte) and parsed. */
async function post(query: string, variables: Record<string, unknown> = {}, key = ADMIN) {
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as { data?: unknown; errors?: unknown[] } };
}

async function executions(): Promise<{ compiled: number; interpreted: number }> {
  const text = (await server.request("GET", "/metrics")).body as string;
  const count = (mode: string) => Number(new RegExp(`^graphql_executions_total\\{mode="${mode}"\\} (\\d+)`, "m").exec(text)?.[1] ?? 0);
  return { compiled: count("compiled"), interpreted: count("interpreted") };
}

/** Runs `query` three times: the first answer (interpreted) and the next two (compiled) must be the same bytes. */
async function sameEveryRun(query: string, variables: Record<string, unknown> = {}, key = ADMIN) {
  const before = await executions();
  const first = await post(query, variables, key);
  const second = await post(query, variables, key);
  const third = await post(query, variables, key);
  const after = await executions();
  expect(second).toEqual(first);
  expect(third).toEqual(first);
  return { answer: first, compiled: after.compiled - before.compiled, interpreted: after.interpreted - before.interpreted };
}

beforeAll(async () => {
  server = await startTestServer({
    AUTH: "true",
    API_KEYS: JSON.stringify([
      { name: "reader", key: READER, scopes: ["customer:read"] },
      { name: "admin", key: ADMIN, scopes: ["*"] },
    ]),
  });
  const customer = await post(`mutation { createCustomer(input: { name: "Ada", engagedParty: { id: "p1", atReferredType: "Individual" } }) { id } }`);
  const customerId = (customer.body.data as { createCustomer: { id: string } }).createCustomer.id;
  const account = await post(
    `mutation ($c: String!) { createBillingAccount(input: { name: "Main", relatedParty: [{ id: $c, name: "Ada", role: "customer", atReferredType: "Customer" }] }) { id } }`,
    { c: customerId },
  );
  accountId = (account.body.data as { createBillingAccount: { id: string } }).createBillingAccount.id;
  for (const value of ["10.10", "0.05", "1234567890123456.78"]) {
    const payment = await post(
      `mutation ($a: String!, $v: Decimal!) { createPayment(input: { account: { id: $a }, paymentMethod: { id: "pm", name: "card", atType: "PaymentMethodRef" }, totalAmount: { unit: "EUR", value: $v } }) { id } }`,
      { a: accountId, v: value },
    );
    expect(payment.body.errors).toBeUndefined();
  }
});
afterAll(() => server?.close());

describe("a query runs compiled once seen, with the same answer as its first, interpreted run", () => {
  it("nested navigations, aliases, fragments, __typename, money and dates", async () => {
    const { answer, compiled, interpreted } = await sameEveryRun(
      `fragment Pay on Payment { __typename id totalAmount { unit value } paymentDate account { id href } }
       query Portal { customers(limit: 5) { id who: name href accounts { id name first: payments(limit: 2) { ...Pay } all: payments { ...Pay } } } }`,
    );
    expect(interpreted).toBe(1);
    expect(compiled).toBe(2);
    expect(answer.text).toContain('"value":1234567890123456.78');
    const [customer] = (answer.body.data as { customers: { who: string; accounts: { first: unknown[]; all: unknown[] }[] }[] }).customers;
    expect(customer!.who).toBe("Ada");
    expect(customer!.accounts[0]!.first).toHaveLength(2);
    expect(customer!.accounts[0]!.all).toHaveLength(3);
  });

  it("@include and @skip follow each run's variables", async () => {
    const query = `query ($withAmount: Boolean!, $a: String!) { payments(filter: { account: { id: { eq: $a } } }) { id totalAmount @include(if: $withAmount) { value } description @skip(if: $withAmount) } }`;
    const on = await sameEveryRun(query, { withAmount: true, a: accountId });
    const off = await sameEveryRun(query, { withAmount: false, a: accountId });
    const first = (r: typeof on) => (r.answer.body.data as { payments: Record<string, unknown>[] }).payments[0]!;
    expect(Object.keys(first(on))).toEqual(["id", "totalAmount"]);
    expect(Object.keys(first(off))).toEqual(["id", "description"]);
    expect(off.compiled).toBe(3); // compiled since the first run with the other values
  });

  it("an operation with a long name or a large document is never cached: it runs with graphql-js every time", async () => {
    const longName = await sameEveryRun(`query ${"N".repeat(300)} { __typename customers(limit: 1) { id } }`);
    expect(longName).toMatchObject({ compiled: 0, interpreted: 3 });
    const large = await sameEveryRun(`query ($id: ID! = "${"x".repeat(40_000)}") { customer(id: $id) { id } }`);
    expect(large).toMatchObject({ compiled: 0, interpreted: 3 });
    expect((large.answer.body.data as { customer: unknown }).customer).toBeNull();
  });

  it("a variable left out runs with its default, required or not (graphql-jit would refuse a required one)", async () => {
    const query = `query ($limit: Int! = 1, $offset: Int = 0) { payments(filter: { account: { id: { eq: "${accountId}" } } }, limit: $limit, offset: $offset) { id } }`;
    const runs = await sameEveryRun(query);
    expect(runs.answer.status).toBe(200);
    expect((runs.answer.body.data as { payments: unknown[] }).payments).toHaveLength(1);
    expect(runs.compiled).toBeGreaterThan(0);
  });

  it("errors keep their message, path, locations and code: a refused page, a missing scope, a bad variable", async () => {
    const badPage = await sameEveryRun(`{ customers(limit: 1) { id accounts(limit: 101) { id } } }`);
    expect(badPage.answer.body.errors).toMatchObject([
      { path: ["customers", 0, "accounts"], locations: [{ line: 1, column: 28 }], extensions: { code: "BAD_USER_INPUT" } },
    ]);
    expect(badPage.compiled).toBe(2);

    const noScope = await sameEveryRun(`{ customers(limit: 1) { id accounts { id } } }`, {}, READER);
    expect(noScope.answer.body.errors).toMatchObject([{ path: ["customers", 0, "accounts"], extensions: { code: "FORBIDDEN" } }]);
    expect(noScope.compiled).toBe(2);

    const badVariable = await sameEveryRun(`query ($n: Int!) { customers(limit: $n) { id } }`, { n: "many" });
    expect(badVariable.answer.status).toBe(400);
    expect(badVariable.answer.body.errors).toMatchObject([{ extensions: { code: "BAD_USER_INPUT" } }]);
  });

  it("a literal of a custom scalar stays with graphql-js, which parses it exactly (graphql-jit#266)", async () => {
    const { answer, compiled } = await sameEveryRun(`{ payments(filter: { totalAmount: { value: { gt: 1000000000000000.5 } } }) { totalAmount { value } } }`);
    expect(compiled).toBe(0);
    expect(answer.text).toBe('{"data":{"payments":[{"totalAmount":{"value":1234567890123456.78}}]}}');
  });

  it("fragments of fragments, each spread twice: compiled while small, interpreted once they would expand exponentially", async () => {
    const query = (depth: number) =>
      `{ customers(limit: 1) { ...F0 } }\n${Array.from({ length: depth }, (_, i) => `fragment F${i} on Customer { id ${i + 1 < depth ? `...F${i + 1} ...F${i + 1}` : ""} }`).join("\n")}`;
    const small = await sameEveryRun(query(8)); // 2^8 fields expanded
    expect(small.compiled).toBe(2);
    const large = await sameEveryRun(query(40)); // 2^40: graphql-jit would never finish compiling it
    expect(large.answer.status).toBe(200);
    expect(large.compiled).toBe(0);
  });

  it("introspection and mutations are interpreted", async () => {
    const introspection = await sameEveryRun(`{ __type(name: "Money") { fields { name } } }`);
    expect(introspection.compiled).toBe(0);
    const before = await executions();
    for (let i = 0; i < 2; i++)
      await post(`mutation { createCustomer(input: { name: "Twice", engagedParty: { id: "p2", atReferredType: "Individual" } }) { id } }`);
    expect((await executions()).compiled).toBe(before.compiled);
  });
});
