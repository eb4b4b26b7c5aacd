import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// Idempotency-Key (POST payment, refund, authorizePayment, initiatePayment; GraphQL `idempotencyKey`):
// the same key and body answer the first result and create nothing more, even when the repeats race;
// the same key with another body is a 422; a key belongs to the principal that sent it.

const PAYMENT_API = "/tmf-api/paymentManagement/v4";
const KEYS = [
  { name: "billing", key: "billing-key-0123456789", scopes: ["*"] },
  { name: "partner", key: "partner-key-0123456789", scopes: ["*"] },
];
const as = (name: "billing" | "partner", idempotencyKey: string) => ({
  "x-api-key": KEYS.find((k) => k.name === name)!.key,
  "idempotency-key": idempotencyKey,
});

let server: TestServer;
let accountId: string;

const method = { name: "Card", "@type": "BankCard" };
const count = async (table: string) =>
  ((await server.db.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE "accountId" = $1`, [accountId])).rows[0] as { n: number }).n;

beforeAll(async () => {
  server = await startTestServer({ AUTH: "true", API_KEYS: JSON.stringify(KEYS) });
  const admin = { "x-api-key": KEYS[0]!.key };
  const customer = await server.request(
    "POST",
    "/tmf-api/customerManagement/v4/customer",
    { name: "Idem", engagedParty: { id: "i-1", "@referredType": "Individual" } },
    admin,
  );
  const account = await server.request(
    "POST",
    "/tmf-api/accountManagement/v4/billingAccount",
    {
      name: "Idem",
      creditLimit: { unit: "EUR", value: 1000 },
      relatedParty: [{ id: customer.body.id, name: "Idem", role: "customer", "@referredType": "Customer" }],
    },
    admin,
  );
  accountId = account.body.id;
});
afterAll(() => server?.close());

/** Each idempotent create: its path, two bodies (the second differs), the table its rows land in. */
const CREATES = [
  {
    what: "payment",
    path: "payment",
    table: "payment",
    body: (value: number) => ({ account: { id: accountId }, paymentMethod: method, totalAmount: { unit: "EUR", value } }),
  },
  {
    what: "authorizePayment",
    path: "authorizePayment",
    table: "payment_task",
    body: (value: number) => ({ authorizedPayment: { account: { id: accountId }, paymentMethod: method, totalAmount: { unit: "EUR", value } } }),
  },
  {
    what: "initiatePayment (and the payment it makes)",
    path: "initiatePayment",
    table: "payment",
    body: (value: number) => ({ initiatedPayment: { account: { id: accountId }, paymentMethod: method, totalAmount: { unit: "EUR", value } } }),
  },
];

describe("Idempotency-Key", () => {
  it.each(CREATES)("$what: racing repeats create one, a later repeat answers it, another body is a 422", async ({ path, table, body }) => {
    const key = `race-${path}`;
    const rowsBefore = await count(table).catch(() => 0);
    const racing = await Promise.all(Array.from({ length: 6 }, () => server.request("POST", `${PAYMENT_API}/${path}`, body(7), as("billing", key))));
    expect(racing.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    const later = await server.request("POST", `${PAYMENT_API}/${path}`, body(7), as("billing", key));
    expect([later.status, later.body.id]).toEqual([201, racing[0]!.body.id]);
    const other = await server.request("POST", `${PAYMENT_API}/${path}`, body(8), as("billing", key));
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ "@type": "Error", status: "422" });
    if (table === "payment") expect(await count(table)).toBe(rowsBefore + 1);
  });

  it("a refund: the same, against the payment it refunds", async () => {
    const payment = await server.request("POST", `${PAYMENT_API}/payment`, CREATES[0]!.body(50), as("billing", "refund-base"));
    const refund = (value: number) => ({
      account: { id: accountId },
      payment: { id: payment.body.id },
      paymentMethod: method,
      totalAmount: { unit: "EUR", value },
    });
    const before = await count("refund");
    const racing = await Promise.all(Array.from({ length: 6 }, () => server.request("POST", `${PAYMENT_API}/refund`, refund(10), as("billing", "refund-1"))));
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    expect((await server.request("POST", `${PAYMENT_API}/refund`, refund(11), as("billing", "refund-1"))).status).toBe(422);
    expect(await count("refund")).toBe(before + 1);
  });

  it("a key belongs to its principal: another principal's same key is another request", async () => {
    const mine = await server.request("POST", `${PAYMENT_API}/payment`, CREATES[0]!.body(3), as("billing", "shared-key"));
    const theirs = await server.request("POST", `${PAYMENT_API}/payment`, CREATES[0]!.body(4), as("partner", "shared-key"));
    expect([mine.status, theirs.status], JSON.stringify(theirs.body)).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it("GraphQL's idempotencyKey is the same key; an empty or over-long key is a 400", async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": KEYS[0]!.key },
      body: JSON.stringify({
        query: `mutation ($input: PaymentInput!) { a: createPayment(input: $input, idempotencyKey: "gql-1") { id } b: createPayment(input: $input, idempotencyKey: "gql-1") { id } }`,
        variables: { input: { account: { id: accountId }, paymentMethod: { name: "Card", atType: "BankCard" }, totalAmount: { unit: "EUR", value: 5 } } },
      }),
    }).then((r) => r.json() as Promise<{ data: { a: { id: string }; b: { id: string } } }>);
    expect(res.data.a.id).toBe(res.data.b.id);
    for (const key of ["", "k".repeat(256)]) {
      const refused = await server.request("POST", `${PAYMENT_API}/payment`, CREATES[0]!.body(1), as("billing", key));
      expect([refused.status, refused.body["@type"]]).toEqual([400, "Error"]);
    }
  });
});
