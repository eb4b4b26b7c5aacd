import type { Sql } from "../../db/sql.js";
import { AppError, unprocessable } from "../../errors.js";
import type { ResourceDescription } from "../../resource/description.js";
import { UUID } from "../../resource/storage.js";
import { ACCOUNT_REFERENCES as REFERENCES } from "./account-references.resource.js";
import type { BillStructure } from "./bill-structure.type.js";

/** What a party account (billing, party, settlement) refers to among TMF666's other resources. */
interface AccountReferences {
  financialAccount?: { id?: string | null } | null;
  billStructure?: BillStructure | null;
}

/** The tables of the accounts that hold those references. */
export const REFERRING_TABLES = ["billing_account", "party_account", "settlement_account"] as const;

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
  for (const { path, to } of REFERENCES) {
    for (const id of idsAt(account, path)) {
      const target = to();
      const found = UUID.test(id) && (await tx.query(`SELECT 1 FROM "${target.storage.table}" WHERE id = $1::uuid FOR KEY SHARE`, [id])).length > 0;
      if (!found) throw unprocessable(`${path}.id ${id} is not a known ${target.name}`, `Unknown ${target.name}`);
    }
  }
}

/** A resource accounts refer to cannot be deleted while they do (409); the row is locked first, so no write can refer to it meanwhile. */
export async function refuseDeleteWhileReferred(tx: Sql, resource: ResourceDescription, id: string): Promise<void> {
  const reference = REFERENCES.find((r) => r.to() === resource)!;
  if (!UUID.test(id)) return;
  await tx.query(`SELECT 1 FROM "${resource.storage.table}" WHERE id = $1::uuid FOR UPDATE`, [id]);
  const [root, key] = reference.path.split(".") as [string, string | undefined];
  const json = key ? `"${root}" -> '${key}'` : `"${root}"`;
  const match = reference.list ? `${json} @> jsonb_build_array(jsonb_build_object('id', $1::text))` : `${json} ->> 'id' = $1`;
  const counts = await tx.query<{ n: number }>(REFERRING_TABLES.map((table) => `SELECT count(*)::int AS n FROM ${table} WHERE ${match}`).join(" UNION ALL "), [
    id,
  ]);
  const n = counts.reduce((total, row) => total + row.n, 0);
  if (n > 0) throw new AppError("CONFLICT", `${resource.name} ${id} is still referred to by ${n} account(s)`, `${resource.name} in use`);
}
