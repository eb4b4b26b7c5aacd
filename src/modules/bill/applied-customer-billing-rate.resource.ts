import type { ResourceDescription } from "../../resource/description.js";
import { billingAccountResource } from "../account/billing-account.resource.js";
import { billingCycleSpecificationResource } from "../account/bill-structure.resource.js";
import { BillCycle, BillCycleAttributes, BillCycleSpecification } from "./bill-cycle.type.js";
import { CustomerBillOnDemand, CustomerBillOnDemandAttributes } from "./customer-bill-on-demand.type.js";
import { customerBillManagement, customerBillResource } from "./customer-bill.resource.js";
import { AppliedCustomerBillingRate, AppliedCustomerBillingRateAttributes, RATE_MANDATORY } from "./applied-customer-billing-rate.type.js";

// TMF678's bill run resources: the rates bills are made of, the cycles they are produced in, and
// the requests that produce a bill on demand. TMF678 v4 names no events; the requests' creation and
// state changes are events on the API's hub all the same.

/** TMF678 AppliedCustomerBillingRate. POST is an extension to TMF678, so that rating systems can record charges. */
export const appliedCustomerBillingRateResource: ResourceDescription<AppliedCustomerBillingRate> = {
  name: "AppliedCustomerBillingRate",
  type: AppliedCustomerBillingRate,
  api: customerBillManagement,
  collection: "appliedCustomerBillingRate",
  operations: {
    create: { input: AppliedCustomerBillingRateAttributes, description: "Records an unbilled rate on a billing account (extension to TMF678)" },
  },
  mandatory: RATE_MANDATORY,
  references: { billingAccount: () => billingAccountResource, bill: () => customerBillResource },
  storage: { table: "applied_customer_billing_rate", foreignKeys: { billingAccount: "billingAccountId", bill: "billId" }, indexed: ["name"] },
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

/** TMF678 BillCycleSpecification: TMF666's billing cycle specifications, read through TMF678. */
export const billCycleSpecificationResource: ResourceDescription<BillCycleSpecification> = {
  name: "BillCycleSpecification",
  type: BillCycleSpecification,
  api: customerBillManagement,
  collection: "billCycleSpecification",
  operations: {},
  mandatory: [],
  projectionOf: () => billingCycleSpecificationResource,
  storage: billingCycleSpecificationResource.storage,
  events: {},
};

/** TMF678 BillCycle. POST is an extension to TMF678, so that billing systems can record their cycles. */
export const billCycleResource: ResourceDescription<BillCycle> = {
  name: "BillCycle",
  type: BillCycle,
  api: customerBillManagement,
  collection: "billCycle",
  operations: { create: { input: BillCycleAttributes, description: "Records a bill cycle (extension to TMF678)" } },
  mandatory: [],
  references: { billCycleSpecification: () => billCycleSpecificationResource },
  storage: { table: "bill_cycle", foreignKeys: { billCycleSpecification: "billCycleSpecificationId" }, indexed: ["name"] },
  relations: [
    {
      name: "specification",
      description: "The bill cycle specification the cycle follows",
      reference: "billCycleSpecification",
      inverse: { name: "billCycles", description: "The bill cycles following this specification" },
    },
  ],
  events: {},
};

/** TMF678 CustomerBillOnDemand: a request decided when it is made (see CustomerBillOnDemandService). */
export const customerBillOnDemandResource: ResourceDescription<CustomerBillOnDemand> = {
  name: "CustomerBillOnDemand",
  type: CustomerBillOnDemand,
  api: customerBillManagement,
  collection: "customerBillOnDemand",
  operations: {
    create: { input: CustomerBillOnDemandAttributes, description: "Bills the account's unbilled rates now (TMF678 POST /customerBillOnDemand)" },
  },
  mandatory: [],
  references: { billingAccount: () => billingAccountResource, customerBill: () => customerBillResource },
  storage: {
    table: "customer_bill_on_demand",
    updatedAt: "lastUpdate",
    foreignKeys: { billingAccount: "billingAccountId", customerBill: "customerBillId" },
    indexed: ["name"],
  },
  relations: [
    {
      name: "account",
      description: "The billing account billed",
      reference: "billingAccount",
      inverse: { name: "billsOnDemand", description: "Requests for a bill on demand of this account" },
    },
    { name: "producedBill", description: "The bill the request produced, once done", reference: "customerBill" },
  ],
  events: { create: true, state: "state" },
};
