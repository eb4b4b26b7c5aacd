import type { RestResource } from "../../tmf/rest-resource.js";

export const customerRest: RestResource = {
  basePath: "/tmf-api/customerManagement/v4",
  contract: "TMF629-Customer-v4.0.0.swagger.json",
  collection: "customer",
  type: "Customer",
  queries: { one: "customer", list: "customers", count: "customersCount" },
  mutations: { create: "createCustomer", update: "updateCustomer", delete: "deleteCustomer" },
};
