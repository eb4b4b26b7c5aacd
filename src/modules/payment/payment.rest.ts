import type { RestResource } from "../../rest/rest-resource.js";

const basePath = "/tmf-api/paymentManagement/v4";

export const paymentRest: RestResource = {
  basePath,
  collection: "payment",
  type: "Payment",
  queries: { one: "payment", list: "payments", count: "paymentsCount" },
  mutations: { create: "createPayment" },
};

export const refundRest: RestResource = {
  basePath,
  collection: "refund",
  type: "Refund",
  queries: { one: "refund", list: "refunds", count: "refundsCount" },
  mutations: { create: "createRefund" },
};
