import type { Db } from "../../db/database.js";
import type { Statement, Transaction } from "../../db/sql.js";
import { unprocessable } from "../../errors.js";
import type { Outbox } from "../../events/outbox.js";
import { requireAttributes } from "../../resource/input-rules.js";
import { bookedAccounts } from "../account/billing-account.resource.js";
import type { AccountLedger } from "../account/ledger.js";
import { idempotentCreate, type IdempotencyKey } from "../common/idempotency.js";
import { checkMoney, checkTotal, sameCurrency } from "../common/money.rules.js";
import type { StoredPaymentMethods } from "../payment-method/payment-method.rules.js";
import { RefundStore } from "./refund.store.js";
import { REFUND_CREATE_MANDATORY, type Refund, type RefundAttributes } from "./refund.type.js";

export class RefundService {
  readonly store: RefundStore;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly ledger: AccountLedger,
    private readonly methods: StoredPaymentMethods,
  ) {
    this.store = new RefundStore(db);
  }

  /**
   * Gives money back to an account against one of its payments, in one transaction with the payment
   * row locked: all refunds of a payment never exceed its totalAmount, even when they race each other.
   */
  async create(input: RefundAttributes, baseUrl: string, idempotencyKey: IdempotencyKey | null = null): Promise<Refund> {
    requireAttributes(input, REFUND_CREATE_MANDATORY, "Refund");
    checkMoney(input.totalAmount, "totalAmount", true);
    checkTotal(input, "Refund");
    const create = async (tx: Transaction, completes: (id: string) => Statement[]): Promise<Refund> => {
      const account = await this.ledger.check(tx, input.account, input.totalAmount!, "account", "totalAmount", bookedAccounts());
      const paymentMethod = await this.methods.reference(tx, input.paymentMethod, account.id);
      const paymentId = input.payment!.id;
      const payment = await this.store.lockRefundablePayment(tx, paymentId ?? "");
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
      const row = this.store.newRow(
        { ...input, paymentMethod },
        { status: "done", statusDate: now, refundDate: input.refundDate ?? now, accountKind: account.kind },
        REFUND_CREATE_MANDATORY,
      );
      const writes = [
        this.store.insertion(row),
        ...completes(row.id as string),
        await this.outbox.statement(tx, baseUrl, "Create", this.store, this.store.written(row)),
      ];
      const [inserted] = await this.ledger.book(tx, account, writes, input.totalAmount!.value!, input.totalAmount!.unit!, "totalAmount");
      return this.store.toResource(inserted![0]!);
    };
    return idempotentCreate(this.db, "refund", idempotencyKey, input, create, (id) => this.store.getById(id));
  }
}
