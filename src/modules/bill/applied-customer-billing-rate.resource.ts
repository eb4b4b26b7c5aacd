import type { ResourceDescription } from "../../resource/description.js";
import { billingAccountResource } from "../account/billing-account.resource.js";
import { characteristicV5 } from "../common/tmf-v5.shapes.js";
import { customerBillManagement, customerBillManagementV5, customerBillResource } from "./customer-bill.resource.js";
import { AppliedCustomerBillingRate, AppliedCustomerBillingRateAttributes, RATE_MANDATORY } from "./applied-customer-billing-rate.type.js";

// TMF678 v4 names no events for its bill run resources (the rates bills are made of, the cycles
// they are produced in, the requests that produce a bill on demand); their creation and state
// changes are events on the API's hub all the same.

/** TMF678 AppliedCustomerBillingRate. POST is an extension to TMF678, so that rating systems can record charges. */
export const appliedCustomerBillingRateResource: ResourceDescription<AppliedCustomerBillingRate> = {
  name: "AppliedCustomerBillingRate",
  type: AppliedCustomerBillingRate,
  api: customerBillManagement,
  versions: [{ api: customerBillManagementV5, reshaped: { characteristic: characteristicV5 } }],
  collection: "appliedCustomerBillingRate",
  operations: {
    create: { input: AppliedCustomerBillingRateAttributes, description: "Records an unbilled rate on a billing account (extension to TMF678)" },
  },
  mandatory: RATE_MANDATORY,
  references: {
    billingAccount: { to: () => billingAccountResource, foreignKey: "billingAccountId" },
    bill: { to: () => customerBillResource, foreignKey: "billId" },
  },
  storage: { table: "applied_customer_billing_rate", indexed: ["name"] },
  relations: [
    {
      name: "account",
      description: "The billing account the rate is charged to",
      reference: "billingAccount",
      inverse: { name: "appliedCustomerBillingRates", description: "Rates charged to this account, billed or not" },
    },
    {
      name: "customerBill",
      description: "The bill the rate is on, once billed",
      reference: "bill",
      inverse: { name: "appliedCustomerBillingRates", description: "The rates on this bill" },
    },
  ],
  events: {},
};
