import type { Db } from "../../db/database.js";
import type { Transaction } from "../../db/sql.js";
import type { Outbox } from "../../events/outbox.js";
import { ResourceStore } from "../../resource/resource-store.js";
import type { AccountLedger } from "../account/ledger.js";
import { composeBill } from "./bill-composition.js";
import type { CustomerBillOnDemand, CustomerBillOnDemandAttributes } from "./bill-on-demand.type.js";
import { customerBillOnDemandResource } from "./bill-run.resource.js";
import type { BillService } from "./bill.service.js";
import type { BillingRateStore } from "./billing-rate.store.js";

/**
 * A bill on demand is decided when it is asked for, in one transaction: the request is recorded
 * `inProgress` (its create event), the account's unbilled rates are locked, and either they make a
 * bill — recorded, booked on the account, the rates put on it — and the request is `done` with a
 * reference to it, or the request is `rejected` saying why (its state change event either way).
 */
export class BillOnDemandService {
  readonly store: ResourceStore<CustomerBillOnDemand>;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly ledger: AccountLedger,
    private readonly bills: BillService,
    private readonly rates: BillingRateStore,
  ) {
    this.store = new ResourceStore(db, customerBillOnDemandResource);
  }

  async create(input: CustomerBillOnDemandAttributes, baseUrl: string): Promise<CustomerBillOnDemand> {
    const row = this.store.newRow(input, { state: "inProgress" }); // the request is checked before the account
    const account = await this.ledger.account(this.db.sql, input.billingAccount?.id, "billingAccount");
    return this.db.transaction(async (tx) => {
      const { text, values } = this.store.insertion(row);
      const request = this.store.toResource((await tx.query(text, values))[0]!);
      await this.outbox.record(tx, baseUrl, "Create", this.store, request);
      const rates = await this.rates.lockUnbilled(tx, account.id);
      const composition = composeBill(rates, { id: account.id, name: input.billingAccount?.name }, input.relatedParty);
      if ("refused" in composition) return this.decide(tx, baseUrl, request, { state: "rejected", stateReason: composition.refused });
      if (account.currency && composition.bill.amountDue!.unit!.toUpperCase() !== account.currency) {
        const refused = `the unbilled rates are in ${composition.bill.amountDue!.unit}, billing account ${account.id} in ${account.currency}`;
        return this.decide(tx, baseUrl, request, { state: "rejected", stateReason: refused });
      }
      const recording = await this.bills.recording(tx, composition.bill, baseUrl);
      const billRef = { id: recording.bill.id, atReferredType: "CustomerBill" };
      const done = { ...request, state: "done", customerBill: billRef, lastUpdate: new Date() };
      const writes = [
        ...recording.writes,
        this.rates.billing(rates.map((rate) => rate.id), recording.bill.id, { atReferredType: "CustomerBill" }),
        this.store.updating(request.id, { state: "done", customerBillId: billRef.id, customerBillRef: { atReferredType: "CustomerBill" } }),
        await this.outbox.statement(undefined, baseUrl, "StateChange", this.store, done),
      ];
      const { value, unit } = recording.amountDue;
      await this.ledger.book(tx, recording.account, writes, value!, unit!, "amountDue");
      return done;
    });
  }

  private async decide(tx: Transaction, baseUrl: string, request: CustomerBillOnDemand, decision: { state: string; stateReason: string }) {
    const decided = { ...request, ...decision, lastUpdate: new Date() };
    const { text, values } = this.store.updating(request.id, decision);
    await tx.query(text, values);
    await this.outbox.record(tx, baseUrl, "StateChange", this.store, decided);
    return decided;
  }
}
