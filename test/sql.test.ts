import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Db } from "../src/db/database.js";
import { PoolSql } from "../src/db/sql.js";
import { customerResource } from "../src/modules/customer/customer.resource.js";
import { ResourceStore } from "../src/resource/resource-store.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

// The raw statement layer under bookings, on a real PostgreSQL: batches committed as groups, and
// values inlined as literals in those batches.

let db: TestDatabase;
let sql: PoolSql;

const insert = (id: number, note: string) => ({ text: `INSERT INTO sql_test (id, note) VALUES ($1, $2) RETURNING id, note`, values: [id, note] });
const ids = async () => (await db.pool.query(`SELECT id FROM sql_test ORDER BY id`)).rows.map((r: { id: number }) => r.id);

beforeAll(async () => {
  db = await createTestDatabase();
  sql = new PoolSql(db.pool);
  await db.pool.query(`CREATE TABLE sql_test (id int PRIMARY KEY, note text NOT NULL)`);
});
afterAll(() => db?.close());

describe("PoolSql.batch", () => {
  it("commits the batches of one turn of the event loop as one message, each getting its own rows", async () => {
    await db.pool.query(`TRUNCATE sql_test`);
    const before = db.pool.statements;
    const results = await Promise.all([sql.batch([insert(1, "a")]), sql.batch([insert(2, "b"), insert(3, "c")]), sql.batch([insert(4, "d")])]);
    expect(db.pool.statements - before).toBe(1);
    expect(results).toEqual([[[{ id: 1, note: "a" }]], [[{ id: 2, note: "b" }], [{ id: 3, note: "c" }]], [[{ id: 4, note: "d" }]]]);
    expect(await ids()).toEqual([1, 2, 3, 4]);
  });

  it("when one batch of a group fails, only that one fails, and none of its statements is committed", async () => {
    await db.pool.query(`TRUNCATE sql_test`);
    await sql.batch([insert(10, "existing")]);
    const outcomes = await Promise.allSettled([
      sql.batch([insert(11, "first")]),
      sql.batch([insert(12, "written before the failure"), insert(10, "duplicate")]),
      sql.batch([insert(13, "last")]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: "23505" });
    expect(await ids()).toEqual([10, 11, 13]);
  });

  it("refuses text with a NUL character as bad input, failing only the batch that holds it", async () => {
    await db.pool.query(`TRUNCATE sql_test`);
    const outcomes = await Promise.allSettled([sql.batch([insert(30, "fine")]), sql.batch([insert(31, "nul \u0000 inside")])]);
    expect(outcomes[0]!.status).toBe("fulfilled");
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: "BAD_USER_INPUT", status: 400 });
    expect(await ids()).toEqual([30]);
  });

  it("inlines values as literals that cannot break out of the statement", async () => {
    await db.pool.query(`TRUNCATE sql_test`);
    const hostile = [`O'Brien`, `back\\slash '); DROP TABLE sql_test; --`, `"quoted" \\' $1 $$ \u00e9\u4e2d\ud83d\ude00`, `\\x00\\n`];
    const results = await Promise.all(hostile.map((note, i) => sql.batch([insert(20 + i, note)])));
    expect(results.map((r) => r[0]![0]!.note)).toEqual(hostile);
    const { rows } = await db.pool.query(`SELECT note FROM sql_test ORDER BY id`);
    expect(rows.map((r: { note: string }) => r.note)).toEqual(hostile);
  });
});

describe("ResourceStore reads by key", () => {
  it("coalesces the reads of concurrent requests into one statement, each getting its own rows", async () => {
    const database = new Db(db.pool);
    const customers = { store: new ResourceStore(database, customerResource) };
    const created = [];
    for (let i = 0; i < 25; i++)
      created.push(
        await database.transaction((tx) => customers.store.insert(tx, { name: `Reader ${i}`, engagedParty: { id: `p-${i}`, atReferredType: "Individual" } })),
      );
    const before = db.pool.statements;
    const found = await Promise.all([
      ...created.map((c) => customers.store.findById(c.id)),
      customers.store.findById("00000000-0000-4000-8000-000000000000"),
      customers.store.findById("not-a-uuid"),
    ]);
    expect(db.pool.statements - before).toBe(1);
    expect(found.map((c) => c?.name ?? null)).toEqual([...created.map((c) => c.name), null, null]);
  });
});
