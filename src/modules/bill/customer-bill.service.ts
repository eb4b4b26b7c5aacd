import type { Db } from "../../db/database.js";
import type { Decimal } from "../../db/decimal.js";
import type { Sql, Statement } from "../../db/sql.js";
import type { Money } from "../../tmf/money.type.js";
import { badInput, unprocessable } from "../../errors.js";
import type { Outbox } from "../../events/outbox.js";
import type { AccountLedger, BookedAccount } from "../account/ledger.js";
import { checkMoney, sameCurrency } from "../common/money.rules.js";
import { CustomerBillStore } from "./customer-bill.store.js";
import { BILL_STATES, type CustomerBill, type CustomerBillAttributes, type CustomerBillUpdate } from "./customer-bill.type.js";

export class CustomerBillService {
  readonly store: CustomerBillStore;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly ledger: AccountLedger,
  ) {
    this.store = new CustomerBillStore(db);
  }

  /** A new bill owes its whole amount (remainingAmount = amountDue, state `new`) and adds it to the balance. */
  async create(input: CustomerBillAttributes, baseUrl: string): Promise<CustomerBill> {
    const { account, writes, amountDue } = await this.recording(this.db.sql, input, baseUrl);
    const [inserted] = await this.ledger.book(this.db.sql, account, writes, amountDue.value!, amountDue.unit!, "amountDue");
    return this.store.toResource(inserted![0]!);
  }

  /**
   * What records a new bill, checked: the row and its create event (to be booked, last, with the
   * amount due added to the account's balance) — for a caller that books it with writes of its own.
   */
  async recording(sql: Sql, input: CustomerBillAttributes, baseUrl: string): Promise<BillRecording> {
    checkMoney(input.amountDue, "amountDue");
    if (input.amountDue.value!.isNegative()) throw badInput("amountDue.value must not be negative");
    const account = await this.ledger.check(sql, input.billingAccount, input.amountDue, "billingAccount", "amountDue");
    const row = this.store.newRow(input, {
      state: input.amountDue.value!.isZero() ? "settled" : "new",
      remainingAmountValue: input.amountDue.value,
      remainingAmountUnit: input.amountDue.unit,
    });
    const bill = this.store.written(row);
    const event = await this.outbox.statement(undefined, baseUrl, "Create", this.store, bill);
    return { account, bill, amountDue: input.amountDue, writes: [this.store.insertion(row), event] };
  }

  update(id: string, patch: CustomerBillUpdate, baseUrl: string): Promise<CustomerBill> {
    if (patch.state === null) throw badInput("state cannot be removed");
    if (patch.state != null && !(BILL_STATES as readonly string[]).includes(patch.state)) {
      throw badInput(`state must be one of ${BILL_STATES.join(", ")}`);
    }
    // Locked first: a payment on the bill waits, so the state checked is the state written.
    return this.db.transaction(async (tx) => {
      await this.store.lock(tx, id);
      const { before, after } = await this.store.patch(tx, id, patch, checkStateAgainstAmounts);
      await this.outbox.recordChange(tx, baseUrl, this.store, before, after);
      return after;
    });
  }

  /**
   * The first half of paying `amount` of a bill of the account: the bill row is locked (until the
   * payment's transaction ends) and checked — it must be a bill of the account, in the payment's
   * currency, with at least `amount` left to pay. `settle` then writes what it checked.
   */
  async lockForPayment(tx: Sql, account: BookedAccount, billId: string, amount: Decimal, unit: string, attribute: string): Promise<BillPayment> {
    const bill = await this.store.lockForPayment(tx, billId);
    if (!bill || bill.accountId !== account.id) {
      throw unprocessable(`${attribute}.item refers to customer bill ${billId}, which is not a bill of account ${account.id}`, "Unknown bill");
    }
    if (!sameCurrency(bill.unit, unit)) throw unprocessable(`${attribute}.totalAmount.unit ${unit} differs from the bill's ${bill.unit}`, "Currency mismatch");
    if (amount.gt(bill.remaining)) {
      throw unprocessable(
        `${attribute} pays ${amount.toString()} on customer bill ${billId}, which has only ${bill.remaining.toString()} left to pay`,
        "Bill overpaid",
      );
    }
    return { billId, state: bill.state, remaining: bill.remaining.minus(amount) };
  }

  /**
   * The second half: the bill's remaining amount goes down — never below zero — and it becomes
   * `settled` at zero, `partiallyPaid` before, with its state change event (written after the
   * payment's items, so the event's appliedPayment shows this payment).
   */
  async settle(tx: Sql, baseUrl: string, payment: BillPayment): Promise<void> {
    const state = payment.remaining.isZero() ? "settled" : "partiallyPaid";
    const paid = await this.store.setRemaining(tx, payment.billId, payment.remaining, state);
    if (state !== payment.state) await this.outbox.record(tx, baseUrl, "StateChange", this.store, paid);
  }
}

/** A new bill, checked, as statements still to be booked (AccountLedger.book). */
export interface BillRecording {
  account: BookedAccount;
  bill: CustomerBill;
  amountDue: Money;
  writes: Statement[];
}

/** A payment of a bill, checked with the bill locked. */
export interface BillPayment {
  billId: string;
  /** The bill's state before the payment. */
  state: string;
  /** What remains to pay once the payment is applied. */
  remaining: Decimal;
}

/**
 * A bill's state cannot contradict what is left to pay: `settled` exactly when nothing remains,
 * `partiallyPaid` (or `onHold`) while part of it is paid, and the states before payment
 * (`new`, `onHold`, `validated`, `sent`) only while all of it remains.
 */
function checkStateAgainstAmounts(bill: CustomerBill): Record<string, never> {
  const remaining = bill.remainingAmount.value!;
  const due = bill.amountDue!.value!;
  const allowed = remaining.isZero() ? ["settled"] : remaining.lt(due) ? ["partiallyPaid", "onHold"] : ["new", "onHold", "validated", "sent"];
  if (!allowed.includes(bill.state)) {
    throw unprocessable(
      `state ${bill.state} contradicts the bill's remaining amount ${remaining.toString()} of ${due.toString()}; allowed: ${allowed.join(", ")}`,
      "State contradicts amounts",
    );
  }
  return {};
}
