import type { ResourceDescription } from "../../resource/description.js";
import { IDEMPOTENCY_KEY_DOC } from "../common/idempotency.js";
import { authorizePaymentResource } from "./authorize-payment.resource.js";
import { InitiatePayment, InitiatePaymentAttributes } from "./initiate-payment.type.js";
import { paymentManagement, paymentResource } from "./payment.resource.js";

/** TMF676 InitiatePayment, a task decided in the request that creates it, as AuthorizePayment. */
export const initiatePaymentResource: ResourceDescription<InitiatePayment> = {
  name: "InitiatePayment",
  type: InitiatePayment,
  api: paymentManagement,
  collection: "initiatePayment",
  operations: {
    create: {
      input: InitiatePaymentAttributes,
      idempotent: IDEMPOTENCY_KEY_DOC,
      description: "Makes a payment, of an authorization or directly: the Payment is created as the task completes (TMF676 POST /initiatePayment)",
    },
  },
  mandatory: [],
  references: {
    authorizedPayment: { to: () => authorizePaymentResource, foreignKey: "authorizationId" },
    initiatedPayment: () => paymentResource,
  },
  storage: { table: "initiate_payment", internal: ["paymentId"] },
  relations: [
    { name: "authorization", description: "The authorization the payment is made of", reference: "authorizedPayment" },
    { name: "payment", description: "The Payment the task made, once done", to: () => paymentResource, column: "paymentId" },
  ],
  events: { create: true, state: "state" },
};
