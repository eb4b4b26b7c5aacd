import type { Sql } from "../../db/sql.js";
import { AppError, unprocessable } from "../../errors.js";
import { isListAt } from "../../resource/attributes.js";
import { referrersOf, type ResourceDescription } from "../../resource/description.js";
import { UUID } from "../../resource/storage.js";
import { ACCOUNT_REFERENCES } from "./account-references.resource.js";
import type { BillStructure } from "./bill-structure.type.js";

/** What a party account (billing, party, settlement) refers to among TMF666's other resources. */
interface AccountReferences {
  financialAccount?: { id?: string | null } | null;
  billStructure?: BillStructure | null;
}

function idsAt(account: AccountReferences, path: string): string[] {
  const value = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | null | undefined)?.[key], account);
  const parts = Array.isArray(value) ? value : value ? [value] : [];
  return parts.map((part) => (part as { id?: string | null }).id).filter((id): id is string => Boolean(id));
}

/**
 * An account's references to a financial account and to bill structure resources must name
 * resources of this gateway (422 otherwise; by-value parts without id are kept as given). Each one
 * found is share-locked until the write commits, so a concurrent delete of it waits, then sees it
 * referred to (see `refuseDeleteWhileReferred`).
 */
export async function checkAccountReferences(account: AccountReferences, tx: Sql): Promise<void> {
  for (const [path, to] of Object.entries(ACCOUNT_REFERENCES)) {
    for (const id of idsAt(account, path)) {
      const target = to();
      const found = UUID.test(id) && (await tx.query(`SELECT 1 FROM "${target.storage.table}" WHERE id = $1::uuid FOR KEY SHARE`, [id])).length > 0;
      if (!found) throw unprocessable(`${path}.id ${id} is not a known ${target.name}`, `Unknown ${target.name}`);
    }
  }
}

/**
 * A resource others refer to cannot be deleted while they do (409): the resources of `descriptions`
 * whose references name it (see `referrersOf`) are counted. The row is locked first, so no write
 * can refer to it meanwhile.
 */
export async function refuseDeleteWhileReferred(
  tx: Sql,
  resource: ResourceDescription,
  id: string,
  descriptions: readonly ResourceDescription[],
): Promise<void> {
  if (!UUID.test(id)) return;
  await tx.query(`SELECT 1 FROM "${resource.storage.table}" WHERE id = $1::uuid FOR UPDATE`, [id]);
  const referrers = referrersOf(resource, descriptions);
  if (!referrers.length) return;
  const counts = await tx.query<{ n: number; name: string }>(
    referrers
      .map(
        ({ description, path }, i) =>
          `SELECT count(*)::int AS n, $${i + 2}::text AS name FROM "${description.storage.table}" WHERE ${matching(description, path)}`,
      )
      .join(" UNION ALL "),
    [id, ...referrers.map(({ description }) => description.name)],
  );
  const n = counts.reduce((total, row) => total + row.n, 0);
  if (n === 0) return;
  const names = [...new Set(counts.filter((row) => row.n > 0).map((row) => row.name))].join(", ");
  throw new AppError("CONFLICT", `${resource.name} ${id} is still referred to by ${n} resource(s): ${names}`, `${resource.name} in use`);
}

/** The condition on a row of `description` that its reference at `path` (a list of references there, or one) names the id `$1`. */
function matching(description: ResourceDescription, path: string): string {
  const [root, ...keys] = path.split(".");
  const json = [`"${root}"`, ...keys.map((key) => `'${key}'`)].join(" -> ");
  return isListAt(description.type, path) ? `${json} @> jsonb_build_array(jsonb_build_object('id', $1::text))` : `${json} ->> 'id' = $1`;
}
