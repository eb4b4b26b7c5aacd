import type { Relation, ResourceDescription } from "../../resource/description.js";
import { PAYMENT_METHOD_MANDATORY, PaymentMethod, PaymentMethodAttributes } from "./payment-method.type.js";

/**
 * TMF670 Payment Method v4.0.0. Its contract is the schema set TM Forum's CTK ships (the resource's
 * schema and one per `@type`), as TMFC029's CTK reaches it: base path `/tmf-api/paymentMethod/v4/`.
 */
export const paymentMethodManagement = {
  basePath: "/tmf-api/paymentMethod/v4",
  contract: "TMF670-v4.0.0-ctk-schemas",
  scope: "paymentMethod",
};

/** TMF670 PaymentMethod: a means of payment a payment or a refund may name by id. */
export const paymentMethodResource: ResourceDescription<PaymentMethod> = {
  name: "PaymentMethod",
  type: PaymentMethod,
  api: paymentMethodManagement,
  collection: "paymentMethod",
  operations: {
    create: { input: PaymentMethodAttributes, description: "Records a payment method (TMF670 POST /paymentMethod); a card only masked, with its token" },
    update: { patch: PaymentMethodAttributes, description: "Changes a payment method (TMF670 PATCH /paymentMethod/{id}, merge patch)" },
    delete: { description: "Deletes a payment method (TMF670 DELETE /paymentMethod/{id}); payments that named it keep their reference" },
  },
  mandatory: PAYMENT_METHOD_MANDATORY,
  storage: { table: "payment_method", indexed: ["name"] },
  // TMFC029 publishes PaymentMethodCreateEvent, …AttributeValueChangeEvent, …StatusChangeEvent, …DeleteEvent.
  events: { create: true, delete: true, state: "status", stateEvent: "StatusChange" },
};

/** The navigation from a payment or a refund to the stored payment method its `paymentMethod` names by id (null for one given by value). */
export const storedPaymentMethod = (what: string): Relation => ({
  name: "storedPaymentMethod",
  description: `The stored payment method (TMF670) this ${what}'s paymentMethod names by id; null for a payment method given by value`,
  column: "paymentMethod",
  to: () => paymentMethodResource,
});
