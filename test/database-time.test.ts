import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Database time a client controls: a regular expression PostgreSQL would compile for seconds is
// refused before any SQL; every statement of the service runs under DATABASE_STATEMENT_TIMEOUT_MS,
// and its expiry is the client's 400 for a list or count its filter made expensive, a 503 otherwise.

const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
/** The reported attack: 27 characters, ~7 s of PostgreSQL per compilation. */
const ATTACK = "(.?){255}(.?){255}(.?){255}";
const NESTED = "cannot quantify what holds a quantifier already";

const names = (body: unknown) => (body as { name: string }[]).map((c) => c.name).sort();
const timed = async <T>(work: () => Promise<T>) => {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
};

describe("regular expressions of filters", () => {
  let server: TestServer;
  const get = (query: string) => server.request("GET", `${CUSTOMERS}?${query}`);

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ["DT Acme 555-1234", "DT foo", "DT bar", "DT aXXb", "DT other"]) {
      expect((await server.request("POST", CUSTOMERS, { name, engagedParty: { id: "dt", "@referredType": "Organization" } })).status).toBe(201);
    }
  });
  afterAll(() => server?.close());

  it("refuses the reported attack at once, on REST (.regex and *=) and on GraphQL, naming the rule", async () => {
    for (const query of [
      `name.regex=${encodeURIComponent(ATTACK)}`,
      `name*=${encodeURIComponent(ATTACK)}`,
      `engagedParty.name*=${encodeURIComponent(ATTACK)}`,
    ]) {
      const { result, ms } = await timed(() => get(query));
      expect(result.status, query).toBe(400);
      expect(result.body).toMatchObject({ code: "BAD_USER_INPUT", status: "400", "@type": "Error" });
      expect(result.body.message).toContain(NESTED);
      expect(ms).toBeLessThan(2000); // PostgreSQL would have compiled it for seconds, for the list and again for the count
    }
    const { result, ms } = await timed(() =>
      server.graphql(`query ($p: String!) { customers(filter: { name: { regex: $p } }) { name } customersCount(filter: { name: { regex: $p } }) }`, {
        p: ATTACK,
      }),
    );
    expect(result.data).toBeNull();
    expect(result.errors![0]!.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.errors![0]!.message).toContain(NESTED);
    expect(ms).toBeLessThan(2000); // PostgreSQL would have compiled it for seconds, for the list and again for the count
  });

  it("refuses nested quantifiers and repetitions expanding past 100 characters", async () => {
    const nested = await get(`name*=${encodeURIComponent("(a+)+$")}`);
    expect(nested.status).toBe(400);
    expect(nested.body.message).toContain(NESTED);
    const expanding = await get(`name.regex=${encodeURIComponent("[a-z]{101}")}`);
    expect(expanding.status).toBe(400);
    expect(expanding.body.message).toContain("cannot expand beyond 100 characters through repetitions");
    const graphql = await server.graphql(`{ customersCount(filter: { name: { regex: "((ab){2}){3}" } }) }`);
    expect(graphql.errors![0]!.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("still filters with ordinary patterns", async () => {
    const cases: [string, string[]][] = [
      ["^DT Acme", ["DT Acme 555-1234"]],
      ["[0-9]{3}-[0-9]{4}", ["DT Acme 555-1234"]],
      ["DT (foo|bar)$", ["DT bar", "DT foo"]],
      ["a.*b", ["DT aXXb"]],
      [".{0,98}X{2}", ["DT aXXb"]], // the largest expansion accepted
    ];
    for (const [pattern, expected] of cases) {
      const res = await get(`name*=${encodeURIComponent(pattern)}`);
      expect(res.status, pattern).toBe(200);
      expect(names(res.body), pattern).toEqual(expected);
      expect(res.headers.get("x-total-count"), pattern).toBe(String(expected.length));
    }
  });
});

describe("DATABASE_STATEMENT_TIMEOUT_MS", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DATABASE_STATEMENT_TIMEOUT_MS: "100" });
    // 3,000 customers with a 100 kB status reason (stored compressed: cheap to write): a regular expression
    // over them all takes PostgreSQL seconds, far beyond the 100 ms limit however fast the machine.
    const seed = new pg.Client({ connectionString: server.db.url });
    await seed.connect();
    try {
      await seed.query(`INSERT INTO customer (id, name, "statusReason", "engagedParty", "updatedAt")
        SELECT gen_random_uuid(), 'Slow ' || i, repeat('ab', 50000), '{"id": "slow"}', now() FROM generate_series(1, 3000) i`);
    } finally {
      await seed.end();
    }
  });
  afterAll(() => server?.close());

  it("is 5000 ms by default, 0 turns it off, anything else but a whole number of ms is refused at start-up", () => {
    expect(loadConfig({}).statementTimeoutMs).toBe(5000);
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: "0" }).statementTimeoutMs).toBe(0);
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: "5s" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: "-1" })).toThrow(ConfigError);
  });

  it("applies to every connection of the pool", async () => {
    const shown: pg.QueryResult = await server.db.pool.query("SHOW statement_timeout");
    expect(shown.rows).toEqual([{ statement_timeout: "100ms" }]);
  });

  it("a list or count a client's filter makes longer is a 400 QUERY_TOO_EXPENSIVE naming the limit, on REST and GraphQL", async () => {
    const { result, ms } = await timed(() => server.request("GET", `${CUSTOMERS}?statusReason*=x&limit=5`));
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ code: "QUERY_TOO_EXPENSIVE", status: "400", "@type": "Error", reason: "Query too expensive" });
    expect(result.body.message).toBe("The query took longer than 100 ms (DATABASE_STATEMENT_TIMEOUT_MS); narrow the filter");
    expect(ms).toBeLessThan(3000);
    const graphql = await server.graphql(`{ customersCount(filter: { statusReason: { regex: "x" } }) }`);
    expect(graphql.errors![0]!.extensions?.code).toBe("QUERY_TOO_EXPENSIVE");
    expect(graphql.errors![0]!.message).toContain("narrow the filter");
  });

  it("a write held past it (an account row locked elsewhere) is a 503 with Retry-After, and nothing is written", async () => {
    const customer = (await server.request("POST", CUSTOMERS, { name: "Payer", engagedParty: { id: "p", "@referredType": "Organization" } })).body;
    const account = await server.request("POST", "/tmf-api/accountManagement/v4/billingAccount", {
      name: "Locked account",
      relatedParty: [{ id: customer.id, name: "Payer", role: "customer", "@referredType": "Customer" }],
    });
    expect(account.status).toBe(201);
    const holder = new pg.Client({ connectionString: server.db.url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT 1 FROM billing_account WHERE id = $1 FOR UPDATE`, [account.body.id]);
      const { result: payment, ms } = await timed(() =>
        server.request("POST", PAYMENTS, {
          account: { id: account.body.id },
          paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
          totalAmount: { unit: "EUR", value: "1.00" },
        }),
      );
      expect(ms).toBeLessThan(5000); // the statement timeout, not the 10 s lock timeout of a unit of work
      expect(payment.status).toBe(503);
      expect(payment.headers.get("retry-after")).toBe("5");
      expect(payment.body).toMatchObject({ code: "SERVICE_UNAVAILABLE", "@type": "Error", status: "503" });
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }
    const payments = await server.request("GET", `${PAYMENTS}?account.id=${account.body.id}`);
    expect(payments.body).toEqual([]);
  });

  it("leaves the service healthy: ordinary reads and writes keep working", async () => {
    const created = await server.request("POST", CUSTOMERS, { name: "After", engagedParty: { id: "a", "@referredType": "Organization" } });
    expect(created.status).toBe(201);
    expect((await server.request("GET", `${CUSTOMERS}/${created.body.id}`)).body.name).toBe("After");
    const listed = await server.request("GET", `${CUSTOMERS}?name=After`);
    expect(names(listed.body)).toEqual(["After"]);
    expect((await server.request("GET", "/ready")).status).toBe(200);
  });
});
