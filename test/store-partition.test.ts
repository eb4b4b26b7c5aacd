import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Db } from "../src/db/database.js";
import { partyRoleResource } from "../src/modules/party-role/party-role.resource.js";
import type { PartyRole } from "../src/modules/party-role/party-role.type.js";
import { ResourceStore } from "../src/resource/resource-store.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

// A partitioned table (storage.partition; party roles, by security function) read and written by
// the stores of two deployments sharing one database: every path of the store — by id, by key in a
// batch, a page per parent, grouped counts, lists, keyset pages, counts, patches, deletes, locks —
// sees its own deployment's rows only.

let db: TestDatabase;
let mine: ResourceStore<PartyRole>;
let theirs: ResourceStore<PartyRole>;
let mineDb: Db;
let theirsDb: Db;

beforeAll(async () => {
  db = await createTestDatabase();
  mineDb = new Db(db.pool, true, 0, undefined, { odaComponents: ["TMFC029"] });
  theirsDb = new Db(db.pool, true, 0, undefined, { odaComponents: ["TMFC031"] });
  mine = new ResourceStore(mineDb, partyRoleResource);
  theirs = new ResourceStore(theirsDb, partyRoleResource);
});
afterAll(() => db?.close());

describe("a partitioned store", () => {
  it("sees only its deployment's rows, on every read and write path", async () => {
    const own = await mineDb.transaction((tx) => mine.insert(tx, { name: "partitioned" }));
    const other = await theirsDb.transaction((tx) => theirs.insert(tx, { name: "partitioned" }));
    const { rows } = await db.pool.query(`SELECT id::text, "securityFunction" FROM party_role WHERE name = 'partitioned' ORDER BY 2`);
    expect(rows).toEqual([
      { id: own.id, securityFunction: "TMFC029" },
      { id: other.id, securityFunction: "TMFC031" },
    ]);
    const both = [own.id, other.id];

    expect(await mine.findById(other.id)).toBeNull();
    expect((await mine.findById(own.id))?.name).toBe("partitioned");
    expect((await mine.findWhereIn("id", both)).map((r) => r.id)).toEqual([own.id]);
    expect((await mineDb.transaction((tx) => mine.findWhereIn("id", both, tx))).map((r) => r.id)).toEqual([own.id]);
    expect((await mine.findPageWhereIn("id", both, { offset: 0, limit: 5 })).map((r) => r.id)).toEqual([own.id]);
    expect(await mine.countWhereIn("id", both)).toEqual(new Map([[own.id, 1]]));
    const filter = { name: { eq: "partitioned" } };
    expect((await mine.list({ filter, offset: 0, limit: 10 })).map((r) => r.id)).toEqual([own.id]);
    expect(await mine.count(filter)).toBe(1);
    const page = await mine.page({ filter, offset: 0, limit: 10, count: true });
    expect([page.rows.map((r) => r.id), page.total]).toEqual([[own.id], 1]);

    await expect(mineDb.transaction((tx) => mine.patch(tx, other.id, { status: "Suspended" }))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(mineDb.transaction((tx) => mine.remove(tx, other.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const changed = await mineDb.transaction(
      async (tx) => (await tx.query(mine.updating(other.id, { status: "Suspended" }).text, mine.updating(other.id, { status: "Suspended" }).values)).length,
    );
    expect(changed).toBe(0);
    expect((await theirs.findById(other.id))?.status ?? null).toBeNull();

    await mineDb.transaction((tx) => mine.remove(tx, own.id));
    expect(await theirs.findById(other.id)).not.toBeNull();
  });
});
