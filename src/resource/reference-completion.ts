import type { Sql } from "../db/sql.js";
import { attributesOf } from "./attributes.js";
import type { ResourceDescription } from "./description.js";
import { UUID } from "./storage.js";

type Row = Record<string, unknown>;
type Ref = { id?: unknown; name?: unknown; atReferredType?: unknown };

/**
 * The resources of this gateway a reference attribute (or list of references) may name, by
 * attribute: where a reference lacks its `name` or `@referredType`, the resource it names gives them.
 */
export type ReferenceTargets = Readonly<Record<string, () => readonly ResourceDescription[]>>;

/**
 * The reference attributes of `input` (GraphQL shape) that lack a `name` or an `@referredType`
 * (TMF v5 requires neither, v4 often both), completed from the resource each names when the gateway
 * holds it: its `name`, and its type as `@referredType`. What the writer gave is kept. One statement
 * per target table for the whole write, whatever the number of references. Returns the completed
 * attributes only (none: nothing to complete, or nothing held).
 */
export async function completeReferences(tx: Sql, input: Row, targets: ReferenceTargets): Promise<Row> {
  const incomplete = new Map<string, Ref[]>();
  for (const attribute of Object.keys(targets)) {
    const value = input[attribute];
    const refs = (Array.isArray(value) ? value : value ? [value] : []) as Ref[];
    const lacking = refs.filter((ref) => typeof ref?.id === "string" && UUID.test(ref.id) && (ref.name == null || ref.atReferredType == null));
    if (lacking.length) incomplete.set(attribute, lacking);
  }
  if (!incomplete.size) return {};
  const ids = [...new Set([...incomplete.values()].flat().map((ref) => ref.id as string))];
  const found = new Map<string, { name: unknown; type: string }>();
  const tables = [
    ...new Set(
      Object.keys(targets)
        .filter((a) => incomplete.has(a))
        .flatMap((a) => targets[a]!()),
    ),
  ];
  // One resource per id: the first table (in the order given) that holds it.
  for (const target of tables) {
    const name = attributesOf(target.type as never).some((a) => a.name === "name") ? `"name"` : "NULL";
    const rows = await tx.query<{ id: string; name: unknown }>(
      `SELECT id::text AS id, ${name} AS name FROM "${target.storage.table}" WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    for (const row of rows) if (!found.has(row.id)) found.set(row.id, { name: row.name, type: target.name });
  }
  const completed: Row = {};
  for (const attribute of incomplete.keys()) {
    const value = input[attribute];
    const complete = (ref: Ref) => {
      const held = typeof ref?.id === "string" ? found.get(ref.id) : undefined;
      return held ? { ...ref, name: ref.name ?? held.name, atReferredType: ref.atReferredType ?? held.type } : ref;
    };
    completed[attribute] = Array.isArray(value) ? value.map(complete) : complete(value as Ref);
  }
  return completed;
}
