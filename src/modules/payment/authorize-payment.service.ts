import type { Db } from "../../db/database.js";
import { badInput, unprocessable } from "../../errors.js";
import type { Outbox } from "../../events/outbox.js";
import type { AccountLedger } from "../account/ledger.js";
import type { StoredPaymentMethods } from "../payment-method/payment-method.rules.js";
import type { IdempotencyKey } from "../common/idempotency.js";
import { sameCurrency } from "../common/money.rules.js";
import { AuthorizationStore } from "./authorize-payment.store.js";
import type { AuthorizePayment, AuthorizePaymentAttributes } from "./authorize-payment.type.js";
import { checkPayment } from "./payment.service.js";
import { TaskLifecycle } from "../common/task-lifecycle.js";

/**
 * TMF676 authorizations. The payment to authorize (by value) is checked as a payment is; then, with
 * the billing account locked, its total is held on the account if the account's credit covers it:
 * credit limit − receivable balance − the holds already open. An account without a credit limit has
 * no ceiling. A hold stays open until an initiation makes the payment. A stored payment method the
 * payment names is checked now, as a payment's is, so that no hold is granted on a method that
 * could not pay.
 */
export class AuthorizePaymentService {
  readonly store: AuthorizationStore;
  private readonly tasks: TaskLifecycle<AuthorizePayment>;

  constructor(
    private readonly db: Db,
    outbox: Outbox,
    private readonly ledger: AccountLedger,
    private readonly methods: StoredPaymentMethods,
  ) {
    this.store = new AuthorizationStore(db);
    this.tasks = new TaskLifecycle(db, outbox, this.store, "authorizePayment");
  }

  async create(input: AuthorizePaymentAttributes, baseUrl: string, idempotencyKey: IdempotencyKey | null = null): Promise<AuthorizePayment> {
    const payment = input.authorizedPayment;
    if (!payment) throw badInput("authorizedPayment is mandatory: the payment to authorize, by value");
    if (payment.id || payment.href) throw badInput("authorizedPayment is a payment by value: its id is the gateway's, once it is made");
    const { total, unit } = checkPayment(payment);
    const account = await this.ledger.check(this.db.sql, payment.account, payment.totalAmount!, "authorizedPayment.account", "authorizedPayment.totalAmount");
    const paymentMethod = await this.methods.reference(this.db.sql, payment.paymentMethod, account.id);
    const checked = { ...input, authorizedPayment: { ...payment, paymentMethod } };
    return this.tasks.run(checked, { accountId: account.id }, baseUrl, idempotencyKey, async (tx, open) => {
      const { limit, balance, held, heldUnits } = await this.store.lockCredit(tx, account.id);
      const other = heldUnits.find((held) => !sameCurrency(held, unit));
      if (other)
        throw unprocessable(
          `authorizedPayment.totalAmount.unit ${unit} differs from the ${other} already held on billing account ${account.id}`,
          "Currency mismatch",
        );
      const commit = await open();
      const available = limit?.minus(balance).minus(held);
      const decision =
        available && total.gt(available)
          ? {
              state: "rejected" as const,
              stateReason:
                `totalAmount ${total.toString()} ${unit} exceeds the ${available.isNegative() ? "0" : available.toString()} ${unit} of credit available on billing account ${account.id}` +
                ` (credit limit ${limit!.toString()}, balance ${balance.toString()}, held ${held.toString()})`,
            }
          : { state: "done" as const, authorizedPaymentDate: new Date() };
      const hold = decision.state === "done" ? { holdValue: total, holdUnit: unit.toUpperCase(), holdOpen: true } : {};
      await tx.run(await commit(decision, hold));
    });
  }
}
