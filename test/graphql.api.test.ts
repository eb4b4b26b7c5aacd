import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { countRows } from "./support/sql-counts.js";

let server: TestServer;

const portalQuery = readFileSync(new URL("../graphql/examples/portal-customers.graphql", import.meta.url), "utf8");

async function seed(tag: string, customers: number, accountsEach: number, paymentsEach: number) {
  for (let c = 0; c < customers; c++) {
    const customer = await server.graphql<{ createCustomer: { id: string } }>(`mutation ($input: CustomerInput!) { createCustomer(input: $input) { id } }`, {
      input: { name: `Customer ${tag}${c}`, engagedParty: { id: `party-${c}`, atReferredType: "Individual" } },
    });
    const customerId = customer.data!.createCustomer.id;
    for (let a = 0; a < accountsEach; a++) {
      const account = await server.graphql<{ createBillingAccount: { id: string } }>(
        `mutation ($input: BillingAccountInput!) { createBillingAccount(input: $input) { id } }`,
        { input: { name: `Account ${c}.${a}`, relatedParty: [{ id: customerId, name: `Customer ${tag}${c}`, role: "customer", atReferredType: "Customer" }] } },
      );
      const accountId = account.data!.createBillingAccount.id;
      for (let p = 0; p < paymentsEach; p++) {
        const payment = await server.graphql(`mutation ($input: PaymentInput!) { createPayment(input: $input) { id } }`, {
          input: {
            account: { id: accountId },
            paymentMethod: { id: "pm", name: "card", atType: "PaymentMethodRef" },
            totalAmount: { unit: "EUR", value: "10.10" },
          },
        });
        expect(payment.errors).toBeUndefined();
      }
    }
  }
}

async function statementsFor(query: string, variables?: Record<string, unknown>) {
  const before = server.db.pool.statements;
  const result = await server.graphql(query, variables);
  expect(result.errors).toBeUndefined();
  return { statements: server.db.pool.statements - before, data: result.data };
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe("GraphQL API", () => {
  it("runs the portal query as written, with a constant number of SQL statements whatever N", async () => {
    await seed("a", 2, 2, 2);
    const small = await statementsFor(portalQuery);
    const customers = (small.data as { customers: { accounts: { payments: { account: { id: string } }[] }[] }[] }).customers;
    expect(customers).toHaveLength(2);
    expect(customers[0]!.accounts).toHaveLength(2);
    expect(customers[0]!.accounts[0]!.payments).toHaveLength(2);

    await seed("b", 8, 3, 3);
    const nested = `{ customers(limit: 50) { id accounts { id customer { id } payments { id account { id } billingAccount { id } refunds { id } } } } }`;
    const smallNested = await statementsFor(nested.replace("limit: 50", "limit: 2"));
    const bigNested = await statementsFor(nested);
    expect((bigNested.data as { customers: unknown[] }).customers).toHaveLength(10);
    expect(bigNested.statements).toBe(smallNested.statements);
    expect(bigNested.statements).toBeLessThanOrEqual(4);
  });

  it("gives every navigation list its total beside the page: one grouped count per level", async () => {
    const query = `{ customers(limit: 50) { id accountsCount accounts(limit: 1) { id paymentsCount payments(limit: 1) { id } } } }`;
    const { data, statements } = await statementsFor(query);
    const customers = (data as { customers: { id: string; accountsCount: number; accounts: { id: string; paymentsCount: number; payments: unknown[] }[] }[] })
      .customers;
    const seeded = customers.filter((c) => c.accountsCount > 0);
    expect(seeded.length).toBeGreaterThanOrEqual(10);
    for (const customer of seeded) {
      const { rows } = await server.db.pool.query(`SELECT count(*)::int AS n FROM billing_account WHERE "customerId" = $1`, [customer.id]);
      expect(customer.accountsCount).toBe(rows[0].n);
      expect(customer.accounts).toHaveLength(1); // the page, while the count is of all of them
      const account = customer.accounts[0]!;
      const payments = await server.db.pool.query(`SELECT count(*)::int AS n FROM payment WHERE "accountId" = $1`, [account.id]);
      expect(account.paymentsCount).toBe(payments.rows[0].n);
    }
    expect(seeded.some((c) => c.accountsCount > 1)).toBe(true);
    expect(statements).toBeLessThanOrEqual(5); // customers, accounts, their count, payments, their count
  });

  it("serves concurrent requests for different customers each with its own customer", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const created = await server.graphql(`mutation ($input: CustomerInput!) { createCustomer(input: $input) { id } }`, {
        input: { name: `Concurrent ${i}`, engagedParty: { id: `party-${i}`, atReferredType: "Individual" } },
      });
      ids.push((created.data as { createCustomer: { id: string } }).createCustomer.id);
    }
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(ids.map((id) => server.request("GET", `/tmf-api/customerManagement/v4/customer/${id}?fields=name,engagedParty`)));
      expect(results.map((r) => [r.status, r.body.id, r.body.name, r.body.engagedParty.id])).toEqual(
        ids.map((id, i) => [200, id, `Concurrent ${i}`, `party-${i}`]),
      );
    }
  });

  it("filters with operators, nested ids and in-lists, sorts and counts", async () => {
    const accounts = await server.graphql<{ billingAccounts: { id: string }[] }>(`{ billingAccounts(limit: 1) { id } }`);
    const accountId = accounts.data!.billingAccounts[0]!.id;
    for (const value of ["5.00", "20.50", "99.99"]) {
      await server.graphql(`mutation ($input: PaymentInput!) { createPayment(input: $input) { id } }`, {
        input: { account: { id: accountId }, paymentMethod: { name: "card", atType: "BankCard" }, totalAmount: { unit: "EUR", value } },
      });
    }
    const res = await server.graphql<{ payments: { totalAmount: { value: number } }[]; paymentsCount: number }>(
      `query ($f: PaymentFilter) {
        payments(filter: $f, sort: [{ field: totalAmount, order: DESC }]) { totalAmount { value } }
        paymentsCount(filter: $f)
      }`,
      { f: { account: { id: { eq: accountId } }, totalAmount: { value: { gt: "10.10", lte: 99.99 } } } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.payments.map((p) => p.totalAmount.value)).toEqual([99.99, 20.5]);
    expect(res.data!.paymentsCount).toBe(2);
    // Created in an order that is neither the ascending nor the descending one; "Sort Kilo" sorts
    // among them but is not in the list.
    for (const name of ["Sort Mike", "Sort Zulu", "Sort Kilo", "Sort Alpha"]) {
      const created = await server.graphql(`mutation ($input: CustomerInput!) { createCustomer(input: $input) { id } }`, {
        input: { name, engagedParty: { id: "party-sort", atReferredType: "Individual" } },
      });
      expect(created.errors).toBeUndefined();
    }
    const inList = async (order: "ASC" | "DESC") => {
      const res = await server.graphql<{ customers: { name: string }[] }>(
        `query ($order: SortOrder!) { customers(filter: { name: { in: ["Sort Zulu", "Sort Alpha", "Sort Mike", "Sort Nobody"] } }, sort: [{ field: name, order: $order }]) { name } }`,
        { order },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.customers.map((c) => c.name);
    };
    expect(await inList("ASC")).toEqual(["Sort Alpha", "Sort Mike", "Sort Zulu"]);
    expect(await inList("DESC")).toEqual(["Sort Zulu", "Sort Mike", "Sort Alpha"]);
  });

  it("reports bad input and unknown ids with error codes, writing nothing", async () => {
    const count = async () => [await countRows(server, "payment"), await countRows(server, "customer")];
    const before = await count();
    expect(before[0]).toBeGreaterThan(0);
    const missing = await server.graphql(`mutation { createCustomer(input: { name: "No party" }) { id } }`);
    expect(missing.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect(missing.errors![0]!.message).toContain("engagedParty");
    const unknownAccount = await server.graphql(
      `mutation { createPayment(input: { account: { id: "8f0c1a9e-0000-4000-8000-000000000000" }, paymentMethod: { name: "x", atType: "BankCard" }, totalAmount: { unit: "EUR", value: 1 } }) { id } }`,
    );
    expect(unknownAccount.errors![0]!.extensions!.code).toBe("UNPROCESSABLE");
    const notFound = await server.graphql(`mutation { updateCustomer(id: "nope", patch: { name: "x" }) { id } }`);
    expect(notFound.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const badMoney = await server.graphql(
      `mutation { createPayment(input: { account: { id: "x" }, paymentMethod: { name: "x", atType: "BankCard" }, totalAmount: { unit: "EUR", value: "abc" } }) { id } }`,
    );
    expect(badMoney.errors![0]!.extensions!.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    expect(await count()).toEqual(before);
    expect(await server.graphql(`{ customer(id: "00000000-0000-4000-8000-000000000000") { id } }`)).toEqual({ data: { customer: null } });
  });

  it("keeps money exact: 0.1 + 0.2 style amounts read back exactly", async () => {
    const accounts = await server.graphql<{ billingAccounts: { id: string }[] }>(`{ billingAccounts(limit: 1) { id } }`);
    const res = await server.graphql<{
      createPayment: { id: string; totalAmount: { value: number }; amount: { value: number }; taxAmount: { value: number } };
    }>(`mutation ($input: PaymentInput!) { createPayment(input: $input) { id amount { value } taxAmount { value } totalAmount { value } } }`, {
      input: {
        account: { id: accounts.data!.billingAccounts[0]!.id },
        paymentMethod: { name: "card", atType: "BankCard" },
        amount: { unit: "EUR", value: 0.1 },
        taxAmount: { unit: "EUR", value: 0.2 },
        totalAmount: { unit: "EUR", value: 0.3 },
      },
    });
    expect(res.errors).toBeUndefined();
    const { id, ...amounts } = res.data!.createPayment;
    expect(amounts).toEqual({ amount: { value: 0.1 }, taxAmount: { value: 0.2 }, totalAmount: { value: 0.3 } });
    const stored = await server.db.pool.query(
      `SELECT "amountValue"::text AS amount, "taxAmountValue"::text AS tax, "totalAmountValue"::text AS total FROM payment WHERE id = $1`,
      [id],
    );
    expect(stored.rows).toEqual([{ amount: "0.1000", tax: "0.2000", total: "0.3000" }]);
  });

  it("serves the local explorer (GraphiQL) to browsers on GET /graphql", async () => {
    const res = await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("/graphql/explorer/assets/explorer.js");
  });

  it("runs GET /graphql?query= with a CSRF prevention header; without one, a 400 that names it", async () => {
    const get = (search: string, headers: Record<string, string> = {}) => fetch(`${server.url}/graphql?${search}`, { headers });
    const count = `query=${encodeURIComponent("query Count { customersCount }")}`;
    const hash = `extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } }))}`;
    for (const [search, headers] of [
      [count, {}],
      [count, { "content-type": "text/plain" }],
      [count, { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }],
      [count, { "apollo-require-preflight": "" }],
      [hash, {}],
      [`documentId=sha256:${"0".repeat(64)}`, {}],
    ] as const) {
      const refused = await get(search, headers);
      expect(refused.status, `${search} ${JSON.stringify(headers)}`).toBe(400);
      expect(refused.headers.get("content-type")).toMatch(/^application\/json/);
      const { errors } = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(errors).toHaveLength(1);
      expect(errors[0]!.extensions).toEqual({ code: "BAD_REQUEST" });
      expect(errors[0]!.message).toContain("send the header `apollo-require-preflight: true`");
      expect(errors[0]!.message).toContain("x-apollo-operation-name");
    }
    for (const headers of [{ "apollo-require-preflight": "true" }, { "x-apollo-operation-name": "Count" }, { "content-type": "application/json" }] as Record<
      string,
      string
    >[]) {
      const answer = await get(count, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(200);
      expect(((await answer.json()) as { data: unknown }).data).toEqual({ customersCount: expect.any(Number) });
    }
  });
});
