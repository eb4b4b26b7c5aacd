import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { RESOURCES } from "../src/modules/registry.js";
import { relationsOf } from "../src/resource/description.js";

// A list's cost depends on its page, not on the collection: its count stops at LIST_COUNT_MAX (and
// says so instead of giving a number that is not the total), and its offset at LIST_MAX_OFFSET.
// Rows are seeded with SQL, many at once.

const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const COUNT_MAX = 25;
const MAX_OFFSET = 40;

let server: TestServer;

/** `n` customers named `<prefix> 00001…`, one statement. */
async function seed(prefix: string, n: number): Promise<void> {
  await server.db.pool.query(
    `INSERT INTO customer (id, name, "engagedParty", "atType", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1 || ' ' || lpad(g::text, 5, '0'), '{"id": "p", "name": "P"}', 'Individual', now(), now()
     FROM generate_series(1, $2::int) AS g`,
    [prefix, n],
  );
}

beforeAll(async () => {
  server = await startTestServer({ LIST_COUNT_MAX: String(COUNT_MAX), LIST_MAX_OFFSET: String(MAX_OFFSET) });
  await seed("LB-A", COUNT_MAX);
  await seed("LB-B", COUNT_MAX + 1);
});
afterAll(() => server?.close());

describe("the count bound (LIST_COUNT_MAX)", () => {
  it("answers X-Total-Count exactly up to the bound, with a last link", async () => {
    const res = await server.request("GET", `${CUSTOMERS}?name*=^LB-A&limit=10&fields=name`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-total-count")).toBe("25");
    expect(res.headers.get("x-total-count-exceeds")).toBeNull();
    expect(res.headers.get("x-result-count")).toBe("10");
    expect(res.headers.get("link")).toContain('offset=20&limit=10>; rel="last"');
  });

  it("beyond the bound leaves X-Total-Count out and says the count exceeds the bound; no last link", async () => {
    const res = await server.request("GET", `${CUSTOMERS}?name*=^LB-B&limit=10&fields=name`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-total-count")).toBeNull();
    expect(res.headers.get("x-total-count-exceeds")).toBe("25");
    expect(res.headers.get("x-result-count")).toBe("10");
    expect(res.body).toHaveLength(10);
    const link = res.headers.get("link")!;
    expect(link).toContain('rel="next"');
    expect(link).not.toContain('rel="last"');
  });

  it("stops counting at the bound: the statement reads at most bound + 1 rows", async () => {
    const before = server.db.pool.statements;
    await server.request("GET", `${CUSTOMERS}?name*=^LB&limit=1`);
    // One statement: the page, its count riding in it.
    expect(server.db.pool.statements - before).toBe(1);
    const page = server.db.pool.texts.at(-1);
    const count = /\(SELECT count\(\*\)::int AS n FROM \(SELECT 1 FROM "customer" WHERE (.*) LIMIT \$(\d+)\) AS matching\) AS "__total"/.exec(page!);
    expect(count, page).not.toBeNull();
    expect(count![1]).not.toContain("ORDER BY");
    // Unfiltered, in the order of the (createdAt, id) index: an index-only scan that stops at the bound.
    const all = await server.request("GET", `${CUSTOMERS}?limit=1`);
    expect(all.headers.get("x-total-count-exceeds")).toBe(String(COUNT_MAX));
    const unfiltered = server.db.pool.texts.filter((t) => t.includes("count(*)")).at(-1)!;
    expect(unfiltered).toMatch(/\(SELECT 1 FROM "customer" WHERE TRUE ORDER BY "createdAt", "id" LIMIT \$\d+\) AS matching/);
  });

  it("has the indexes a count in creation order reads: (createdAt, id) on every list (after its partition column, for a partitioned table), (column, createdAt, id) for every navigated column", async () => {
    const { rows } = (await server.db.pool.query(`SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'`)) as {
      rows: { tablename: string; indexdef: string }[];
    };
    const leads = (table: string, columns: string[]) =>
      rows.some((r) => r.tablename === table && r.indexdef.includes(`USING btree (${columns.map((c) => (/^[a-z]+$/.test(c) ? c : `"${c}"`)).join(", ")})`));
    for (const resource of RESOURCES) {
      const table = resource.storage.table;
      // A partitioned table is read within the deployment's part: its index leads with the partition column.
      const order = [...(resource.storage.partition ? [resource.storage.partition.column] : []), "createdAt", "id"];
      expect(leads(table, order), `${table} (${order.join(", ")})`).toBe(true);
      for (const relation of relationsOf(resource).filter((r) => r.inverse)) {
        expect(leads(table, [relation.column, "createdAt", "id"]), `${table} (${relation.column}, createdAt, id)`).toBe(true);
      }
    }
  });

  it("on GraphQL: exact up to the bound, the bound + 1 beyond it", async () => {
    const res = await server.graphql<{ a: number; b: number; none: number }>(
      `{ a: customersCount(filter: { name: { regex: "^LB-A" } }) b: customersCount(filter: { name: { regex: "^LB-B" } })
         none: customersCount(filter: { name: { eq: "nobody" } }) }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ a: 25, b: 26, none: 0 });
  });
});

describe("the offset bound (LIST_MAX_OFFSET)", () => {
  it("serves a page at the largest offset", async () => {
    const res = await server.request("GET", `${CUSTOMERS}?name*=^LB&offset=${MAX_OFFSET}&limit=5&sort=name&fields=name`);
    expect(res.status).toBe(200);
    expect(res.body.map((c: { name: string }) => c.name)).toEqual(["LB-B 00016", "LB-B 00017", "LB-B 00018", "LB-B 00019", "LB-B 00020"]);
  });

  it("refuses a deeper offset on REST with a 400 that names the cursor to use", async () => {
    const res = await server.request("GET", `${CUSTOMERS}?offset=${MAX_OFFSET + 1}&limit=5`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ "@type": "Error", code: "BAD_USER_INPUT", status: "400" });
    expect(res.body.message).toContain(`offset must be at most ${MAX_OFFSET}, got ${MAX_OFFSET + 1}`);
    expect(res.body.message).toContain("`cursor` parameter");
  });

  it("refuses it on GraphQL with BAD_USER_INPUT, root lists and navigations alike", async () => {
    const root = await server.graphql(`{ customers(offset: ${MAX_OFFSET + 1}) { id } }`);
    expect(root.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(root.errors?.[0]?.message).toContain(`offset must be at most ${MAX_OFFSET}`);
    const nested = await server.graphql(`{ customers(limit: 1) { accounts(offset: ${MAX_OFFSET + 1}) { id } } }`);
    expect(nested.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(nested.errors?.[0]?.message).toContain(`offset must be at most ${MAX_OFFSET}`);
  });
});
