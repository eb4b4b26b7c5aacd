import { customerBillRest } from "./bill.rest.js";
import { prismaSql, TRANSACTION_OPTIONS, type Db } from "../../db/database.js";
import type { Sql } from "../../db/sql.js";
import type { Decimal } from "../../db/decimal.js";
import { badInput, unprocessable } from "../../errors.js";
import type { Loaders } from "../../graphql/loaders.js";
import { eventStatement, recordChange, recordEvent } from "../../events/outbox.js";
import { ResourceStore, type Page } from "../../resource/resource-store.js";
import { UUID } from "../../resource/storage.js";
import type { AccountLedger, BookedAccount } from "../account/ledger.js";
import { checkMoney, sameCurrency } from "../common/money.rules.js";
import { attributesOf } from "../../resource/attributes.js";
import { BILL_MANDATORY, BILL_STATES, CustomerBill, type CustomerBillAttributes, type CustomerBillUpdate } from "./bill.type.js";

export class BillService {
  readonly store: ResourceStore<CustomerBill>;

  constructor(
    private readonly db: Db,
    private readonly ledger: AccountLedger,
  ) {
    this.store = new ResourceStore<CustomerBill>(
      db,
      (d) => d.customerBill,
      { table: "customer_bill", updatedAt: "lastUpdate", attributes: attributesOf(CustomerBill), foreignKeys: { billingAccount: "billingAccountId" }, indexed: ["billNo"] },
      customerBillRest,
    );
  }

  /** A new bill owes its whole amount (remainingAmount = amountDue, state `new`) and adds it to the balance. */
  async create(input: CustomerBillAttributes, baseUrl: string): Promise<CustomerBill> {
    checkMoney(input.amountDue, "amountDue");
    if (input.amountDue.value!.isNegative()) throw badInput("amountDue.value must not be negative");
    const account = await this.ledger.check(this.db.sql, input.billingAccount?.id, input.amountDue, "billingAccount", "amountDue");
    const row = this.store.newRow(input, BILL_MANDATORY, {
      state: input.amountDue.value!.isZero() ? "settled" : "new",
      remainingAmountValue: input.amountDue.value,
      remainingAmountUnit: input.amountDue.unit,
    });
    const writes = [this.store.insertion(row), eventStatement(baseUrl, "CustomerBillCreateEvent", this.store, this.store.written(row))];
    const [inserted] = await this.ledger.book(this.db.sql, account, writes, input.amountDue.value!, input.amountDue.unit!, "amountDue");
    return this.store.toResource(inserted![0]!);
  }

  update(id: string, patch: CustomerBillUpdate, baseUrl: string): Promise<CustomerBill> {
    if (patch.state === null) throw badInput("state cannot be removed");
    if (patch.state != null && !(BILL_STATES as readonly string[]).includes(patch.state)) {
      throw badInput(`state must be one of ${BILL_STATES.join(", ")}`);
    }
    // Locked first: a payment on the bill waits, so the state checked is the state written.
    return this.db.prisma.$transaction(async (tx) => {
      if (UUID.test(id)) await prismaSql(tx).query(`SELECT 1 FROM customer_bill WHERE id = $1::uuid FOR UPDATE`, [id]);
      const { before, after } = await this.store.patch(id, patch, [], checkStateAgainstAmounts, tx);
      await recordChange(prismaSql(tx), baseUrl, this.store, before, after, "state");
      return after;
    }, TRANSACTION_OPTIONS);
  }

  /** A page of the account's bills, in creation order. */
  billsOfAccount(loaders: Loaders, accountId: string, page: Page): Promise<CustomerBill[]> {
    return loaders.manyBy(this.store, "billingAccountId", (b) => b.billingAccount?.id, page).load(accountId);
  }

  /**
   * Pays `amount` of a bill of the account: its remaining amount goes down — never below zero — and
   * it becomes `settled` at zero, `partiallyPaid` before. The bill row is locked while it is read.
   */
  async applyPayment(tx: Sql, baseUrl: string, account: BookedAccount, billId: string, amount: Decimal, unit: string, attribute: string) {
    const bill = UUID.test(billId)
      ? (
          await tx.query<{ remaining: Decimal; unit: string; accountId: string; state: string }>(
            `SELECT "remainingAmountValue" AS remaining, "remainingAmountUnit" AS unit, "billingAccountId"::text AS "accountId", state
             FROM customer_bill WHERE id = $1::uuid FOR UPDATE`,
            [billId],
          )
        )[0]
      : undefined;
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
    const remaining = bill.remaining.minus(amount);
    const state = remaining.isZero() ? "settled" : "partiallyPaid";
    await tx.query(`UPDATE customer_bill SET "remainingAmountValue" = $2::numeric, state = $3, "lastUpdate" = now() WHERE id = $1::uuid`, [
      billId,
      remaining,
      state,
    ]);
    if (state !== bill.state) await recordEvent(tx, baseUrl, "CustomerBillStateChangeEvent", this.store, await this.store.getById(billId, tx));
  }
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
