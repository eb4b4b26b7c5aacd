import type { Db } from "../../db/database.js";
import type { Decimal } from "../../db/decimal.js";
import type { Sql } from "../../db/sql.js";
import type { Outbox } from "../../events/outbox.js";
import type { ResourceDescription } from "../../resource/description.js";
import { CrudService } from "../common/crud.service.js";
import type { AccountBalance } from "./account-balance.type.js";
import { refuseDeleteWhileReferred } from "./account-references.js";
import { bookedAccounts } from "./billing-account.resource.js";
import { creditLimitRules } from "./billing-account.service.js";
import { financialAccountResource } from "./financial-account.resource.js";
import type { FinancialAccount } from "./financial-account.type.js";

/**
 * TMF666 financial accounts. A financial account aggregates the accounts money is booked on
 * (billing and settlement accounts) that name it as their `financialAccount`: its receivable
 * balance, per currency, is the sum of theirs.
 */
export class FinancialAccountService extends CrudService<FinancialAccount> {
  /** `resources`: the registry's, whose references to a financial account keep it from deletion. */
  constructor(
    db: Db,
    outbox: Outbox,
    private readonly resources: readonly ResourceDescription[],
  ) {
    super(db, outbox, financialAccountResource, creditLimitRules);
  }

  /** The balances of the financial accounts `ids`, in their order: one statement for all of them. */
  async balances(ids: readonly string[]): Promise<AccountBalance[][]> {
    const under = bookedAccounts().map(
      ({ storage }) => `SELECT "financialAccount" ->> 'id' AS id, currency, "balanceValue", "createdAt"
        FROM "${storage.table}" WHERE "financialAccount" ->> 'id' = ANY($1::text[]) AND currency IS NOT NULL`,
    );
    const rows = await this.db.sql.query<{ id: string; currency: string; total: Decimal; since: Date }>(
      `SELECT id, currency, sum("balanceValue") AS total, min("createdAt") AS since FROM (${under.join(" UNION ALL ")}) AS booked
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [ids],
    );
    return ids.map((id) =>
      rows
        .filter((row) => row.id === id)
        .map((row) => ({ balanceType: "receivableBalance", amount: { unit: row.currency, value: row.total }, validFor: { startDateTime: row.since } })),
    );
  }

  /** A financial account that accounts still aggregate into (or bills name) cannot be deleted (409). */
  protected override checkDelete(tx: Sql, id: string): Promise<void> {
    return refuseDeleteWhileReferred(tx, financialAccountResource, id, this.resources);
  }
}
