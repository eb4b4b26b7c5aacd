import type { PartDescription, ResourceDescription } from "../resource/description.js";
import { billingAccountResource } from "./account/account.resource.js";
import { financialAccountResource, partyAccountResource, settlementAccountResource } from "./account/accounts.resource.js";
import { billFormatResource, billingCycleSpecificationResource, billPresentationMediaResource } from "./account/bill-structure.resource.js";
import { appliedCustomerBillingRateResource, billCycleResource, billCycleSpecificationResource, customerBillOnDemandResource } from "./bill/bill-run.resource.js";
import { customerBillResource } from "./bill/bill.resource.js";
import { customerResource } from "./customer/customer.resource.js";
import { authorizePaymentResource, initiatePaymentResource } from "./payment/payment-task.resource.js";
import { paymentItemPart, paymentResource, refundResource } from "./payment/payment.resource.js";

/**
 * Every TMF resource of the gateway, one line each: its REST routes, /docs, the hubs, the scopes
 * and the event hrefs come from this list.
 */
export const RESOURCES: readonly ResourceDescription[] = [
  customerResource,
  billingAccountResource,
  partyAccountResource,
  settlementAccountResource,
  financialAccountResource,
  billingCycleSpecificationResource,
  billFormatResource,
  billPresentationMediaResource,
  customerBillResource,
  appliedCustomerBillingRateResource,
  billCycleSpecificationResource,
  billCycleResource,
  customerBillOnDemandResource,
  paymentResource,
  refundResource,
  authorizePaymentResource,
  initiatePaymentResource,
];

/** Parts of those resources kept in tables of their own. */
export const PARTS: readonly PartDescription[] = [paymentItemPart];

/** The TMF APIs of those resources, every version of each, each with one hub: by API name ("customerManagement", "customer" for TMF629 v5). */
export const TMF_APIS = new Map(RESOURCES.flatMap((r) => [r.api, ...(r.versions ?? []).map((v) => v.api)]).map((api) => [api.basePath.split("/")[2]!, api]));
