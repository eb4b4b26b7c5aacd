import type { RestResource } from "../../tmf/rest-resource.js";

const basePath = "/tmf-api/paymentManagement/v4";
const contract = "TMF676-Payment-v4.0.0.swagger.json";

export const paymentRest: RestResource = {
  basePath,
  contract,
  collection: "payment",
  type: "Payment",
  queries: { one: "payment", list: "payments", count: "paymentsCount" },
  mutations: { create: "createPayment" },
};

export const refundRest: RestResource = {
  basePath,
  contract,
  collection: "refund",
  type: "Refund",
  queries: { one: "refund", list: "refunds", count: "refundsCount" },
  mutations: { create: "createRefund" },
};
