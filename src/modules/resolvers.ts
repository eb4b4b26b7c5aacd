import { BillingAccountFields } from "./account/billing-account.resolver.js";
import { BillStructureFields } from "./account/bill-structure.resolver.js";
import { FinancialAccountFields } from "./account/financial-account.resolver.js";
import { SettlementAccountFields } from "./account/settlement-account.resolver.js";
import { CustomerBillFields } from "./bill/customer-bill.resolver.js";
import { SubscriptionResolver } from "./hub/subscription.resolver.js";
import { PaymentFields } from "./payment/payment.resolver.js";

/**
 * The modules' own GraphQL code, beside what every resource of the registry derives from its
 * description (src/schema/, with the hub of every API): fields a description cannot state, the account subscriptions.
 */
export const MODULE_RESOLVERS: readonly Function[] = [
  BillingAccountFields,
  SettlementAccountFields,
  FinancialAccountFields,
  BillStructureFields,
  CustomerBillFields,
  PaymentFields,
  SubscriptionResolver,
];
