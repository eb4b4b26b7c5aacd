import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlOrderBy, sqlWhere } from "../src/resource/where.js";
import { paymentStorage, UUID_A, UUID_B } from "./fixtures/storage.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

// A GraphQL `<Type>Filter` value (what GraphQL clients send, and what REST query parameters become)
// → the SQL of the list and count statements, run on real PostgreSQL against rows written here: each
// expectation is the set of rows (by name) a user would expect, written down.
let db: TestDatabase;

const ROWS = [
  {
    id: UUID_A,
    name: "a",
    status: "done",
    value: "10.00",
    unit: "EUR",
    date: "2024-01-01T00:00:00Z",
    accountId: UUID_A,
    accountRef: { name: "Main" },
    channel: { id: "web", name: "Shop" },
    relatedParty: [{ id: "c-1" }, { id: "c-2" }],
  },
  {
    id: UUID_B,
    name: "b",
    status: "failed",
    value: "99.99",
    unit: "USD",
    date: "2024-01-31T23:59:59Z",
    accountId: UUID_B,
    accountRef: { name: "Other" },
    channel: { id: "app" },
    relatedParty: [{ id: "c-2" }],
  },
  {
    id: "7a1c2b7e-8d4a-4c1e-9b2f-0a1b2c3d4e50",
    name: "c",
    status: null,
    value: "100",
    unit: "EUR",
    date: "2024-02-01T00:00:00Z",
    accountId: null,
    accountRef: null,
    channel: null,
    relatedParty: null,
  },
];

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(`CREATE TABLE payment_like (
    id uuid PRIMARY KEY, name text, status text, "totalAmountValue" numeric, "totalAmountUnit" text, "paymentDate" timestamptz,
    "accountId" uuid, "accountRef" jsonb, channel jsonb, "relatedParty" jsonb, "createdAt" timestamptz NOT NULL DEFAULT now())`);
  for (const [i, r] of ROWS.entries()) {
    await db.pool.query(
      `INSERT INTO payment_like VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + make_interval(secs => $11))`,
      // An absent attribute is SQL NULL, as the store writes it.
      [r.id, r.name, r.status, r.value, r.unit, r.date, r.accountId, json(r.accountRef), json(r.channel), json(r.relatedParty), i],
    );
  }
});
afterAll(() => db?.close());

async function names(filter: Record<string, unknown> | null, sort?: { field: string; order: string }[]): Promise<string[]> {
  const where = sqlWhere(filter, paymentStorage);
  const { rows } = await db.pool.query(
    `SELECT name FROM payment_like WHERE ${where.text} ORDER BY ${sqlOrderBy(sort, { ...paymentStorage, table: "payment_like" })}`,
    where.values,
  );
  return rows.map((r: { name: string }) => r.name);
}

describe("sqlWhere on PostgreSQL", () => {
  it("no filter matches everything; values are parameters, never text of the statement", async () => {
    expect(await names(null)).toEqual(["a", "b", "c"]);
    const clause = sqlWhere({ name: { eq: "x'; DROP TABLE payment_like; --" } }, paymentStorage);
    expect(clause).toEqual({ text: `"name" = $1`, values: ["x'; DROP TABLE payment_like; --"] });
    expect(await names({ name: { eq: "x'; DROP TABLE payment_like; --" } })).toEqual([]);
  });

  it("text: eq, in, and ne — which, as in SQL, never matches a missing value", async () => {
    expect(await names({ status: { eq: "done" } })).toEqual(["a"]);
    expect(await names({ status: { in: ["done", "failed"] } })).toEqual(["a", "b"]);
    expect(await names({ status: { ne: "done" } })).toEqual(["b"]);
    expect(await names({ status: { in: [] } })).toEqual([]);
  });

  it("Money: the value compared exactly as a number (100 > 99.99), the unit on its own", async () => {
    expect(await names({ totalAmount: { value: { gt: "99.99" } } })).toEqual(["c"]);
    expect(await names({ totalAmount: { value: { gte: "10", lte: "99.99" }, unit: { eq: "EUR" } } })).toEqual(["a"]);
    expect(await names({ totalAmount: { value: { in: ["10", "100.0"] } } })).toEqual(["a", "c"]);
  });

  it("date-times compare as instants, whatever the offset written", async () => {
    expect(await names({ paymentDate: { gte: "2024-01-01T01:00:00+01:00", lt: "2024-02-01T00:00:00Z" } })).toEqual(["a", "b"]);
    expect(await names({ paymentDate: { gt: "2024-01-31T23:59:59Z" } })).toEqual(["c"]);
  });

  it("ids: a malformed id matches nothing (instead of an SQL error), and is dropped from an in-list", async () => {
    expect(await names({ id: { eq: UUID_B } })).toEqual(["b"]);
    expect(await names({ id: { eq: "404ID" } })).toEqual([]);
    expect(await names({ id: { in: [UUID_A, "nope", UUID_B] } })).toEqual(["a", "b"]);
    expect(await names({ id: { ne: UUID_A } })).toEqual(["b", "c"]);
  });

  it("a reference through its foreign key (account.id → accountId) and by name in its JSONB rest", async () => {
    expect(await names({ account: { id: { eq: UUID_A } } })).toEqual(["a"]);
    expect(await names({ account: { id: { eq: "not-a-uuid" } } })).toEqual([]);
    expect(await names({ account: { name: { in: ["Main", "Other"] } } })).toEqual(["a", "b"]);
  });

  it("a reference kept whole in JSONB; a list of references matches when any element does", async () => {
    expect(await names({ channel: { id: { eq: "web" } } })).toEqual(["a"]);
    // ne never matches a missing value: b's channel has no name.
    expect(await names({ channel: { name: { ne: "Shop" } } })).toEqual([]);
    expect(await names({ channel: { id: { in: ["web", "app"] } } })).toEqual(["a", "b"]);
    expect(await names({ relatedParty: { id: { eq: "c-2" } } })).toEqual(["a", "b"]);
    expect(await names({ relatedParty: { id: { in: ["c-1", "c-9"] } } })).toEqual(["a"]);
    expect(await names({ relatedParty: { id: { ne: "c-1" } } })).toEqual(["b"]);
  });

  it("several attributes: all must hold", async () => {
    expect(await names({ totalAmount: { unit: { eq: "EUR" } }, status: { eq: "done" } })).toEqual(["a"]);
  });
});

describe("sqlOrderBy", () => {
  it("defaults to creation order then id; follows the sort given; Money by its value; id ends every order", async () => {
    expect(sqlOrderBy(undefined, paymentStorage)).toBe(`"createdAt" ASC, "id" ASC`);
    expect(await names(null, [{ field: "name", order: "DESC" }])).toEqual(["c", "b", "a"]);
    expect(await names(null, [{ field: "totalAmount", order: "DESC" }])).toEqual(["c", "b", "a"]);
    expect(
      sqlOrderBy(
        [
          { field: "paymentDate", order: "DESC" },
          { field: "name", order: "ASC" },
        ],
        paymentStorage,
      ),
    ).toBe(`"paymentDate" DESC, "name" ASC, "id" ASC`);
    expect(sqlOrderBy([{ field: "id", order: "DESC" }], paymentStorage)).toBe(`"id" DESC`);
  });

  it("refuses a field that is not an attribute (never an identifier from the client)", () => {
    expect(() => sqlOrderBy([{ field: `name" DESC; --`, order: "ASC" }], paymentStorage)).toThrow(/Cannot sort by/);
  });
});
