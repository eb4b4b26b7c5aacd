import type { Db } from "../../db/database.js";
import type { Outbox } from "../../events/outbox.js";
import { ResourceStore } from "../../resource/resource-store.js";
import type { AccountLedger } from "../account/ledger.js";
import { TaskLifecycle } from "../common/task-lifecycle.js";
import { composeBill } from "./bill-composition.js";
import type { CustomerBillOnDemand, CustomerBillOnDemandAttributes } from "./customer-bill-on-demand.type.js";
import { customerBillOnDemandResource } from "./customer-bill-on-demand.resource.js";
import type { CustomerBillService } from "./customer-bill.service.js";
import type { AppliedCustomerBillingRateStore } from "./applied-customer-billing-rate.store.js";

/**
 * A bill on demand is decided when it is asked for, in one transaction: the request is recorded
 * `inProgress` (its create event), the account's unbilled rates are locked, and either they make a
 * bill — recorded, booked on the account, the rates put on it — and the request is `done` with a
 * reference to it, or the request is `rejected` saying why (its state change event either way).
 */
export class CustomerBillOnDemandService {
  readonly store: ResourceStore<CustomerBillOnDemand>;
  private readonly tasks: TaskLifecycle<CustomerBillOnDemand>;

  constructor(
    private readonly db: Db,
    outbox: Outbox,
    private readonly ledger: AccountLedger,
    private readonly bills: CustomerBillService,
    private readonly rates: AppliedCustomerBillingRateStore,
  ) {
    this.store = new ResourceStore(db, customerBillOnDemandResource);
    this.tasks = new TaskLifecycle(db, outbox, this.store, "customerBillOnDemand", "inProgress");
  }

  async create(input: CustomerBillOnDemandAttributes, baseUrl: string): Promise<CustomerBillOnDemand> {
    this.store.newRow(input); // the request is checked before its account
    const account = await this.ledger.account(this.db.sql, input.billingAccount, "billingAccount");
    return this.tasks.run(input, {}, baseUrl, null, async (tx, open) => {
      const rates = await this.rates.lockUnbilled(tx, account.id);
      const commit = await open();
      const composition = composeBill(rates, { id: account.id, name: input.billingAccount?.name, currency: account.currency }, input.relatedParty);
      if ("refused" in composition) return void (await tx.run(await commit({ state: "rejected", stateReason: composition.refused })));
      const recording = await this.bills.recording(tx, composition.bill, baseUrl);
      const billed = { atReferredType: "CustomerBill" };
      const writes = [
        ...recording.writes,
        this.rates.billing(
          rates.map((rate) => rate.id),
          recording.bill.id,
          billed,
        ),
        ...(await commit({ state: "done", customerBill: { id: recording.bill.id, ...billed } })),
      ];
      await this.ledger.book(tx, recording.account, writes, recording.amountDue.value!, recording.amountDue.unit!, "amountDue");
    });
  }
}
