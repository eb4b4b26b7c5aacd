import type { Db } from "../../db/database.js";
import { unprocessable } from "../../errors.js";
import type { Loaders } from "../../graphql/loaders.js";
import { requireAttributes } from "../../resource/input-rules.js";
import { ResourceStore, type ModelDelegate } from "../../resource/resource-store.js";
import type { AccountService } from "../account/account.service.js";
import { checkMoney } from "../common/money.rules.js";
import { refundAttributes } from "./payment.inputs.js";
import type { PaymentService } from "./payment.service.js";
import { REFUND_MANDATORY, type Refund, type RefundAttributes } from "./refund.type.js";

export class RefundService {
  readonly store: ResourceStore<Refund>;

  constructor(
    db: Db,
    private readonly accounts: AccountService,
    private readonly payments: PaymentService,
  ) {
    this.store = new ResourceStore<Refund>(
      db.refund as unknown as ModelDelegate,
      { attributes: refundAttributes, foreignKeys: { account: "accountId", payment: "paymentId" } },
      "Refund",
    );
  }

  /** Gives money back to an existing account, against one of its payments when `payment` is given. */
  async create(input: RefundAttributes): Promise<Refund> {
    requireAttributes(input, REFUND_MANDATORY, "Refund");
    checkMoney(input.totalAmount, "totalAmount", true);
    const account = await this.accounts.requireAccount(input.account?.id);
    if (input.payment) {
      const payment = await this.payments.store.findById(input.payment.id);
      if (!payment || payment.account?.id !== account.id) {
        throw unprocessable(`payment ${input.payment.id} is not a payment of account ${account.id}`, "Unknown payment");
      }
    }
    const now = new Date();
    return this.store.insert(input, REFUND_MANDATORY, { status: "done", statusDate: now, refundDate: input.refundDate ?? now });
  }

  refundsOfAccount(loaders: Loaders, accountId: string): Promise<Refund[]> {
    return loaders.manyBy(this.store, "accountId", (r) => r.account?.id).load(accountId);
  }

  refundsOfPayment(loaders: Loaders, paymentId: string): Promise<Refund[]> {
    return loaders.manyBy(this.store, "paymentId", (r) => r.payment?.id).load(paymentId);
  }
}
