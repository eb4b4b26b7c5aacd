import { paymentRest } from "./payment.rest.js";
import type { Db } from "../../db/database.js";
import type { PoolSql, Row, Transaction } from "../../db/sql.js";
import { Decimal } from "../../db/decimal.js";
import { badInput } from "../../errors.js";
import type { Loaders } from "../../graphql/loaders.js";
import { attributesOf } from "../../resource/attributes.js";
import { requireAttributes } from "../../resource/input-rules.js";
import { eventStatement } from "../../events/outbox.js";
import { ResourceStore, type Page } from "../../resource/resource-store.js";
import { toData } from "../../resource/row-mapping.js";
import type { AccountLedger } from "../account/ledger.js";
import type { BillService } from "../bill/bill.service.js";
import { claimIdempotencyKey, completion, requestHash, type IdempotencyKey } from "../common/idempotency.js";
import { checkMoney, checkTotal, sameCurrency } from "../common/money.rules.js";
import { PaymentItem, type PaymentItemAttributes } from "./payment-item.type.js";
import { MAX_PAYMENT_ITEMS, PAYMENT_MANDATORY, Payment, type PaymentAttributes } from "./payment.type.js";

const isBillRef = (item: PaymentItemAttributes) => item.item?.atReferredType?.toLowerCase() === "customerbill";

export class PaymentService {
  readonly store: ResourceStore<Payment>;
  readonly items: ResourceStore<PaymentItem>;

  constructor(
    private readonly db: Db,
    private readonly ledger: AccountLedger,
    private readonly bills: BillService,
  ) {
    this.store = new ResourceStore<Payment>(
      db,
      (d) => d.payment,
      { table: "payment", attributes: attributesOf(Payment), foreignKeys: { account: "accountId" }, separate: ["paymentItem"] },
      paymentRest,
    );
    this.items = new ResourceStore<PaymentItem>(
      db,
      (d) => d.paymentItem,
      { table: "payment_item", attributes: attributesOf(PaymentItem), foreignKeys: {}, internal: ["billId", "paymentId"], relationOrder: [{ position: "asc" }] },
      "PaymentItem",
    );
  }

  /**
   * Records a payment against a billing account in one transaction: items pay down bills of that
   * account, the rest stays as credit, the balance goes down by the total (posted last: see ledger).
   * With an idempotency key, a repeat of the same request returns the first payment. A plain payment
   * (no key, no bill) is one round trip after the account check; the others lock what they read.
   */
  async create(input: PaymentAttributes, idempotencyKey: IdempotencyKey | null, baseUrl: string): Promise<Payment> {
    requireAttributes(input, PAYMENT_MANDATORY, "Payment");
    checkMoney(input.totalAmount, "totalAmount", true);
    checkTotal(input, "Payment");
    const items = input.paymentItem ?? [];
    this.checkItems(items, input.totalAmount.value!, input.totalAmount.unit!);
    // Bills are locked in id order, so two payments on the same bills can never deadlock.
    const billItems = [...items.entries()].filter(([, item]) => isBillRef(item)).sort(([, a], [, b]) => (a.item.id < b.item.id ? -1 : 1));

    const account = await this.ledger.check(this.db.sql, input.account?.id, input.totalAmount);
    const now = new Date();
    const row = this.store.newRow(input, PAYMENT_MANDATORY, { status: "done", statusDate: now, paymentDate: now });
    const writes = [
      this.store.insertion(row),
      ...items.map((item, position) =>
        this.items.insertion(
          this.items.completeRow({ ...toData(item as never, this.items.storage), paymentId: row.id, position, billId: isBillRef(item) ? item.item.id : null }),
        ),
      ),
      eventStatement(baseUrl, "PaymentCreateEvent", this.store, this.store.written(row), { paymentItem: items }),
    ];
    const book = (tx: Transaction | PoolSql) => this.ledger.book(tx, account, writes, input.totalAmount!.value!.negated(), input.totalAmount!.unit!, "totalAmount");

    let rows: Row[][];
    if (!idempotencyKey && !billItems.length) rows = await book(this.db.sql);
    else {
      const hash = idempotencyKey ? requestHash(input) : "";
      // The transaction returns the rows written, or the id of the payment an idempotent repeat refers to.
      const result = await this.db.transaction(async (tx): Promise<Row[][] | string> => {
        if (idempotencyKey) {
          const prior = await claimIdempotencyKey(tx, "payment", idempotencyKey, hash);
          if (prior) return prior;
          writes.push(completion("payment", idempotencyKey, row.id as string));
        }
        for (const [position, item] of billItems) {
          await this.bills.applyPayment(tx, baseUrl, account, item.item.id, item.totalAmount!.value!, item.totalAmount!.unit!, `paymentItem[${position}]`);
        }
        return book(tx);
      });
      if (typeof result === "string") return this.store.getById(result);
      rows = result;
    }
    const payment = this.store.toResource(rows[0]![0]!);
    if (!items.length) payment.paymentItem = []; // nothing to look up when the response asks for items
    return payment;
  }

  /** Items are in the payment's currency, pay a positive amount each and never more than the total. */
  private checkItems(items: PaymentItemAttributes[], total: Decimal, unit: string): void {
    if (items.length > MAX_PAYMENT_ITEMS) throw badInput(`A payment has at most ${MAX_PAYMENT_ITEMS} paymentItem entries`);
    let applied = new Decimal(0);
    items.forEach((item, i) => {
      const attribute = `paymentItem[${i}]`;
      if (!item.item?.id) throw badInput(`${attribute}.item.id is mandatory`);
      if (!item.totalAmount && isBillRef(item)) throw badInput(`${attribute}.totalAmount is mandatory to pay a customer bill`);
      if (!item.totalAmount) return;
      checkMoney(item.totalAmount, `${attribute}.totalAmount`, true);
      checkTotal(item, attribute);
      if (!sameCurrency(item.totalAmount.unit!, unit)) throw badInput(`${attribute}.totalAmount.unit must be ${unit}, the payment's currency`);
      applied = applied.plus(item.totalAmount.value!);
    });
    if (applied.gt(total)) {
      throw badInput(`paymentItem amounts (${applied.toString()}) exceed the payment's totalAmount (${total.toString()})`);
    }
  }

  /** A page of the account's payments, in creation order. */
  paymentsOfAccount(loaders: Loaders, accountId: string, page: Page): Promise<Payment[]> {
    return loaders.manyBy(this.store, "accountId", (p) => p.account?.id, page).load(accountId);
  }

  itemsOfPayment(loaders: Loaders, paymentId: string): Promise<PaymentItem[]> {
    return loaders.manyBy(this.items, "paymentId", (i) => i.paymentId).load(paymentId);
  }

  /** A page of the payment items that paid (part of) a customer bill. */
  itemsPayingBill(loaders: Loaders, billId: string, page: Page): Promise<PaymentItem[]> {
    return loaders.manyBy(this.items, "billId", (i) => i.billId, page).load(billId);
  }
}
