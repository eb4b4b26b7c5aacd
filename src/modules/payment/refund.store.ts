import type { Db } from "../../db/database.js";
import type { Decimal } from "../../db/decimal.js";
import type { Sql } from "../../db/sql.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { UUID } from "../../resource/storage.js";
import { refundResource } from "./refund.resource.js";
import type { Refund } from "./refund.type.js";

/** A payment as a refund of it sees it. */
export interface RefundablePayment {
  accountId: string;
  total: Decimal;
  unit: string;
  /** The sum of the payment's refunds so far. */
  refunded: Decimal;
}

/** The refunds' table, with what a refund needs to know of the payment it refunds. */
export class RefundStore extends ResourceStore<Refund> {
  constructor(db: Db) {
    super(db, refundResource);
  }

  /**
   * The payment `paymentId`, its row locked until `tx` ends (refunds of one payment queue on it),
   * with the sum of its refunds; undefined when unknown. The sum is read by the statement AFTER the
   * lock: in READ COMMITTED only a statement started after the lock was granted sees the refunds
   * committed by the transactions it waited for.
   */
  async lockRefundablePayment(tx: Sql, paymentId: string): Promise<RefundablePayment | undefined> {
    if (!UUID.test(paymentId)) return undefined;
    const locked = await tx.query(`SELECT 1 FROM payment WHERE id = $1::uuid FOR UPDATE`, [paymentId]);
    if (!locked.length) return undefined;
    const [payment] = await tx.query<RefundablePayment>(
      `SELECT p."accountId"::text AS "accountId", p."totalAmountValue" AS total, p."totalAmountUnit" AS unit,
              COALESCE((SELECT SUM(r."totalAmountValue") FROM refund r WHERE r."paymentId" = p.id), 0) AS refunded
       FROM payment p WHERE p.id = $1::uuid`,
      [paymentId],
    );
    return payment;
  }
}
