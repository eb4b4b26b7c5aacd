import type { Db } from "../../db/database.js";
import type { Row, Statement, Transaction } from "../../db/sql.js";
import { Decimal } from "../../db/decimal.js";
import { badInput } from "../../errors.js";
import type { Outbox } from "../../events/outbox.js";
import { requireAttributes } from "../../resource/input-rules.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { toData } from "../../resource/row-mapping.js";
import { bookedAccounts } from "../account/billing-account.resource.js";
import type { AccountLedger, BookedAccount } from "../account/ledger.js";
import type { CustomerBillService } from "../bill/customer-bill.service.js";
import { idempotentCreate, type IdempotencyKey } from "../common/idempotency.js";
import type { StoredPaymentMethods } from "../payment-method/payment-method.rules.js";
import { checkMoney, checkTotal, sameCurrency } from "../common/money.rules.js";
import type { PaymentItem, PaymentItemAttributes } from "./payment-item.type.js";
import { paymentItemPart, paymentResource } from "./payment.resource.js";
import { MAX_PAYMENT_ITEMS, PAYMENT_MANDATORY, type Payment, type PaymentAttributes } from "./payment.type.js";

const isBillRef = (item: PaymentItemAttributes) => item.item?.atReferredType?.toLowerCase() === "customerbill";

export class PaymentService {
  readonly store: ResourceStore<Payment>;
  readonly items: ResourceStore<PaymentItem>;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly ledger: AccountLedger,
    private readonly bills: CustomerBillService,
    private readonly methods: StoredPaymentMethods,
  ) {
    this.store = new ResourceStore(db, paymentResource);
    this.items = new ResourceStore(db, paymentItemPart);
  }

  /**
   * Records a payment against a billing account in one transaction: items pay down bills of that
   * account, the rest stays as credit, the balance goes down by the total (posted last: see ledger).
   * With an idempotency key, a repeat of the same request returns the first payment. A plain payment
   * (no key, no bill) is one round trip after the account check; the others lock what they read.
   */
  async create(input: PaymentAttributes, baseUrl: string, idempotencyKey: IdempotencyKey | null = null): Promise<Payment> {
    const checked = checkPayment(input);
    const account = await this.ledger.check(this.db.sql, input.account, input.totalAmount!, "account", "totalAmount", bookedAccounts());
    const paymentMethod = await this.methods.reference(this.db.sql, input.paymentMethod, account.id);
    const prepared = this.prepare({ ...input, paymentMethod }, checked, account);
    if (!idempotencyKey && !checked.billItems.length) {
      const event = await this.outbox.statement(undefined, baseUrl, "Create", this.store, prepared.payment);
      const [rows] = await this.ledger.book(this.db.sql, account, [...prepared.written, event], checked.total.negated(), checked.unit, "totalAmount");
      return this.created(rows![0]!, checked.items);
    }
    return idempotentCreate(
      this.db,
      "payment",
      idempotencyKey,
      input,
      async (tx, completes) => this.created(await this.book(tx, baseUrl, prepared, completes(prepared.id)), checked.items),
      (id) => this.store.getById(id),
    );
  }

  /**
   * Records a payment in the caller's transaction, which it commits with `extra(paymentId)` — the
   * statements of what the payment completes (a payment task).
   */
  async recordIn(tx: Transaction, input: PaymentAttributes, baseUrl: string, extra: (paymentId: string) => Promise<Statement[]>): Promise<Payment> {
    const checked = checkPayment(input);
    const account = await this.ledger.check(tx, input.account, input.totalAmount!, "account", "totalAmount", bookedAccounts());
    const paymentMethod = await this.methods.reference(tx, input.paymentMethod, account.id);
    const prepared = this.prepare({ ...input, paymentMethod }, checked, account);
    return this.created(await this.book(tx, baseUrl, prepared, await extra(prepared.id)), checked.items);
  }

  /** The rows of a checked payment, and the payment they make. */
  private prepare(input: PaymentAttributes, checked: CheckedPayment, account: BookedAccount) {
    const now = new Date();
    const row = this.store.newRow(input, { status: "done", statusDate: now, paymentDate: now, accountKind: account.kind });
    const written = [
      this.store.insertion(row),
      ...checked.items.map((item, position) =>
        this.items.insertion(
          this.items.completeRow({ ...toData(item as never, this.items.storage), paymentId: row.id, position, billId: isBillRef(item) ? item.item.id : null }),
        ),
      ),
    ];
    const payment = { ...this.store.written(row), paymentItem: checked.items } as Payment;
    return { id: row.id as string, written, payment, account, checked };
  }

  /** Books a prepared payment in `tx` (committing it, `extra` with it): its bills locked in id order and settled, its event, the balance. */
  private async book(tx: Transaction, baseUrl: string, prepared: ReturnType<PaymentService["prepare"]>, extra: Statement[]): Promise<Row> {
    const { checked, account, written, payment } = prepared;
    // Bills are locked in id order, so two payments on the same bills can never deadlock.
    const billPayments = [];
    for (const [position, item] of checked.billItems) {
      billPayments.push(
        await this.bills.lockForPayment(tx, account, item.item.id, item.totalAmount!.value!, item.totalAmount!.unit!, `paymentItem[${position}]`),
      );
    }
    // The bills' state change events show this payment: its rows are written before them.
    const inserted = billPayments.length ? (await tx.run(written))[0]![0] : undefined;
    for (const billPayment of billPayments) await this.bills.settle(tx, baseUrl, billPayment);
    const event = await this.outbox.statement(tx, baseUrl, "Create", this.store, payment);
    const [rows] = await this.ledger.book(tx, account, [...(inserted ? [] : written), event, ...extra], checked.total.negated(), checked.unit, "totalAmount");
    return inserted ?? rows![0]!;
  }

  private created(row: Row, items: PaymentItemAttributes[]): Payment {
    const payment = this.store.toResource(row);
    if (!items.length) payment.paymentItem = []; // nothing to look up when the response asks for items
    return payment;
  }
}

/** A payment's input, checked: its total, currency and items (those paying bills in id order). */
export interface CheckedPayment {
  total: Decimal;
  unit: string;
  items: PaymentItemAttributes[];
  billItems: [number, PaymentItemAttributes][];
}

/** The rules of a payment's input that need no database: mandatory attributes, money, items. */
export function checkPayment(input: PaymentAttributes): CheckedPayment {
  requireAttributes(input, PAYMENT_MANDATORY, "Payment");
  checkMoney(input.totalAmount, "totalAmount", true);
  checkTotal(input, "Payment");
  const items = input.paymentItem ?? [];
  const { value: total, unit } = { value: input.totalAmount.value!, unit: input.totalAmount.unit! };
  checkItems(items, total, unit);
  const billItems = [...items.entries()].filter(([, item]) => isBillRef(item)).sort(([, a], [, b]) => (a.item.id < b.item.id ? -1 : 1));
  return { total, unit, items, billItems };
}

/** Items are in the payment's currency, pay a positive amount each and never more than the total. */
function checkItems(items: PaymentItemAttributes[], total: Decimal, unit: string): void {
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
