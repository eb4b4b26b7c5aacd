import type { Db } from "../../db/database.js";
import type { Sql, Statement } from "../../db/sql.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { appliedCustomerBillingRateResource } from "./applied-customer-billing-rate.resource.js";
import type { AppliedCustomerBillingRate } from "./applied-customer-billing-rate.type.js";

/** Most rates one bill on demand takes (the oldest first); the others wait for the next bill. */
export const MAX_RATES_PER_BILL = 1_000;

/** The applied customer billing rates' table, with the operations of billing them. */
export class AppliedCustomerBillingRateStore extends ResourceStore<AppliedCustomerBillingRate> {
  constructor(db: Db) {
    super(db, appliedCustomerBillingRateResource);
  }

  /**
   * The account's unbilled rates, oldest first, locked until `tx` ends: a concurrent bill of the
   * account waits, then finds them billed (READ COMMITTED re-reads the condition), so no rate is
   * ever on two bills.
   */
  async lockUnbilled(tx: Sql, accountId: string): Promise<AppliedCustomerBillingRate[]> {
    const rows = await tx.query(
      `SELECT ${this.columns} FROM applied_customer_billing_rate WHERE "billingAccountId" = $1::uuid AND "billId" IS NULL
       ORDER BY "createdAt", id LIMIT ${MAX_RATES_PER_BILL} FOR UPDATE`,
      [accountId],
    );
    return rows.map((row) => this.toResource(row));
  }

  /** Puts the rates on the bill (a statement of a booking's message: the ids go as one array literal). */
  billing(rateIds: string[], billId: string, billRef: object): Statement {
    return {
      text: `UPDATE applied_customer_billing_rate SET "billId" = $2::uuid, "billRef" = $3::jsonb, "isBilled" = true WHERE id = ANY($1::uuid[])`,
      values: [`{${rateIds.join(",")}}`, billId, JSON.stringify(billRef)],
    };
  }
}
