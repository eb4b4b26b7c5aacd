import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARTS, RESOURCES } from "../src/modules/registry.js";
import { attributesOf, type Attribute } from "../src/resource/attributes.js";
import { foreignKeysOf, referenceTargetOf, relationsOf, type PartDescription, type ResourceDescription } from "../src/resource/description.js";
import { columnsOf, moneyColumns, refColumn } from "../src/resource/storage.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

// Storage and description cannot drift: the database the migrations make (prisma/migrations, on a
// fresh database) is compared with every description of the registry — each described column
// exists with a type its attribute's kind can be read and written as, each foreign key the
// description states exists, and the indexes the reads rely on exist. The description is checked
// against the migrations (not generated from them): prisma/schema.prisma and its migrations stay
// the database's source, this test fails when one of them and a description disagree.

type Description = ResourceDescription | PartDescription;

/** The PostgreSQL types (information_schema `udt_name`) a column of each kind may have. */
const TYPES: Record<Attribute["kind"] | "jsonList" | "unit" | "uuid", string[]> = {
  id: ["uuid"],
  uuid: ["uuid"],
  string: ["text", "varchar"],
  unit: ["text", "varchar", "bpchar"],
  boolean: ["bool"],
  int: ["int2", "int4", "int8"],
  decimal: ["numeric"],
  dateTime: ["timestamptz", "timestamp"],
  money: ["numeric"],
  ref: ["jsonb"],
  object: ["jsonb"],
  json: ["jsonb"],
  jsonList: ["jsonb"],
};

/** The columns a description says its table has, with the types each may have. */
function describedColumns(description: Description): [string, string[]][] {
  const storage = { ...description.storage, attributes: attributesOf(description.type), foreignKeys: foreignKeysOf(description) };
  const columns: [string, string[]][] = [["id", TYPES.id]];
  for (const { name, kind, list } of columnsOf(storage)) {
    if (name === "id") continue;
    const fk = storage.foreignKeys[name];
    if (kind === "money") columns.push([moneyColumns(name).value, TYPES.money], [moneyColumns(name).unit, TYPES.unit]);
    else if (fk) columns.push([fk, TYPES.uuid], [refColumn(name), TYPES.ref]);
    else columns.push([name, list ? TYPES.jsonList : TYPES[kind]]);
  }
  // A partitioned table's column naming whose a row is (the store compares it to the deployment's text).
  if (storage.partition) columns.push([storage.partition.column, ["text"]]);
  return columns;
}

type Rows<R> = { rows: R[] };

let db: TestDatabase;
let columns: Map<string, string>;
let foreignKeys: Set<string>;
let indexes: { table: string; columns: string[] }[];

async function readCatalog(): Promise<void> {
  const cols: Rows<{ table_name: string; column_name: string; udt_name: string }> = await db.pool.query(
    `SELECT table_name, column_name, udt_name FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  columns = new Map(cols.rows.map((r) => [`${r.table_name}.${r.column_name}`, r.udt_name]));
  // Single-column foreign keys: "table.column -> target".
  const fks: Rows<{ source: string; target: string }> = await db.pool.query(`
    SELECT c.conrelid::regclass::text || '.' || a.attname AS source, c.confrelid::regclass::text AS target
    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1 AND c.connamespace = 'public'::regnamespace`);
  foreignKeys = new Set(fks.rows.map((r) => `${r.source.replaceAll('"', "")} -> ${r.target.replaceAll('"', "")}`));
  const idx: Rows<{ table: string; columns: string[] }> = await db.pool.query(`
    SELECT indrelid::regclass::text AS table, array(SELECT pg_get_indexdef(indexrelid, k, true) FROM generate_series(1, indnkeyatts) AS k ORDER BY k) AS columns
    FROM pg_index WHERE indpred IS NULL AND indrelid::regclass::text NOT LIKE 'pg\\_%'`);
  indexes = idx.rows.map((r) => ({ table: r.table.replaceAll('"', ""), columns: r.columns.map((c) => c.replaceAll('"', "")) }));
}

/** Whether an index of `table` starts with `lead` (a btree on more columns serves the same reads). */
const hasIndexLeading = (table: string, lead: string[]) => indexes.some((i) => i.table === table && lead.every((c, n) => i.columns[n] === c));

beforeAll(async () => {
  db = await createTestDatabase();
  await readCatalog();
});
afterAll(() => db?.close());

const DESCRIPTIONS: Description[] = [...RESOURCES, ...PARTS];

describe("storage and descriptions", () => {
  it.each(DESCRIPTIONS.map((d) => [d.name, d] as const))("%s: every described column exists with a compatible type", (_name, description) => {
    const { table, internal = [] } = description.storage;
    const wrong = describedColumns(description).filter(([column, types]) => !types.includes(columns.get(`${table}.${column}`) ?? "missing"));
    expect(
      wrong.map(([column, types]) => `${table}.${column}: ${columns.get(`${table}.${column}`) ?? "missing"}, described as ${types.join("|")}`).join("\n"),
    ).toBe("");
    expect(internal.filter((column) => !columns.has(`${table}.${column}`)).join(", "), `${table}: internal columns`).toBe("");
  });

  it.each(DESCRIPTIONS.map((d) => [d.name, d] as const))(
    "%s: its foreign keys and navigated columns are foreign keys to the resource they name",
    (_name, description) => {
      const { table } = description.storage;
      const references = "references" in description ? (description.references ?? {}) : {};
      // A reference to one of several resources (a payment's account: billing or settlement) has no
      // foreign key: its service checks it.
      const targetOf = (attribute: string) => referenceTargetOf(references[attribute]!)();
      const described = Object.entries(foreignKeysOf(description));
      const single = described.filter(([attribute]) => !Array.isArray(targetOf(attribute)));
      const shared = new Set(described.flatMap(([attribute, column]) => (Array.isArray(targetOf(attribute)) ? [column] : [])));
      const expected = [
        ...single.map(([attribute, column]) => `${table}.${column} -> ${(targetOf(attribute) as ResourceDescription).storage.table}`),
        ...relationsOf(description)
          .filter((r) => !r.column.includes(".") && !shared.has(r.column) && r.inverse)
          .map((r) => `${table}.${r.column} -> ${r.to().storage.table}`),
      ];
      expect(expected.filter((fk) => !foreignKeys.has(fk)).join("\n")).toBe("");
    },
  );

  it.each(DESCRIPTIONS.map((d) => [d.name, d] as const))("%s: the indexes its reads need exist", (_name, description) => {
    const { table, indexed = [], relationOrder, partition } = description.storage;
    const order = relationOrder ? relationOrder.flatMap((o) => Object.keys(o)) : ["createdAt", "id"];
    // Every read of a partitioned table is in one part: its indexes lead with the partition's column.
    const inPart = (lead: string[]) => (partition ? [partition.column, ...lead] : lead);
    const needed = [
      ...("api" in description ? [["createdAt", "id"]] : []),
      ...relationsOf(description)
        .filter((r) => r.inverse)
        .map((r) => [r.column, ...order]),
      ...indexed.map((attribute) => [attribute]),
    ].map(inPart);
    expect(
      needed
        .filter((lead) => !hasIndexLeading(table, lead))
        .map((lead) => `${table} (${lead.join(", ")})`)
        .join("\n"),
    ).toBe("");
  });

  it("reads the catalog it compares with (a table of each description, its primary key, its foreign keys)", () => {
    expect(DESCRIPTIONS.every((d) => columns.has(`${d.storage.table}.id`))).toBe(true);
    expect(foreignKeys.size).toBeGreaterThan(3);
    expect(hasIndexLeading("payment", ["id"])).toBe(true);
  });
});
