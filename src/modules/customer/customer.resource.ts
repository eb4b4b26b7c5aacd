import type { ResourceDescription } from "../../resource/description.js";
import { characteristicV5, contactMediumV5, relatedPartyV5 } from "../common/tmf-v5.shapes.js";
import { CUSTOMER_MANDATORY, Customer, CustomerAttributes } from "./customer.type.js";

export const customerManagement = {
  basePath: "/tmf-api/customerManagement/v4",
  contract: "TMF629-Customer-v4.0.0.swagger.json",
  scope: "customer",
};

/** TMF629 v5 (its server URL: `{apiRoot}/tmf-api/customer/v5/`), over the same customers. */
export const customerManagementV5 = {
  basePath: "/tmf-api/customer/v5",
  contract: "TMF629-Customer_Management-v5.0.1.oas.yaml",
  scope: "customer",
};

/** TMF629 Customer. */
export const customerResource: ResourceDescription<Customer> = {
  name: "Customer",
  type: Customer,
  api: customerManagement,
  versions: [{ api: customerManagementV5, reshaped: { contactMedium: contactMediumV5, relatedParty: relatedPartyV5, characteristic: characteristicV5 } }],
  collection: "customer",
  operations: {
    create: { input: CustomerAttributes, description: "Creates a customer (TMF629 POST /customer)" },
    update: { patch: CustomerAttributes, description: "Applies a JSON merge patch to a customer (TMF629 PATCH)" },
    delete: { description: "Deletes a customer that has no billing account" },
  },
  mandatory: CUSTOMER_MANDATORY,
  storage: { table: "customer", updatedAt: "updatedAt", indexed: ["name"] },
  events: { create: true, delete: true, state: "status" },
};
