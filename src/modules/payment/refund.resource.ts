import type { ResourceDescription } from "../../resource/description.js";
import { billingAccountResource, bookedAccounts } from "../account/billing-account.resource.js";
import { settlementAccountResource } from "../account/settlement-account.resource.js";
import { IDEMPOTENCY_KEY_DOC } from "../common/idempotency.js";
import { storedPaymentMethod } from "../payment-method/payment-method.resource.js";
import { paymentManagement, paymentResource } from "./payment.resource.js";
import { REFUND_MANDATORY, Refund, RefundAttributes } from "./refund.type.js";

/** TMF676 Refund: money given back against a payment. */
export const refundResource: ResourceDescription<Refund> = {
  name: "Refund",
  type: Refund,
  api: paymentManagement,
  collection: "refund",
  operations: {
    create: {
      input: RefundAttributes,
      idempotent: IDEMPOTENCY_KEY_DOC,
      description: "Gives money back to a billing or settlement account (TMF676 POST /refund)",
    },
  },
  mandatory: REFUND_MANDATORY,
  references: { account: { to: bookedAccounts, foreignKey: "accountId" }, payment: { to: () => paymentResource, foreignKey: "paymentId" } },
  storage: { table: "refund" },
  relations: [
    {
      name: "billingAccount",
      description: "The billing account credited by this refund",
      reference: "account",
      to: () => billingAccountResource,
      inverse: { name: "refunds", description: "Refunds given back to this account" },
    },
    {
      name: "settlementAccount",
      description: "The settlement account credited by this refund (account.@referredType SettlementAccount)",
      reference: "account",
      to: () => settlementAccountResource,
      inverse: { name: "refunds", description: "Refunds given back to this account" },
    },
    {
      name: "refundedPayment",
      description: "The payment this refund gives money back from",
      reference: "payment",
      inverse: { name: "refunds", description: "Refunds made against this payment" },
    },
    storedPaymentMethod("refund"),
  ],
  events: { create: true },
};
