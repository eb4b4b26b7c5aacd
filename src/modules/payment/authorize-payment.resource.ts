import type { ResourceDescription } from "../../resource/description.js";
import { billingAccountResource } from "../account/billing-account.resource.js";
import { IDEMPOTENCY_KEY_DOC } from "../common/idempotency.js";
import { AuthorizePayment, AuthorizePaymentAttributes, InitiatePayment, InitiatePaymentAttributes } from "./payment-task.type.js";
import { paymentManagement, paymentResource } from "./payment.resource.js";

// TMF676's tasks: each is decided in the request that creates it (see PaymentTaskService), its
// create event showing it acknowledged and its state change event the decision.

/** TMF676 AuthorizePayment. */
export const authorizePaymentResource: ResourceDescription<AuthorizePayment> = {
  name: "AuthorizePayment",
  type: AuthorizePayment,
  api: paymentManagement,
  collection: "authorizePayment",
  operations: {
    create: {
      input: AuthorizePaymentAttributes,
      idempotent: IDEMPOTENCY_KEY_DOC,
      description: "Authorizes a payment: holds its amount on the billing account within its credit limit (TMF676 POST /authorizePayment)",
    },
  },
  mandatory: [],
  storage: { table: "authorize_payment", foreignKeys: {}, internal: ["accountId"] },
  relations: [
    {
      name: "billingAccount",
      description: "The billing account the amount is held on",
      to: () => billingAccountResource,
      column: "accountId",
      inverse: { name: "paymentAuthorizations", description: "Authorizations of payments from this account" },
    },
  ],
  events: { create: true, state: "state" },
};

/** TMF676 InitiatePayment. */
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
  references: { authorizedPayment: () => authorizePaymentResource, initiatedPayment: () => paymentResource },
  storage: { table: "initiate_payment", foreignKeys: { authorizedPayment: "authorizationId" }, internal: ["paymentId"] },
  relations: [
    { name: "authorization", description: "The authorization the payment is made of", reference: "authorizedPayment" },
    { name: "payment", description: "The Payment the task made, once done", to: () => paymentResource, column: "paymentId" },
  ],
  events: { create: true, state: "state" },
};
