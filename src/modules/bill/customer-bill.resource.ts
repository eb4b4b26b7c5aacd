import type { ResourceDescription } from "../../resource/description.js";
import { billingAccountResource } from "../account/billing-account.resource.js";
import { financialAccountResource } from "../account/financial-account.resource.js";
import { relatedPartyV5 } from "../common/tmf-v5.shapes.js";
import { billDocumentV5 } from "./customer-bill-v5.shapes.js";
import { BILL_MANDATORY, CustomerBill, CustomerBillAttributes, CustomerBillUpdate } from "./customer-bill.type.js";

export const customerBillManagement = {
  basePath: "/tmf-api/customerBillManagement/v4",
  contract: "TMF678-Customer_Bill-v4.0.0.swagger.json",
  scope: "bill",
};

/**
 * TMF678 v5.0.0 over the same bills (its OAS names no server path: v4's, with v5, as TM Forum's
 * components serve it). Its writes are those its contract has paths for (no POST /customerBill).
 */
export const customerBillManagementV5 = {
  basePath: "/tmf-api/customerBillManagement/v5",
  contract: "TMF678-CustomerBill-v5.0.0.oas.yaml",
  scope: "bill",
};

/** TMF678 CustomerBill. POST is an extension to TMF678, so that billing systems can record bills through REST. */
export const customerBillResource: ResourceDescription<CustomerBill> = {
  name: "CustomerBill",
  type: CustomerBill,
  api: customerBillManagement,
  versions: [{ api: customerBillManagementV5, reshaped: { relatedParty: relatedPartyV5, billDocument: billDocumentV5 } }],
  collection: "customerBill",
  operations: {
    create: { input: CustomerBillAttributes, description: "Records a customer bill on a billing account (extension to TMF678)" },
    update: { patch: CustomerBillUpdate, description: "Changes the state or bill cycle of a customer bill (TMF678 PATCH)" },
  },
  mandatory: BILL_MANDATORY,
  references: {
    billingAccount: { to: () => billingAccountResource, foreignKey: "billingAccountId" },
    financialAccount: () => financialAccountResource,
  },
  storage: { table: "customer_bill", updatedAt: "lastUpdate", indexed: ["billNo"] },
  relations: [
    {
      name: "account",
      description: "The billing account the bill is issued on",
      reference: "billingAccount",
      inverse: { name: "bills", description: "Customer bills issued on this account" },
    },
  ],
  events: { create: true, state: "state" },
};
