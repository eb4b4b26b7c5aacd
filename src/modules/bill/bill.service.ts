import type { Db } from "../../db/database.js";
import { badInput, unprocessable } from "../../errors.js";
import type { Loaders } from "../../graphql/loaders.js";
import { ResourceStore, type ModelDelegate } from "../../resource/resource-store.js";
import type { AccountService } from "../account/account.service.js";
import { checkMoney } from "../common/money.rules.js";
import { BILL_MANDATORY, BILL_STATES, type CustomerBill, type CustomerBillAttributes, type CustomerBillUpdate } from "./bill.type.js";
import { customerBillAttributes } from "./bill.inputs.js";

export class BillService {
  readonly store: ResourceStore<CustomerBill>;

  constructor(db: Db, private readonly accounts: AccountService) {
    this.store = new ResourceStore<CustomerBill>(
      db.customerBill as unknown as ModelDelegate,
      { attributes: customerBillAttributes, foreignKeys: { billingAccount: "billingAccountId" } },
      "CustomerBill",
    );
  }

  /** A new bill owes its whole amount: remainingAmount starts at amountDue, state `new`. */
  async create(input: CustomerBillAttributes): Promise<CustomerBill> {
    checkMoney(input.amountDue, "amountDue");
    if (input.amountDue.value!.isNegative()) throw badInput("amountDue.value must not be negative");
    await this.accounts.requireAccount(input.billingAccount?.id, "billingAccount");
    const state = input.amountDue.value!.isZero() ? "settled" : "new";
    return this.store.insert(input, BILL_MANDATORY, {
      state,
      remainingAmountValue: input.amountDue.value,
      remainingAmountUnit: input.amountDue.unit,
    });
  }

  update(id: string, patch: CustomerBillUpdate): Promise<CustomerBill> {
    if (patch.state != null && !(BILL_STATES as readonly string[]).includes(patch.state)) {
      throw badInput(`state must be one of ${BILL_STATES.join(", ")}`);
    }
    if (patch.state === null) throw badInput("state cannot be removed");
    return this.store.patch(id, patch, []);
  }

  billsOfAccount(loaders: Loaders, accountId: string): Promise<CustomerBill[]> {
    return loaders.manyBy(this.store, "billingAccountId", (b) => b.billingAccount?.id).load(accountId);
  }

  /** The bill a payment item pays: it must exist and be issued on the paying account. */
  async requireBillOfAccount(billId: string, accountId: string): Promise<CustomerBill> {
    const bill = await this.store.findById(billId);
    if (!bill || bill.billingAccount?.id !== accountId) {
      throw unprocessable(`paymentItem.item refers to customer bill ${billId}, which is not a bill of account ${accountId}`, "Unknown bill");
    }
    return bill;
  }
}
