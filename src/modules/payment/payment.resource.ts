import type { PartDescription, ResourceDescription } from "../../resource/description.js";
import { billingAccountResource, bookedAccounts } from "../account/billing-account.resource.js";
import { settlementAccountResource } from "../account/settlement-account.resource.js";
import { customerBillResource } from "../bill/customer-bill.resource.js";
import { IDEMPOTENCY_KEY_DOC } from "../common/idempotency.js";
import { storedPaymentMethod } from "../payment-method/payment-method.resource.js";
import { PaymentItem } from "./payment-item.type.js";
import { PAYMENT_MANDATORY, Payment, PaymentAttributes } from "./payment.type.js";

export const paymentManagement = {
  basePath: "/tmf-api/paymentManagement/v4",
  contract: "TMF676-Payment-v4.0.0.swagger.json",
  scope: "payment",
};

/** TMF676 Payment: recorded once, never changed (the API has no PATCH or DELETE for it). */
export const paymentResource: ResourceDescription<Payment> = {
  name: "Payment",
  type: Payment,
  api: paymentManagement,
  collection: "payment",
  operations: {
    create: {
      input: PaymentAttributes,
      idempotent: IDEMPOTENCY_KEY_DOC,
      description: "Records a payment against a billing or settlement account (TMF676 POST /payment)",
    },
  },
  mandatory: PAYMENT_MANDATORY,
  references: { account: { to: bookedAccounts, foreignKey: "accountId" } },
  storage: { table: "payment", separate: ["paymentItem"] },
  relations: [
    {
      name: "billingAccount",
      description: "The billing account this payment is recorded against",
      reference: "account",
      to: () => billingAccountResource,
      inverse: { name: "payments", description: "Payments recorded against this account" },
    },
    {
      name: "settlementAccount",
      description: "The settlement account this payment is recorded against (account.@referredType SettlementAccount)",
      reference: "account",
      to: () => settlementAccountResource,
      inverse: { name: "payments", description: "Payments recorded against this account" },
    },
    storedPaymentMethod("payment"),
  ],
  events: { create: true },
};

/** The items of a payment, in their own table (in the payment's order). */
export const paymentItemPart: PartDescription<PaymentItem> = {
  name: "PaymentItem",
  type: PaymentItem,
  storage: { table: "payment_item", internal: ["billId", "paymentId"], relationOrder: [{ createdAt: "asc" }, { position: "asc" }] },
  relations: [{ name: "bill", description: "The customer bill this item pays, if it pays one", to: () => customerBillResource, column: "billId" }],
};
