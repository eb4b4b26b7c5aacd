import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// REST lists walked by their Link header in both directions: `next` by `cursor`, and on a page
// reached by cursor `prev` by `before` (both read through the GraphQL connection). Every row exactly
// once each way while rows are inserted between pages, in the sort orders a client uses (creation
// order, a date, a string with NULLs, money with NULLs, ties everywhere); the count on pages read by
// offset only, bounded by LIST_COUNT_MAX; forged and stale positions a 400 TMF Error.

const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
const COUNT_MAX = 30;
const SEEDED = 27;
const PAGE = 5;

let server: TestServer;
let accountId: string;
let seededIds: string[];

/**
 * `n` payments on the account, numbered from `from`: payment dates in pairs (ties), descriptions
 * `RP <g mod 4>` with every fifth NULL, amounts `g mod 3` with every fourth NULL, total amounts in
 * threes. Rows inserted later (`from` beyond the first) fall everywhere in every order.
 */
async function seed(n: number, from: number): Promise<string[]> {
  const { rows } = (await server.db.pool.query(
    `INSERT INTO payment (id, "accountId", "accountRef", description, "paymentDate", status, "statusDate", "amountValue", "amountUnit",
                          "totalAmountValue", "totalAmountUnit", "paymentMethod", "atType", "createdAt")
     SELECT gen_random_uuid(), $3::uuid, '{}'::jsonb, CASE WHEN g % 5 = 0 THEN NULL ELSE 'RP ' || (g % 4) END,
            timestamptz '2026-01-01' + ((g * 7) % 40 / 2) * interval '1 hour', 'done', now(),
            CASE WHEN g % 4 = 0 THEN NULL ELSE g % 3 END, 'EUR', (g % 9 / 3) + 0.25, 'EUR',
            '{"id": "pm-1", "name": "Visa"}', 'Payment', timestamptz '2026-01-01' + (g / 3) * interval '1 second'
     FROM generate_series($1::int, $1::int + $2::int - 1) AS g RETURNING id::text`,
    [from, n, accountId],
  )) as { rows: { id: string }[] };
  return rows.map((r) => r.id);
}

/** The URL of `rel` in a Link header. */
const linkOf = (res: { headers: Headers }, rel: string) =>
  (res.headers.get("link") ?? "")
    .split(", ")
    .map((part) => new RegExp(`^<([^>]+)>; rel="${rel}"$`).exec(part)?.[1])
    .find(Boolean);

const listUrl = (sort: string, extra = "") => `${PAYMENTS}?account.id=${accountId}&fields=id&limit=${PAGE}${sort ? `&sort=${sort}` : ""}${extra}`;

interface Walk {
  ids: string[];
  /** The URLs of the pages after the first, as their Links gave them. */
  urls: URL[];
}

/**
 * Follows `rel` from `start` to the end, inserting two rows after each of the first three pages;
 * each page's rows are taken in list order (a backward walk prepends).
 */
async function walk(start: string, rel: "next" | "prev", inserted: { from: number }): Promise<Walk> {
  const ids: string[] = [];
  const urls: URL[] = [];
  let path: string | undefined = start;
  for (let pages = 1; path; pages++) {
    const res = await server.request("GET", path);
    expect(res.status, path).toBe(200);
    const page = (res.body as { id: string }[]).map((p) => p.id);
    if (rel === "next") ids.push(...page);
    else ids.unshift(...page);
    if (pages <= 3) await seed(2, (inserted.from += 2));
    const next = linkOf(res, rel);
    if (next) urls.push(new URL(next));
    path = next && new URL(next).pathname + new URL(next).search;
    expect(pages).toBeLessThan(100);
  }
  return { ids, urls };
}

/** The list as one page, for comparison: every row of the account in that order. */
async function whole(sort: string): Promise<string[]> {
  const res = await server.request("GET", `${PAYMENTS}?account.id=${accountId}&fields=id&limit=1000${sort ? `&sort=${sort}` : ""}`);
  expect(res.status).toBe(200);
  return (res.body as { id: string }[]).map((p) => p.id);
}

beforeAll(async () => {
  server = await startTestServer({ LIST_COUNT_MAX: String(COUNT_MAX) });
  const customer = await server.request("POST", "/tmf-api/customerManagement/v4/customer", {
    name: "Cursor Walker",
    engagedParty: { id: "org-1", "@referredType": "Organization" },
  });
  const account = await server.request("POST", "/tmf-api/accountManagement/v4/billingAccount", {
    name: "Walked account",
    relatedParty: [{ id: customer.body.id, name: "Cursor Walker", role: "customer", "@referredType": "Customer" }],
  });
  expect(account.status).toBe(201);
  accountId = account.body.id;
  seededIds = await seed(SEEDED, 1);
});
afterAll(() => server?.close());

const ORDERS = ["", "paymentDate", "-paymentDate", "description", "-description", "amount", "-totalAmount", "-paymentDate,description", "status,-amount"];

describe("REST lists walked by cursor, both directions", () => {
  it("walks forward by next and back by prev: every row exactly once each way while rows are inserted, in every order", async () => {
    const inserted = { from: 1000 };
    for (const sort of ORDERS) {
      const forward = await walk(listUrl(sort), "next", inserted);
      expect(new Set(forward.ids).size, `sort=${sort}: no row twice forward`).toBe(forward.ids.length);
      for (const id of seededIds)
        expect(
          forward.ids.filter((x) => x === id),
          `sort=${sort}: ${id} once forward`,
        ).toHaveLength(1);
      expect(
        forward.urls.every((u) => u.searchParams.has("cursor") && !u.searchParams.has("offset")),
        `sort=${sort}: next by cursor`,
      ).toBe(true);
      // Back from the last page by prev, as the last forward page links it (inserts go on meanwhile).
      const lastPage = forward.urls.at(-1)!;
      const backward = await walk(lastPage.pathname + lastPage.search, "prev", inserted);
      expect(backward.urls.length, `sort=${sort}: pages back`).toBeGreaterThan(3);
      expect(
        backward.urls.every((u) => u.searchParams.has("before") && !u.searchParams.has("cursor")),
        `sort=${sort}: prev by before`,
      ).toBe(true);
      expect(new Set(backward.ids).size, `sort=${sort}: no row twice backward`).toBe(backward.ids.length);
      for (const id of seededIds)
        expect(
          backward.ids.filter((x) => x === id),
          `sort=${sort}: ${id} once backward`,
        ).toHaveLength(1);
      // Each walk is the list in its order: what was there throughout, in the order of one read of it.
      const all = await whole(sort);
      for (const ids of [forward.ids, backward.ids]) expect(ids, `sort=${sort}: in list order`).toEqual(all.filter((id) => ids.includes(id)));
    }
  });

  it("goes back from a page reached by cursor to the rows just before it, and forward again to the same page", async () => {
    const all = await whole("-paymentDate");
    const first = await server.request("GET", listUrl("-paymentDate"));
    const second = await server.request("GET", urlPath(linkOf(first, "next")!));
    const third = await server.request("GET", urlPath(linkOf(second, "next")!));
    expect(third.body.map((p: { id: string }) => p.id)).toEqual(all.slice(2 * PAGE, 3 * PAGE));
    const back = await server.request("GET", urlPath(linkOf(third, "prev")!));
    expect(back.status).toBe(200);
    expect(back.body.map((p: { id: string }) => p.id)).toEqual(all.slice(PAGE, 2 * PAGE));
    expect(back.headers.get("x-result-count")).toBe(String(PAGE));
    const again = await server.request("GET", urlPath(linkOf(back, "next")!));
    expect(again.body).toEqual(third.body);
    const start = await server.request("GET", urlPath(linkOf(back, "prev")!));
    expect(start.body).toEqual(first.body);
    // The first page of the list has nothing before it: no prev; first is offset 0.
    expect(linkOf(start, "prev")).toBeUndefined();
    expect(new URL(linkOf(start, "first")!).searchParams.get("offset")).toBe("0");
    expect(new URL(linkOf(start, "next")!).searchParams.has("cursor")).toBe(true);
  });
});

const urlPath = (url: string) => new URL(url).pathname + new URL(url).search;

describe("the count of REST pages", () => {
  it("counts a page read by offset (the first page among them), bounded by LIST_COUNT_MAX", async () => {
    const total = (await whole("")).length;
    expect(total).toBeGreaterThan(COUNT_MAX);
    const first = await server.request("GET", listUrl(""));
    expect(first.status).toBe(200);
    expect(first.headers.get("x-total-count")).toBeNull();
    expect(first.headers.get("x-total-count-exceeds")).toBe(String(COUNT_MAX));
    expect(first.headers.get("x-result-count")).toBe(String(PAGE));
    const few = await server.request("GET", `${PAYMENTS}?id=${seededIds.slice(0, 7).join(",")}&fields=id&limit=${PAGE}`);
    expect(few.headers.get("x-total-count")).toBe("7");
    expect(few.headers.get("x-result-count")).toBe(String(PAGE));
    // By account (a column its navigations page by) the count reads in that index's order; by id, in any.
    const counts = server.db.pool.texts.filter((t) => t.includes("count(*)"));
    expect(counts.at(-2)).toMatch(/WHERE "accountId" = \$3::uuid ORDER BY "createdAt", "id" LIMIT \$4\) AS matching/);
    expect(/\(SELECT 1 FROM "payment" WHERE (.*?) LIMIT \$\d+\) AS matching/.exec(counts.at(-1)!)?.[1]).not.toContain("ORDER BY");
    const offsetPage = await server.request("GET", `${listUrl("")}&offset=${PAGE}`);
    expect(offsetPage.headers.get("x-total-count-exceeds")).toBe(String(COUNT_MAX));
  });

  it("does not count a page read by cursor, either direction: no X-Total-Count, no count statement, no last link", async () => {
    const first = await server.request("GET", listUrl("amount"));
    const next = linkOf(first, "next")!;
    const before = server.db.pool.texts.length;
    const second = await server.request("GET", urlPath(next));
    const prev = await server.request("GET", urlPath(linkOf(second, "prev")!));
    const statements = server.db.pool.texts.slice(before);
    expect(statements.some((t) => t.includes("count(*)"))).toBe(false);
    for (const res of [second, prev]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("x-total-count")).toBeNull();
      expect(res.headers.get("x-total-count-exceeds")).toBeNull();
      expect(res.headers.get("x-result-count")).toBe(String(PAGE));
      expect(linkOf(res, "last")).toBeUndefined();
      expect(new URL(linkOf(res, "first")!).searchParams.get("offset")).toBe("0");
    }
  });
});

describe("forged and stale positions", () => {
  it("refuses a forged or altered before with a 400 TMF Error, never a database error", async () => {
    const second = await server.request("GET", urlPath(linkOf(await server.request("GET", listUrl("description")), "next")!));
    const before = new URL(linkOf(second, "prev")!).searchParams.get("before")!;
    const [body, tag] = before.split(".");
    const forgedBody = Buffer.from(JSON.stringify(["1", "x", ["'; DROP TABLE payment; --", "not-a-uuid"]])).toString("base64url");
    for (const [what, bad] of [
      ["garbage", "%%%"],
      ["forged", `${forgedBody}.${tag}`],
      ["altered tag", `${body}.${tag!.slice(1)}A`],
      ["unsigned", body!],
    ]) {
      const res = await server.request("GET", `${listUrl("description")}&before=${encodeURIComponent(bad!)}`);
      expect(res.status, what).toBe(400);
      expect(res.body, what).toMatchObject({ "@type": "Error", code: "BAD_USER_INPUT", status: "400" });
      expect(res.body.message, what).toContain("Invalid cursor");
    }
    const other = await server.request("GET", `${listUrl("-description")}&before=${before}`);
    expect(other.status).toBe(400);
    expect(other.body.message).toContain("it pages another list");
    const both = await server.request("GET", `${listUrl("description")}&before=${before}&cursor=${before}`);
    expect(both.status).toBe(400);
    expect(both.body.message).toContain("Give 'cursor' or 'before', not both");
  });

  it("refuses a cursor of another deployment's key, or of another version, with a 400 that says to start again", async () => {
    const other = await startTestServer({ LIST_CURSOR_SECRET: "another-deployment-secret-0123456789abcdef" }, server.db);
    try {
      const foreign = await other.request("GET", listUrl(""));
      const cursor = new URL(linkOf(foreign, "next")!).searchParams.get("cursor")!;
      for (const param of ["cursor", "before"]) {
        const res = await server.request("GET", `${listUrl("")}&${param}=${cursor}`);
        expect(res.status, param).toBe(400);
        expect(res.body.message, param).toContain("Invalid cursor");
      }
    } finally {
      await other.close();
    }
  });

  it("pages on from the position of a row deleted since (a stale cursor still names a place in the list)", async () => {
    const all = await whole("paymentDate");
    const first = await server.request("GET", listUrl("paymentDate"));
    const second = await server.request("GET", urlPath(linkOf(first, "next")!));
    const lastOfFirst = all[PAGE - 1]!;
    const firstOfSecond = all[PAGE]!;
    await server.db.pool.query(`DELETE FROM payment WHERE id = ANY($1::uuid[])`, [[lastOfFirst, firstOfSecond]]);
    const again = await server.request("GET", urlPath(linkOf(first, "next")!));
    expect(again.status).toBe(200);
    expect(again.body.map((p: { id: string }) => p.id)).toEqual(all.slice(PAGE + 1, 2 * PAGE + 1));
    const back = await server.request("GET", urlPath(linkOf(second, "prev")!));
    expect(back.status).toBe(200);
    expect(back.body.map((p: { id: string }) => p.id)).toEqual(all.slice(0, PAGE - 1));
  });
});
