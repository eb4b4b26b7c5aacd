import type { Db } from "../../db/database.js";
import type { Loaders } from "../../graphql/loaders.js";
import { attributesOf } from "../../resource/attributes.js";
import { requireAttributes } from "../../resource/input-rules.js";
import { ResourceStore, type ModelDelegate } from "../../resource/resource-store.js";
import { toData } from "../../resource/row-mapping.js";
import type { AccountService } from "../account/account.service.js";
import type { BillService } from "../bill/bill.service.js";
import { checkMoney } from "../common/money.rules.js";
import { paymentAttributes } from "./payment.inputs.js";
import { PaymentItem, type PaymentItemAttributes } from "./payment-item.type.js";
import { PAYMENT_MANDATORY, type Payment, type PaymentAttributes } from "./payment.type.js";

const isBillRef = (item: PaymentItemAttributes) => item.item.atReferredType?.toLowerCase() === "customerbill";

export class PaymentService {
  readonly store: ResourceStore<Payment>;
  readonly items: ResourceStore<PaymentItem>;

  constructor(
    db: Db,
    private readonly accounts: AccountService,
    private readonly bills: BillService,
  ) {
    this.store = new ResourceStore<Payment>(
      db.payment as unknown as ModelDelegate,
      { attributes: paymentAttributes, foreignKeys: { account: "accountId" }, separate: ["paymentItem"] },
      "Payment",
    );
    this.items = new ResourceStore<PaymentItem>(
      db.paymentItem as unknown as ModelDelegate,
      { attributes: attributesOf(PaymentItem), foreignKeys: {}, internal: ["billId", "paymentId"], relationOrder: [{ position: "asc" }] },
      "PaymentItem",
    );
  }

  /** Records a payment against an existing billing account, with its items, in one transaction. */
  async create(input: PaymentAttributes): Promise<Payment> {
    requireAttributes(input, PAYMENT_MANDATORY, "Payment");
    checkMoney(input.totalAmount, "totalAmount", true);
    const account = await this.accounts.requireAccount(input.account?.id);
    const items = [];
    for (const [position, item] of (input.paymentItem ?? []).entries()) {
      const bill = isBillRef(item) ? await this.bills.requireBillOfAccount(item.item.id, account.id) : undefined;
      items.push({ ...toData(item as never, this.items.storage), position, billId: bill?.id ?? null });
    }
    const now = new Date();
    return this.store.insert(input, PAYMENT_MANDATORY, {
      status: "done",
      statusDate: now,
      paymentDate: now,
      paymentItems: { create: items },
    });
  }

  paymentsOfAccount(loaders: Loaders, accountId: string): Promise<Payment[]> {
    return loaders.manyBy(this.store, "accountId", (p) => p.account?.id).load(accountId);
  }

  itemsOfPayment(loaders: Loaders, paymentId: string): Promise<PaymentItem[]> {
    return loaders.manyBy(this.items, "paymentId", (i) => (i as PaymentItem & { paymentId: string }).paymentId).load(paymentId);
  }
}
