import { describe, expect, it } from "vitest";
import { buildOrderBy, buildWhere } from "../../src/resource/where.js";
import { paymentStorage, UUID_A, UUID_B } from "../fixtures/storage.js";

// A GraphQL `<Type>Filter` value (what GraphQL clients send, and what REST query parameters become)
// → the Prisma `where` of the list and count queries; `sort` → `orderBy`. The layout of columns
// follows the storage convention (test/fixtures/storage.ts).

/** A uuid filter that can match nothing: malformed ids are decided before SQL (uuid columns would raise). */
const NOTHING = { id: { in: [] } };

describe("buildWhere", () => {
  it("no filter, or an empty one, is no condition", () => {
    expect(buildWhere(undefined, paymentStorage)).toEqual({});
    expect(buildWhere(null, paymentStorage)).toEqual({});
    expect(buildWhere({}, paymentStorage)).toEqual({});
  });

  it("text operators: eq → equals, ne → not, in → in", () => {
    expect(buildWhere({ name: { eq: "Moon Hooch" } }, paymentStorage)).toEqual({ AND: [{ name: { equals: "Moon Hooch" } }] });
    expect(buildWhere({ status: { ne: "failed", in: ["done", "pending"] } }, paymentStorage)).toEqual({
      AND: [{ status: { not: "failed", in: ["done", "pending"] } }],
    });
  });

  it("several attributes: all must hold", () => {
    expect(buildWhere({ status: { eq: "done" }, name: { eq: "x" } }, paymentStorage)).toEqual({
      AND: [{ name: { equals: "x" } }, { status: { equals: "done" } }],
    });
  });

  it("Money: the value on its NUMERIC column, the unit on its own", () => {
    expect(buildWhere({ totalAmount: { value: { gt: "10", lte: "99.99" }, unit: { eq: "EUR" } } }, paymentStorage)).toEqual({
      AND: [{ totalAmountUnit: { equals: "EUR" } }, { totalAmountValue: { gt: "10", lte: "99.99" } }],
    });
  });

  it("date-times: compared as dates, so 2024-01-01T01:00:00+01:00 is midnight UTC", () => {
    expect(buildWhere({ paymentDate: { gte: "2024-01-01T01:00:00+01:00", lt: "2024-02-01T00:00:00Z" } }, paymentStorage)).toEqual({
      AND: [{ paymentDate: { gte: new Date("2024-01-01T00:00:00.000Z"), lt: new Date("2024-02-01T00:00:00.000Z") } }],
    });
  });

  describe("ids (uuid columns)", () => {
    it("a well-formed id is matched on the column", () => {
      expect(buildWhere({ id: { eq: UUID_A } }, paymentStorage)).toEqual({ AND: [{ id: UUID_A }] });
    });

    it("a malformed id matches nothing, instead of an SQL error", () => {
      expect(buildWhere({ id: { eq: "404ID" } }, paymentStorage)).toEqual({ AND: [NOTHING] });
    });

    it("in: malformed ids are dropped from the list; ne of a malformed id excludes nothing", () => {
      expect(buildWhere({ id: { in: [UUID_A, "nope", UUID_B] } }, paymentStorage)).toEqual({ AND: [{ id: { in: [UUID_A, UUID_B] } }] });
      expect(buildWhere({ id: { in: ["nope"] } }, paymentStorage)).toEqual({ AND: [{ id: { in: [] } }] });
      expect(buildWhere({ id: { ne: "nope" } }, paymentStorage)).toEqual({ AND: [{ AND: [] }] });
    });

    it("eq and ne together both hold", () => {
      expect(buildWhere({ id: { eq: UUID_A, ne: UUID_B } }, paymentStorage)).toEqual({
        AND: [{ AND: [{ id: UUID_A }, { id: { not: UUID_B } }] }],
      });
    });
  });

  describe("references", () => {
    it("by id, through the foreign key column (account.id → accountId)", () => {
      expect(buildWhere({ account: { id: { eq: UUID_A } } }, paymentStorage)).toEqual({ AND: [{ accountId: UUID_A }] });
      expect(buildWhere({ account: { id: { eq: "not-a-uuid" } } }, paymentStorage)).toEqual({ AND: [NOTHING] });
    });

    it("by name, in the JSONB rest of a foreign-key reference (accountRef)", () => {
      expect(buildWhere({ account: { name: { eq: "Main" } } }, paymentStorage)).toEqual({
        AND: [{ accountRef: { path: ["name"], equals: "Main" } }],
      });
    });

    it("a reference kept whole in JSONB: path equality", () => {
      expect(buildWhere({ channel: { id: { eq: "web" }, name: { ne: "Shop" } } }, paymentStorage)).toEqual({
        AND: [{ channel: { path: ["id"], equals: "web" } }, { NOT: { channel: { path: ["name"], equals: "Shop" } } }],
      });
    });

    it("a list of references matches when any element does (JSONB containment); in is any of", () => {
      expect(buildWhere({ relatedParty: { id: { eq: "c-1" } } }, paymentStorage)).toEqual({
        AND: [{ relatedParty: { array_contains: [{ id: "c-1" }] } }],
      });
      expect(buildWhere({ relatedParty: { id: { in: ["c-1", "c-2"] } } }, paymentStorage)).toEqual({
        AND: [{ OR: [{ relatedParty: { array_contains: [{ id: "c-1" }] } }, { relatedParty: { array_contains: [{ id: "c-2" }] } }] }],
      });
    });
  });
});

describe("buildOrderBy", () => {
  it("defaults to creation order, then id (pages are stable)", () => {
    expect(buildOrderBy(undefined, paymentStorage)).toEqual([{ createdAt: "asc" }, { id: "asc" }]);
    expect(buildOrderBy([], paymentStorage)).toEqual([{ createdAt: "asc" }, { id: "asc" }]);
  });

  it("follows the sort given, in order, and ends with id", () => {
    expect(
      buildOrderBy([{ field: "paymentDate", order: "DESC" }, { field: "name", order: "ASC" }], paymentStorage),
    ).toEqual([{ paymentDate: "desc" }, { name: "asc" }, { id: "asc" }]);
  });

  it("sorts Money by its value column", () => {
    expect(buildOrderBy([{ field: "totalAmount", order: "DESC" }], paymentStorage)).toEqual([{ totalAmountValue: "desc" }, { id: "asc" }]);
  });

  it("adds no second id when id is sorted on", () => {
    expect(buildOrderBy([{ field: "id", order: "DESC" }], paymentStorage)).toEqual([{ id: "desc" }]);
  });
});
