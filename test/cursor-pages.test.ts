import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// Lists read by cursor (keyset): REST's Link `next` carries a `cursor`, GraphQL's connections
// `after`/`before`. Every row exactly once in every sort order, while rows are inserted between
// pages; a cursor that is not the gateway's, or of another list, is a 400.

const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const SEEDED = 23;
const PAGE = 4;

let server: TestServer;
let seededIds: string[];

/** Customers named `CP <g mod 7>` (ties), every third without a status (NULLs), creation times with ties too. */
async function seed(n: number, from = 1): Promise<string[]> {
  const { rows } = (await server.db.pool.query(
    `INSERT INTO customer (id, name, status, "engagedParty", "atType", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), 'CP ' || (g % 7), CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN 'Approved' ELSE 'Pending' END,
            '{"id": "p", "name": "P"}', 'Individual', timestamp '2026-01-01' + (g / 2) * interval '1 second', now()
     FROM generate_series($1::int, $1::int + $2::int - 1) AS g RETURNING id::text`,
    [from, n],
  )) as { rows: { id: string }[] };
  return rows.map((r) => r.id);
}

const linkNext = (link: string | null) =>
  (link ?? "")
    .split(", ")
    .map((part) => /^<([^>]+)>; rel="next"$/.exec(part)?.[1])
    .find(Boolean);

/** Walks a REST list by its Link `next`, inserting two matching rows after each of its first three pages. */
async function walkRest(sort: string): Promise<string[]> {
  const ids: string[] = [];
  let url: string | undefined = `${server.url}${CUSTOMERS}?name*=^CP&fields=id&limit=${PAGE}${sort ? `&sort=${sort}` : ""}`;
  let pages = 0;
  while (url) {
    const res = await fetch(url);
    expect(res.status, url).toBe(200);
    ids.push(...((await res.json()) as { id: string }[]).map((c) => c.id));
    if (++pages <= 3) await seed(2, 1000 + pages * 2);
    url = linkNext(res.headers.get("link"));
    expect(pages).toBeLessThan(200);
  }
  return ids;
}

let sortFields: string[];

beforeAll(async () => {
  server = await startTestServer();
  seededIds = await seed(SEEDED);
  const enumType = await server.graphql<{ __type: { enumValues: { name: string }[] } }>(`{ __type(name: "CustomerSortField") { enumValues { name } } }`);
  sortFields = enumType.data!.__type.enumValues.map((v) => v.name);
});
afterAll(() => server?.close());

describe("REST lists by cursor", () => {
  it("offers sort fields with NULLs and ties to walk (a test of this file's premise)", () => {
    expect(sortFields).toEqual(expect.arrayContaining(["id", "name", "status"]));
  });

  it("walks every sort order, each direction: every row exactly once while rows are inserted between pages", async () => {
    const orders = ["", ...sortFields.flatMap((f) => [f, `-${f}`]), "status,-name", "-status,name"];
    for (const sort of orders) {
      const ids = await walkRest(sort);
      expect(new Set(ids).size, `sort=${sort}: no row twice`).toBe(ids.length);
      for (const id of seededIds)
        expect(
          ids.filter((x) => x === id),
          `sort=${sort}: ${id} once`,
        ).toHaveLength(1);
    }
  });

  it("keeps the filter on a page by cursor, does not count it, links prev by before, and has no next link on the last page", async () => {
    const first = await server.request("GET", `${CUSTOMERS}?name*=^CP&status=Approved&fields=id&limit=1000`);
    expect(Number(first.headers.get("x-total-count"))).toBe(first.body.length);
    const firstPage = await server.request("GET", `${CUSTOMERS}?name*=^CP&status=Approved&fields=id&limit=2`);
    const next = new URL(linkNext(firstPage.headers.get("link"))!);
    expect(next.searchParams.get("status")).toBe("Approved");
    expect(next.searchParams.has("offset")).toBe(false);
    const second = await server.request("GET", next.pathname + next.search);
    expect(second.status).toBe(200);
    expect(second.headers.get("x-total-count")).toBeNull();
    expect(second.headers.get("x-result-count")).toBe("2");
    expect(second.body.map((c: { id: string }) => c.id)).toEqual(first.body.slice(2, 4).map((c: { id: string }) => c.id));
    const prev = /<([^>]+)>; rel="prev"/.exec(second.headers.get("link")!)?.[1];
    expect(new URL(prev!).searchParams.get("status")).toBe("Approved");
    expect(new URL(prev!).searchParams.has("before")).toBe(true);
    let page = second;
    for (let pages = 2; linkNext(page.headers.get("link")); pages++) {
      const url = new URL(linkNext(page.headers.get("link"))!);
      page = await server.request("GET", url.pathname + url.search);
      expect(pages).toBeLessThan(first.body.length);
    }
    expect(page.body.at(-1).id).toBe(first.body.at(-1).id);
  });

  it("refuses a forged, an altered or a foreign cursor with a 400, never a database error", async () => {
    const firstPage = await server.request("GET", `${CUSTOMERS}?name*=^CP&sort=name&fields=id&limit=2`);
    const cursor = new URL(linkNext(firstPage.headers.get("link"))!).searchParams.get("cursor")!;
    const [body, tag] = cursor.split(".");
    const forgedBody = Buffer.from(JSON.stringify(["1", "x", ["'; DROP TABLE customer; --", "not-a-uuid"]])).toString("base64url");
    const cases: [string, string][] = [
      ["garbage", "%%%"],
      ["forged", `${forgedBody}.${tag}`],
      ["altered tag", `${body}.${tag!.slice(1)}A`],
      ["unsigned", body!],
    ];
    for (const [what, bad] of cases) {
      const res = await server.request("GET", `${CUSTOMERS}?name*=^CP&sort=name&limit=2&cursor=${encodeURIComponent(bad)}`);
      expect(res.status, what).toBe(400);
      expect(res.body, what).toMatchObject({ "@type": "Error", code: "BAD_USER_INPUT", status: "400" });
      expect(res.body.message, what).toContain("Invalid cursor");
    }
    for (const other of ["sort=-name", "sort=status", "sort=name&status=Approved"]) {
      const res = await server.request("GET", `${CUSTOMERS}?name*=^CP&${other}&limit=2&cursor=${cursor}`);
      expect(res.status, other).toBe(400);
      expect(res.body.message, other).toContain("it pages another list");
    }
    const payments = await server.request("GET", `/tmf-api/paymentManagement/v4/payment?cursor=${cursor}`);
    expect(payments.status).toBe(400);
  });
});

interface Connection {
  edges: { cursor: string; node: { id: string; name: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}
const CONNECTION = `query ($first: Int, $after: String, $last: Int, $before: String, $sort: [CustomerSort!]) {
  customersConnection(filter: { name: { regex: "^CP" } }, first: $first, after: $after, last: $last, before: $before, sort: $sort) {
    edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

async function connection(variables: Record<string, unknown>): Promise<Connection> {
  const res = await server.graphql<{ customersConnection: Connection }>(CONNECTION, variables);
  expect(res.errors).toBeUndefined();
  return res.data!.customersConnection;
}

describe("GraphQL connections", () => {
  it("walks forward with first/after and backward with last/before: the same rows, each once", async () => {
    const sort = [
      { field: "status", order: "DESC" },
      { field: "name", order: "ASC" },
    ];
    const forward: string[] = [];
    let page = await connection({ first: 5, sort });
    expect(page.pageInfo.hasPreviousPage).toBe(false);
    forward.push(...page.edges.map((e) => e.node.id));
    while (page.pageInfo.hasNextPage) {
      page = await connection({ first: 5, after: page.pageInfo.endCursor, sort });
      forward.push(...page.edges.map((e) => e.node.id));
    }
    const backward: string[] = [];
    page = await connection({ last: 5, sort });
    backward.unshift(...page.edges.map((e) => e.node.id));
    while (page.pageInfo.hasPreviousPage) {
      page = await connection({ last: 5, before: page.pageInfo.startCursor, sort });
      backward.unshift(...page.edges.map((e) => e.node.id));
    }
    expect(new Set(forward).size).toBe(forward.length);
    expect(backward).toEqual(forward);
    const list = await server.graphql<{ customers: { id: string }[] }>(
      `{ customers(filter: { name: { regex: "^CP" } }, sort: [{ field: status, order: DESC }, { field: name }], limit: 1000) { id } }`,
    );
    expect(forward).toEqual(list.data!.customers.map((c) => c.id));
  });

  it("refuses a forged cursor, first with last, and a page over the largest with BAD_USER_INPUT", async () => {
    for (const variables of [{ after: "bm90LmEuY3Vyc29y" }, { first: 1, last: 1 }, { first: 1001 }]) {
      const res = await server.graphql(CONNECTION, variables);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
    }
  });

  it("counts the list, not the page, in the page's own statement: totalCount (through a fragment too), a deep empty page included", async () => {
    const { rows } = (await server.db.pool.query(`SELECT count(*)::int AS n FROM customer WHERE name ~ '^CP 3'`)) as { rows: { n: number }[] };
    const expected = rows[0]!.n;
    expect(expected).toBeGreaterThan(2);
    const query = `query ($offset: Int!, $after: String) { customersConnection(filter: { name: { regex: "^CP 3" } }, first: 2, offset: $offset, after: $after) {
      edges { node { id } } ...counted } } fragment counted on CustomerConnection { totalCount pageInfo { endCursor } }`;
    const before = server.db.pool.statements;
    const first = await server.graphql<{ customersConnection: { edges: unknown[]; totalCount: number; pageInfo: { endCursor: string } } }>(query, {
      offset: 0,
    });
    expect(first.errors).toBeUndefined();
    expect(first.data!.customersConnection.totalCount).toBe(expected);
    expect(first.data!.customersConnection.edges).toHaveLength(2);
    expect(server.db.pool.statements - before).toBe(1);
    expect(server.db.pool.texts.at(-1)).toContain('AS matching) AS "__total" FROM "customer"');
    const after = await server.graphql<{ customersConnection: { totalCount: number } }>(query, {
      offset: 0,
      after: first.data!.customersConnection.pageInfo.endCursor,
    });
    expect(after.errors, JSON.stringify(after.errors)).toBeUndefined();
    expect(after.data!.customersConnection.totalCount).toBe(expected);
    const beyond = await server.graphql<{ customersConnection: { edges: unknown[]; totalCount: number } }>(query, { offset: expected + 5 });
    expect(beyond.errors, JSON.stringify(beyond)).toBeUndefined();
    expect(beyond.data!.customersConnection).toMatchObject({ edges: [], totalCount: expected });
    const none = await server.graphql<{ customersConnection: { totalCount: number } }>(
      `{ customersConnection(filter: { name: { eq: "nobody at all" } }) { totalCount } }`,
    );
    expect(none.data!.customersConnection.totalCount).toBe(0);
  });

  it("costs totalCount once, not once per row", async () => {
    const plain = await server.graphql(`{ customersConnection(first: 1000) { edges { node { accounts(limit: 100) { id } } } } }`);
    const counted = await server.graphql(`{ customersConnection(first: 1000) { totalCount edges { node { accounts(limit: 100) { id } } } } }`);
    expect(plain.errors?.[0]?.message).toContain("Query complexity limit exceeded: cost 101000");
    expect(counted.errors?.[0]?.message).toContain("Query complexity limit exceeded: cost 101001");
  });

  it("costs its page like a list's limit", async () => {
    const res = await server.graphql(`{ customersConnection(first: 1000) { edges { node { accounts(limit: 100) { id } } } } }`);
    expect(res.errors?.[0]?.message).toContain("Query complexity limit exceeded: cost 101000");
  });
});
