import type { Db } from "../../db/database.js";
import { Decimal } from "../../db/decimal.js";
import type { Sql } from "../../db/sql.js";
import { badInput, unprocessable } from "../../errors.js";
import type { Outbox } from "../../events/outbox.js";
import { ResourceStore } from "../../resource/resource-store.js";
import type { IdempotencyKey } from "../common/idempotency.js";
import { sameCurrency } from "../common/money.rules.js";
import { initiatePaymentResource } from "./initiate-payment.resource.js";
import type { AuthorizationStore } from "./authorize-payment.store.js";
import type { InitiatePayment, InitiatePaymentAttributes } from "./initiate-payment.type.js";
import type { PaymentRefOrValue } from "./payment.type.js";
import type { PaymentService } from "./payment.service.js";
import type { PaymentAttributes } from "./payment.type.js";
import { TaskLifecycle } from "../common/task-lifecycle.js";

/**
 * TMF676 initiations. The payment is the given one (by value) or the authorization's; with an
 * authorization, it must be `done`, its hold still open, the payment on the same account, in its
 * currency and within the hold. When the task completes, the Payment is created in the same
 * transaction (with its events and the bills it settles), the hold closed, and `initiatedPayment`
 * carries the payment's id. A refusal is the task `rejected` with its reason; nothing is paid.
 */
export class InitiatePaymentService {
  readonly store: ResourceStore<InitiatePayment>;
  private readonly tasks: TaskLifecycle<InitiatePayment>;

  constructor(
    db: Db,
    outbox: Outbox,
    private readonly payments: PaymentService,
    private readonly authorizations: AuthorizationStore,
  ) {
    this.store = new ResourceStore(db, initiatePaymentResource);
    this.tasks = new TaskLifecycle(db, outbox, this.store, "initiatePayment");
  }

  create(input: InitiatePaymentAttributes, baseUrl: string, idempotencyKey: IdempotencyKey | null = null): Promise<InitiatePayment> {
    const authorizationId = input.authorizedPayment?.id;
    if (!authorizationId && !input.initiatedPayment) throw badInput("initiatedPayment (the payment, by value) or authorizedPayment is mandatory");
    if (input.initiatedPayment?.id || input.initiatedPayment?.href)
      throw badInput("initiatedPayment is a payment by value: its id is the gateway's, once it is made");
    return this.tasks.run(input, {}, baseUrl, idempotencyKey, async (tx, open) => {
      const { payment, refused, hold } = authorizationId
        ? await this.ofAuthorization(tx, authorizationId, input.initiatedPayment)
        : { payment: input.initiatedPayment!, refused: undefined, hold: undefined };
      const commit = await open();
      if (refused) return void (await tx.run(await commit({ state: "rejected", stateReason: refused })));
      await this.payments.recordIn(tx, payment, baseUrl, async (paymentId) => [
        ...(hold ? [this.authorizations.closing(authorizationId!)] : []),
        ...(await commit(
          { state: "done", initiatedPaymentDate: new Date(), initiatedPayment: { ...payment, id: paymentId, atReferredType: "Payment" } },
          { paymentId },
        )),
      ]);
    });
  }

  /** The payment an authorization allows, or why it allows none. */
  private async ofAuthorization(tx: Sql, id: string, given: PaymentRefOrValue | null | undefined) {
    const authorization = await this.authorizations.lockForInitiation(tx, id);
    if (!authorization) throw unprocessable(`authorizedPayment.id ${id} is not a known authorization`, "Unknown authorization");
    const payment = (given ?? withDecimals(authorization.authorizedPayment)) as PaymentAttributes;
    const refusal = (reason: string) => ({ payment, refused: reason, hold: undefined });
    if (authorization.state !== "done") return refusal(`authorization ${id} was not granted (state ${authorization.state})`);
    if (!authorization.holdOpen)
      return refusal(`authorization ${id} was already initiated by initiatePayment ${await this.authorizations.initiatedBy(tx, id)}`);
    const total = payment.totalAmount;
    if (payment.account?.id !== authorization.accountId)
      return refusal(`the payment's account is not billing account ${authorization.accountId}, which authorization ${id} holds on`);
    if (!total?.unit || !sameCurrency(total.unit, authorization.holdUnit!))
      return refusal(`the payment is not in ${authorization.holdUnit}, the currency authorization ${id} holds`);
    if (total.value && new Decimal(total.value).gt(authorization.holdValue!)) {
      return refusal(
        `totalAmount ${total.value.toString()} exceeds the ${authorization.holdValue!.toString()} ${authorization.holdUnit} authorization ${id} holds`,
      );
    }
    return { payment, refused: undefined, hold: true };
  }
}

/** A payment kept in JSON, its amounts as Decimals again (JSON keeps them as their exact text). */
function withDecimals(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withDecimals);
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  const isMoney = "unit" in object && "value" in object && object.value != null;
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, isMoney && key === "value" ? new Decimal(item as string) : withDecimals(item)]));
}
