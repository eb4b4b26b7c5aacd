import type { Db } from "../../db/database.js";
import type { Decimal } from "../../db/decimal.js";
import type { Sql } from "../../db/sql.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { UUID } from "../../resource/storage.js";
import { customerBillResource } from "./customer-bill.resource.js";
import type { CustomerBill } from "./customer-bill.type.js";

/** What a payment needs to know of a bill it pays. */
export interface PayableBill {
  remaining: Decimal;
  unit: string;
  accountId: string;
  state: string;
}

/** The customer bills' table, with the operations of paying a bill. */
export class CustomerBillStore extends ResourceStore<CustomerBill> {
  constructor(db: Db) {
    super(db, customerBillResource);
  }

  /** The bill's remaining amount, currency, account and state, its row locked until `tx` ends; undefined when unknown. */
  async lockForPayment(tx: Sql, billId: string): Promise<PayableBill | undefined> {
    if (!UUID.test(billId)) return undefined;
    const [bill] = await tx.query<PayableBill>(
      `SELECT "remainingAmountValue" AS remaining, "remainingAmountUnit" AS unit, "billingAccountId"::text AS "accountId", state
       FROM customer_bill WHERE id = $1::uuid FOR UPDATE`,
      [billId],
    );
    return bill;
  }

  /** Sets what remains to pay of a bill and its state; returns the bill as updated. */
  async setRemaining(tx: Sql, billId: string, remaining: Decimal, state: string): Promise<CustomerBill> {
    const [row] = await tx.query(
      `UPDATE customer_bill SET "remainingAmountValue" = $2::numeric, state = $3, "lastUpdate" = now() WHERE id = $1::uuid RETURNING ${this.columns}`,
      [billId, remaining, state],
    );
    return this.toResource(row!);
  }
}
