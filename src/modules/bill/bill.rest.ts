import type { RestResource } from "../../tmf/rest-resource.js";

export const customerBillRest: RestResource = {
  basePath: "/tmf-api/customerBillManagement/v4",
  contract: "TMF678-Customer_Bill-v4.0.0.swagger.json",
  collection: "customerBill",
  type: "CustomerBill",
  queries: { one: "customerBill", list: "customerBills", count: "customerBillsCount" },
  // POST is an extension to TMF678 so that billing systems can record bills through REST.
  mutations: { create: "createCustomerBill", update: "updateCustomerBill" },
};
