import type { Db } from "../db/database.js";
import type { Sql } from "../db/sql.js";
import type { CallbackPolicy } from "../events/callback-policy.js";
import { Outbox, type Projection } from "../events/outbox.js";
import type { PartDescription, ResourceDescription } from "../resource/description.js";
import type { ResourceStore } from "../resource/resource-store.js";
import { HubService, type HubLimits } from "./hub/hub.service.js";
import { AccountService } from "./account/account.service.js";
import { AccountLedger } from "./account/ledger.js";
import { partyAccountRules, settlementAccountRules } from "./account/account.service.js";
import { refuseDeleteWhileReferred } from "./account/account-references.js";
import { partyAccountResource, settlementAccountResource } from "./account/accounts.resource.js";
import { billFormatResource, billingCycleSpecificationResource, billPresentationMediaResource } from "./account/bill-structure.resource.js";
import type { BillFormat, BillingCycleSpecification, BillPresentationMedia } from "./account/bill-structure.type.js";
import { FinancialAccountService } from "./account/financial-account.service.js";
import type { PartyAccount, SettlementAccount } from "./account/party-account.type.js";
import { CrudService } from "./common/crud.service.js";
import { BillOnDemandService } from "./bill/bill-on-demand.service.js";
import type { BillCycle, BillCycleSpecification } from "./bill/bill-cycle.type.js";
import { billCycleResource, billCycleSpecificationResource } from "./bill/bill-run.resource.js";
import { BillService } from "./bill/bill.service.js";
import { BillingRateService } from "./bill/billing-rate.service.js";
import { CustomerService } from "./customer/customer.service.js";
import { PaymentAuthorizationService } from "./payment/payment-authorization.service.js";
import { PaymentInitiationService } from "./payment/payment-initiation.service.js";
import { PaymentService } from "./payment/payment.service.js";
import { RefundService } from "./payment/refund.service.js";

/** A delete refused while accounts refer to the resource (see refuseDeleteWhileReferred). */
const referred = (resource: ResourceDescription) => (tx: Sql, id: string) => refuseDeleteWhileReferred(tx, resource, id);

export interface Services {
  /** The store of a resource or part, by its description. */
  storeOf<T extends { id: string }>(description: ResourceDescription<T> | PartDescription<T>): ResourceStore<T>;
  customers: CustomerService;
  accounts: AccountService;
  partyAccounts: CrudService<PartyAccount>;
  settlementAccounts: CrudService<SettlementAccount>;
  financialAccounts: FinancialAccountService;
  billingCycleSpecifications: CrudService<BillingCycleSpecification>;
  billFormats: CrudService<BillFormat>;
  billPresentationMedia: CrudService<BillPresentationMedia>;
  bills: BillService;
  billingRates: BillingRateService;
  billCycleSpecifications: CrudService<BillCycleSpecification>;
  billCycles: CrudService<BillCycle>;
  billsOnDemand: BillOnDemandService;
  payments: PaymentService;
  refunds: RefundService;
  paymentAuthorizations: PaymentAuthorizationService;
  paymentInitiations: PaymentInitiationService;
  hubs: HubService;
}

/**
 * The domain services of the process, created once around the one database. `project`: the TMF
 * projection of a resource (what GET returns), which the outbox writes as an event's payload.
 */
export function createServices(db: Db, project: Projection, callbackPolicy: CallbackPolicy, hubLimits: HubLimits = { maxHubsPerPrincipal: 20 }): Services {
  const outbox = new Outbox(project);
  const customers = new CustomerService(db, outbox);
  const accounts = new AccountService(db, outbox, customers);
  const ledger = new AccountLedger();
  const bills = new BillService(db, outbox, ledger);
  const payments = new PaymentService(db, outbox, ledger, bills);
  const refunds = new RefundService(db, outbox, ledger);
  const paymentAuthorizations = new PaymentAuthorizationService(db, outbox, ledger);
  const tmf676Tasks = { paymentAuthorizations, paymentInitiations: new PaymentInitiationService(db, outbox, payments, paymentAuthorizations.store) };
  const billingRates = new BillingRateService(db, outbox, ledger);
  const tmf678 = {
    billingRates,
    billCycleSpecifications: new CrudService(db, outbox, billCycleSpecificationResource),
    billCycles: new CrudService(db, outbox, billCycleResource),
    billsOnDemand: new BillOnDemandService(db, outbox, ledger, bills, billingRates.store),
  };
  const tmf666 = {
    partyAccounts: new CrudService(db, outbox, partyAccountResource, partyAccountRules),
    settlementAccounts: new CrudService(db, outbox, settlementAccountResource, settlementAccountRules),
    financialAccounts: new FinancialAccountService(db, outbox),
    billingCycleSpecifications: new CrudService(db, outbox, billingCycleSpecificationResource, undefined, referred(billingCycleSpecificationResource)),
    billFormats: new CrudService(db, outbox, billFormatResource, undefined, referred(billFormatResource)),
    billPresentationMedia: new CrudService(db, outbox, billPresentationMediaResource, undefined, referred(billPresentationMediaResource)),
  };
  const stores = new Map<unknown, ResourceStore<{ id: string }>>(
    [customers.store, accounts.store, bills.store, payments.store, payments.items, refunds.store, ...[...Object.values(tmf666), ...Object.values(tmf678), ...Object.values(tmf676Tasks)].map((s) => s.store)].map((store) => [
      store.description,
      store as never,
    ]),
  );
  const storeOf = <T extends { id: string }>(description: ResourceDescription<T> | PartDescription<T>) => {
    const store = stores.get(description);
    if (!store) throw new Error(`no store for ${description.name}`);
    return store as unknown as ResourceStore<T>;
  };
  return { storeOf, customers, accounts, ...tmf666, bills, ...tmf678, payments, refunds, ...tmf676Tasks, hubs: new HubService(db, callbackPolicy, hubLimits) };
}
