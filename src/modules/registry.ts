import type { Sql } from "../db/sql.js";
import { restVersionsOf, type PartDescription, type ResourceDescription } from "../resource/description.js";
import { apiOf } from "../tmf/rest-resource.js";
import { billingAccountResource } from "./account/billing-account.resource.js";
import { refuseDeleteWhileReferred } from "./account/account-references.js";
import { partyAccountRules, settlementAccountRules } from "./account/billing-account.service.js";
import { financialAccountResource } from "./account/financial-account.resource.js";
import { partyAccountResource } from "./account/party-account.resource.js";
import { settlementAccountResource } from "./account/settlement-account.resource.js";
import { billFormatResource, billingCycleSpecificationResource, billPresentationMediaResource } from "./account/bill-structure.resource.js";
import { appliedCustomerBillingRateResource } from "./bill/applied-customer-billing-rate.resource.js";
import { billCycleResource, billCycleSpecificationResource } from "./bill/bill-cycle.resource.js";
import { customerBillOnDemandResource } from "./bill/customer-bill-on-demand.resource.js";
import { customerBillResource } from "./bill/customer-bill.resource.js";
import type { AttributeRules } from "./common/crud.service.js";
import { customerResource } from "./customer/customer.resource.js";
import { authorizePaymentResource } from "./payment/authorize-payment.resource.js";
import { initiatePaymentResource } from "./payment/initiate-payment.resource.js";
import { paymentItemPart, paymentResource } from "./payment/payment.resource.js";
import { refundResource } from "./payment/refund.resource.js";
import { paymentMethodResource } from "./payment-method/payment-method.resource.js";
import { paymentMethodRules } from "./payment-method/payment-method.rules.js";
import { partyRoleResource } from "./party-role/party-role.resource.js";

/**
 * A resource of the gateway: its description, and for a resource without a domain service of its
 * own (services.ts), what its CrudService checks. Everything else derives from the description.
 */
export interface Registration<T extends { id: string } = { id: string }> {
  resource: ResourceDescription<T>;
  crud?: { rules?: AttributeRules<T>; beforeDelete?: (tx: Sql, id: string) => Promise<void> };
}

/** A delete refused while resources of the registry refer to the resource (see refuseDeleteWhileReferred). */
const referred = <T extends { id: string }>(resource: ResourceDescription<T>): Registration<T> => ({
  resource,
  crud: { beforeDelete: (tx, id) => refuseDeleteWhileReferred(tx, resource, id, RESOURCES) },
});

/**
 * Every TMF resource of the gateway, one line each: its GraphQL queries, mutations and
 * subscription, its REST routes, /docs, the hubs, the scopes, its service and store and the event
 * hrefs come from this list.
 */
export const REGISTRY: readonly Registration[] = [
  { resource: customerResource },
  { resource: billingAccountResource },
  { resource: partyAccountResource, crud: { rules: partyAccountRules } },
  { resource: settlementAccountResource, crud: { rules: settlementAccountRules } },
  { resource: financialAccountResource },
  referred(billingCycleSpecificationResource),
  referred(billFormatResource),
  referred(billPresentationMediaResource),
  { resource: customerBillResource },
  { resource: appliedCustomerBillingRateResource },
  { resource: billCycleSpecificationResource },
  { resource: billCycleResource },
  { resource: customerBillOnDemandResource },
  { resource: paymentResource },
  { resource: refundResource },
  { resource: authorizePaymentResource },
  { resource: initiatePaymentResource },
  { resource: paymentMethodResource, crud: { rules: paymentMethodRules } },
  { resource: partyRoleResource },
] as Registration[];

/** The descriptions of the registry's resources. */
export const RESOURCES: readonly ResourceDescription[] = REGISTRY.map((r) => r.resource);

/** Parts of those resources kept in tables of their own. */
export const PARTS: readonly PartDescription[] = [paymentItemPart];

/**
 * The TMF APIs of some resources, every version of each, each with one hub: by API name (apiOf:
 * "customerManagement", "customer" for TMF629 v5, "customerBillManagementV5" for TMF678 v5).
 */
export function tmfApisOf(resources: readonly ResourceDescription[]) {
  return new Map(
    resources.flatMap((r) => {
      const apis = [r.api, ...(r.versions ?? []).map((v) => v.api)];
      return restVersionsOf(r).map((rest, i) => [apiOf(rest), apis[i]!] as const);
    }),
  );
}

/** The TMF APIs of the registry's resources. */
export const TMF_APIS = tmfApisOf(RESOURCES);
