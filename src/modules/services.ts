import type { Db } from "../db/database.js";
import type { CallbackPolicy } from "../events/callback-policy.js";
import { HubService, type HubLimits } from "./hub/hub.service.js";
import { AccountService } from "./account/account.service.js";
import { AccountLedger } from "./account/ledger.js";
import { BillService } from "./bill/bill.service.js";
import { CustomerService } from "./customer/customer.service.js";
import { PaymentService } from "./payment/payment.service.js";
import { RefundService } from "./payment/refund.service.js";

export interface Services {
  customers: CustomerService;
  accounts: AccountService;
  bills: BillService;
  payments: PaymentService;
  refunds: RefundService;
  hubs: HubService;
}

/** The domain services of the process, created once around the one Prisma client. */
export function createServices(db: Db, callbackPolicy: CallbackPolicy, hubLimits: HubLimits = { maxHubsPerPrincipal: 20 }): Services {
  const ledger = new AccountLedger();
  const customers = new CustomerService(db);
  const accounts = new AccountService(db, customers);
  const bills = new BillService(db, ledger);
  const payments = new PaymentService(db, ledger, bills);
  const refunds = new RefundService(db, ledger);
  return { customers, accounts, bills, payments, refunds, hubs: new HubService(db, callbackPolicy, hubLimits) };
}
