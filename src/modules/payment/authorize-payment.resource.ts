import type { ResourceDescription } from "../../resource/description.js";
import { billingAccountResource } from "../account/billing-account.resource.js";
import { IDEMPOTENCY_KEY_DOC } from "../common/idempotency.js";
import { AuthorizePayment, AuthorizePaymentAttributes } from "./authorize-payment.type.js";
import { paymentManagement } from "./payment.resource.js";

/**
 * TMF676 AuthorizePayment, a task decided in the request that creates it (see task-lifecycle.ts): its
 * create event shows it acknowledged, its state change event the decision.
 */
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
  storage: { table: "authorize_payment", internal: ["accountId"] },
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
