import { refundRest } from "./payment.rest.js";
import type { Db } from "../../db/database.js";
import type { Decimal } from "../../db/decimal.js";
import { unprocessable } from "../../errors.js";
import type { Loaders } from "../../graphql/loaders.js";
import { attributesOf } from "../../resource/attributes.js";
import { requireAttributes } from "../../resource/input-rules.js";
import { eventStatement } from "../../events/outbox.js";
import { ResourceStore, type Page } from "../../resource/resource-store.js";
import { UUID } from "../../resource/storage.js";
import type { AccountLedger } from "../account/ledger.js";
import { claimIdempotencyKey, completion, requestHash, type IdempotencyKey } from "../common/idempotency.js";
import { checkMoney, checkTotal, sameCurrency } from "../common/money.rules.js";
import { REFUND_CREATE_MANDATORY, Refund, type RefundAttributes } from "./refund.type.js";

export class RefundService {
  readonly store: ResourceStore<Refund>;

  constructor(
    private readonly db: Db,
    private readonly ledger: AccountLedger,
  ) {
    this.store = new ResourceStore<Refund>(
      db,
      (d) => d.refund,
      { table: "refund", attributes: attributesOf(Refund), foreignKeys: { account: "accountId", payment: "paymentId" } },
      refundRest,
    );
  }

  /**
   * Gives money back to an account against one of its payments, in one transaction with the payment
   * row locked: all refunds of a payment never exceed its totalAmount, even when they race each other.
   */
  async create(input: RefundAttributes, idempotencyKey: IdempotencyKey | null, baseUrl: string): Promise<Refund> {
    requireAttributes(input, REFUND_CREATE_MANDATORY, "Refund");
    checkMoney(input.totalAmount, "totalAmount", true);
    checkTotal(input, "Refund");
    const hash = idempotencyKey ? requestHash(input) : "";

    // The transaction returns the new refund, or the id of the one an idempotent repeat refers to.
    const result = await this.db.transaction(async (tx): Promise<Refund | string> => {
      if (idempotencyKey) {
        const prior = await claimIdempotencyKey(tx, "refund", idempotencyKey, hash);
        if (prior) return prior;
      }
      const account = await this.ledger.check(tx, input.account?.id, input.totalAmount!);
      const paymentId = input.payment!.id;
      // Refunds of one payment queue on its row. The refunded sum is read by the NEXT statement: in
      // READ COMMITTED only a statement started after the lock was granted sees the refunds committed
      // by the transactions it waited for.
      const locked = UUID.test(paymentId ?? "") ? await tx.query(`SELECT 1 FROM payment WHERE id = $1::uuid FOR UPDATE`, [paymentId]) : [];
      const [payment] = locked.length
        ? await tx.query<{ accountId: string; total: Decimal; unit: string; refunded: Decimal }>(
            `SELECT p."accountId"::text AS "accountId", p."totalAmountValue" AS total, p."totalAmountUnit" AS unit,
                    COALESCE((SELECT SUM(r."totalAmountValue") FROM refund r WHERE r."paymentId" = p.id), 0) AS refunded
             FROM payment p WHERE p.id = $1::uuid`,
            [paymentId],
          )
        : [];
      if (!payment || payment.accountId !== account.id) {
        throw unprocessable(`payment ${paymentId} is not a payment of account ${account.id}`, "Unknown payment");
      }
      if (!sameCurrency(payment.unit, input.totalAmount!.unit!)) {
        throw unprocessable(`totalAmount.unit ${input.totalAmount!.unit} differs from the payment's ${payment.unit}`, "Currency mismatch");
      }
      const refundable = payment.total.minus(payment.refunded);
      if (input.totalAmount!.value!.gt(refundable)) {
        throw unprocessable(
          `Refund of ${input.totalAmount!.value!.toString()} exceeds what remains refundable on payment ${paymentId} (${refundable.toString()})`,
          "Refund exceeds payment",
        );
      }
      const now = new Date();
      const row = this.store.newRow(input, REFUND_CREATE_MANDATORY, { status: "done", statusDate: now, refundDate: input.refundDate ?? now });
      const writes = [
        this.store.insertion(row),
        ...(idempotencyKey ? [completion("refund", idempotencyKey, row.id as string)] : []),
        eventStatement(baseUrl, "RefundCreateEvent", this.store, this.store.written(row)),
      ];
      const [inserted] = await this.ledger.book(tx, account, writes, input.totalAmount!.value!, input.totalAmount!.unit!, "totalAmount");
      return this.store.toResource(inserted![0]!);
    });
    return typeof result === "string" ? this.store.getById(result) : result;
  }

  /** A page of the account's refunds, in creation order. */
  refundsOfAccount(loaders: Loaders, accountId: string, page: Page): Promise<Refund[]> {
    return loaders.manyBy(this.store, "accountId", (r) => r.account?.id, page).load(accountId);
  }

  /** A page of the payment's refunds, in creation order. */
  refundsOfPayment(loaders: Loaders, paymentId: string, page: Page): Promise<Refund[]> {
    return loaders.manyBy(this.store, "paymentId", (r) => r.payment?.id, page).load(paymentId);
  }
}
