import { TRANSACTION_OPTIONS, type Db } from "../../db/database.js";
import type { Decimal } from "../../db/decimal.js";
import { unprocessable } from "../../errors.js";
import type { Loaders } from "../../graphql/loaders.js";
import { attributesOf } from "../../resource/attributes.js";
import { requireAttributes } from "../../resource/input-rules.js";
import { recordEvent } from "../../events/outbox.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { UUID } from "../../resource/storage.js";
import type { AccountLedger } from "../account/ledger.js";
import { claimIdempotencyKey, completeIdempotencyKey, requestHash } from "../common/idempotency.js";
import { checkMoney, checkTotal, sameCurrency } from "../common/money.rules.js";
import { REFUND_MANDATORY, Refund, type RefundAttributes } from "./refund.type.js";

export class RefundService {
  readonly store: ResourceStore<Refund>;

  constructor(
    private readonly db: Db,
    private readonly ledger: AccountLedger,
  ) {
    this.store = new ResourceStore<Refund>(
      db,
      (d) => d.refund,
      { attributes: attributesOf(Refund), foreignKeys: { account: "accountId", payment: "paymentId" } },
      "Refund",
    );
  }

  /**
   * Gives money back to an account against one of its payments, in one transaction with the account
   * locked: all refunds of a payment never exceed its totalAmount, even when they race each other.
   */
  async create(input: RefundAttributes, idempotencyKey?: string | null): Promise<Refund> {
    requireAttributes(input, [...REFUND_MANDATORY, "payment"], "Refund");
    checkMoney(input.totalAmount, "totalAmount", true);
    checkTotal(input, "Refund");
    const hash = idempotencyKey ? requestHash(input) : "";

    const id = await this.db.$transaction(async (tx) => {
      if (idempotencyKey) {
        const prior = await claimIdempotencyKey(tx, "refund", idempotencyKey, hash);
        if (prior) return prior;
      }
      const account = await this.ledger.lock(tx, input.account?.id);
      const paymentId = input.payment!.id;
      const [payment] = UUID.test(paymentId ?? "")
        ? await tx.$queryRaw<{ accountId: string; total: Decimal; unit: string; refunded: Decimal }[]>`
            SELECT p."accountId"::text AS "accountId", p."totalAmountValue" AS total, p."totalAmountUnit" AS unit,
                   COALESCE((SELECT SUM(r."totalAmountValue") FROM refund r WHERE r."paymentId" = p.id), 0) AS refunded
            FROM payment p WHERE p.id = ${paymentId}::uuid`
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
      const refund = await this.store.insert(
        input,
        REFUND_MANDATORY,
        { status: "done", statusDate: now, refundDate: input.refundDate ?? now },
        tx,
      );
      await this.ledger.post(tx, account, input.totalAmount!.value!, input.totalAmount!.unit!);
      if (idempotencyKey) await completeIdempotencyKey(tx, "refund", idempotencyKey, refund.id);
      await recordEvent(tx, "RefundCreateEvent", this.store, refund);
      return refund.id;
    }, TRANSACTION_OPTIONS);
    return this.store.getById(id);
  }

  refundsOfAccount(loaders: Loaders, accountId: string): Promise<Refund[]> {
    return loaders.manyBy(this.store, "accountId", (r) => r.account?.id).load(accountId);
  }

  refundsOfPayment(loaders: Loaders, paymentId: string): Promise<Refund[]> {
    return loaders.manyBy(this.store, "paymentId", (r) => r.payment?.id).load(paymentId);
  }
}
