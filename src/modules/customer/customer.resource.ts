import type { ResourceDescription } from "../../resource/description.js";
import { CUSTOMER_MANDATORY, Customer, CustomerAttributes } from "./customer.type.js";

export const customerManagement = {
  basePath: "/tmf-api/customerManagement/v4",
  contract: "TMF629-Customer-v4.0.0.swagger.json",
  scope: "customer",
};

/** TMF629 Customer. */
export const customerResource: ResourceDescription<Customer> = {
  name: "Customer",
  type: Customer,
  api: customerManagement,
  collection: "customer",
  operations: {
    create: { input: CustomerAttributes, description: "Creates a customer (TMF629 POST /customer)" },
    update: { patch: CustomerAttributes, description: "Applies a JSON merge patch to a customer (TMF629 PATCH)" },
    delete: { description: "Deletes a customer that has no billing account" },
  },
  mandatory: CUSTOMER_MANDATORY,
  storage: { table: "customer", updatedAt: "updatedAt", foreignKeys: {}, indexed: ["name"] },
  events: { create: true, delete: true, state: "status" },
};
