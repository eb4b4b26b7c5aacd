import type { ResourceDescription } from "../../resource/description.js";
import { billingAccountResource } from "../account/billing-account.resource.js";
import { CustomerBillOnDemand, CustomerBillOnDemandAttributes } from "./customer-bill-on-demand.type.js";
import { relatedPartyV5 } from "../common/tmf-v5.shapes.js";
import { customerBillManagement, customerBillManagementV5, customerBillResource } from "./customer-bill.resource.js";

/** TMF678 CustomerBillOnDemand: a request decided when it is made (see CustomerBillOnDemandService). */
export const customerBillOnDemandResource: ResourceDescription<CustomerBillOnDemand> = {
  name: "CustomerBillOnDemand",
  type: CustomerBillOnDemand,
  api: customerBillManagement,
  versions: [{ api: customerBillManagementV5, reshaped: { relatedParty: relatedPartyV5 } }],
  collection: "customerBillOnDemand",
  operations: {
    create: { input: CustomerBillOnDemandAttributes, description: "Bills the account's unbilled rates now (TMF678 POST /customerBillOnDemand)" },
  },
  mandatory: [],
  references: {
    billingAccount: { to: () => billingAccountResource, foreignKey: "billingAccountId" },
    customerBill: { to: () => customerBillResource, foreignKey: "customerBillId" },
  },
  storage: {
    table: "customer_bill_on_demand",
    updatedAt: "lastUpdate",
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
