import type { RestResource } from "../../tmf/rest-resource.js";

export const billingAccountRest: RestResource = {
  basePath: "/tmf-api/accountManagement/v4",
  contract: "TMF666-Account-v4.0.0.swagger.json",
  collection: "billingAccount",
  type: "BillingAccount",
  queries: { one: "billingAccount", list: "billingAccounts", count: "billingAccountsCount" },
  mutations: { create: "createBillingAccount", update: "updateBillingAccount", delete: "deleteBillingAccount" },
};
