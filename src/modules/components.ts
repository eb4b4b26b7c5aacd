import { HUB_ADMIN, read, write } from "../auth/scopes.js";
import { ConfigError } from "../config-values.js";
import type { ResourceDescription } from "../resource/description.js";
import { billFormatResource, billingCycleSpecificationResource, billPresentationMediaResource } from "./account/bill-structure.resource.js";
import { billingAccountResource } from "./account/billing-account.resource.js";
import { financialAccountResource } from "./account/financial-account.resource.js";
import { partyAccountResource } from "./account/party-account.resource.js";
import { settlementAccountResource } from "./account/settlement-account.resource.js";
import { appliedCustomerBillingRateResource } from "./bill/applied-customer-billing-rate.resource.js";
import { billCycleResource, billCycleSpecificationResource } from "./bill/bill-cycle.resource.js";
import { customerBillOnDemandResource } from "./bill/customer-bill-on-demand.resource.js";
import { customerBillResource } from "./bill/customer-bill.resource.js";
import { customerResource } from "./customer/customer.resource.js";
import { authorizePaymentResource } from "./payment/authorize-payment.resource.js";
import { initiatePaymentResource } from "./payment/initiate-payment.resource.js";
import { paymentResource } from "./payment/payment.resource.js";
import { refundResource } from "./payment/refund.resource.js";
import { paymentMethodResource } from "./payment-method/payment-method.resource.js";
import { partyRoleResource } from "./party-role/party-role.resource.js";

/**
 * An ODA Component the gateway can run as (ODA_COMPONENT): the resources, of the registry, whose
 * APIs it serves. A golden component's metadata, dependent APIs and events are TM Forum's
 * specification (specs/oda/<id>-*.yaml), read where the Component is rendered
 * (scripts/oda-component.ts); a custom one, which no golden component covers, states its own.
 */
export interface OdaComponentDescription {
  id: string;
  resources: readonly ResourceDescription[];
  /** For a component no golden component specifies. */
  custom?: { name: string; functionalBlock: string; description: string };
}

/** Every resource of the registry is in exactly one of them, or in SECURITY_FUNCTION (test/unit/oda-components.test.ts). */
export const ODA_COMPONENTS: readonly OdaComponentDescription[] = [
  {
    id: "TMFC024",
    resources: [
      billingAccountResource,
      partyAccountResource,
      settlementAccountResource,
      financialAccountResource,
      billingCycleSpecificationResource,
      billFormatResource,
      billPresentationMediaResource,
    ],
  },
  { id: "TMFC029", resources: [paymentResource, refundResource, authorizePaymentResource, initiatePaymentResource, paymentMethodResource] },
  { id: "TMFC030", resources: [customerBillResource, customerBillOnDemandResource, billCycleResource, billCycleSpecificationResource] },
  { id: "TMFC031", resources: [appliedCustomerBillingRateResource] },
  {
    // TMF629 is exposed by no golden component (TMFC024…031 only depend on party APIs): a custom id.
    id: "X-TMF629",
    resources: [customerResource],
    custom: { name: "CustomerManagement", functionalBlock: "PartyManagement", description: "TMF629 Customer Management (v4 and v5)" },
  },
];

/**
 * The security function's resources (TMF669 party roles): every component serves them, and declares
 * them as its securityFunction, not among its core function's APIs.
 */
export const SECURITY_FUNCTION: readonly ResourceDescription[] = [partyRoleResource];

/**
 * The scopes a deployment serving `resources` grants through roles of its own, each a role of that
 * name: read and write of each API it serves and of the security function, and hub:admin. With the
 * controller role, the Component's `componentRole` list (scripts/oda-component.ts) and the roles
 * its security function is seeded with.
 */
export const componentRoleScopes = (resources: readonly ResourceDescription[]): string[] => [
  ...new Set([...resources, ...SECURITY_FUNCTION].flatMap((resource) => [read(resource.api.scope), write(resource.api.scope)])),
  HUB_ADMIN,
];

/**
 * The resources served by the components named (ODA_COMPONENT, ids in any case); undefined when
 * none is named: the gateway serves every resource of the registry.
 */
export function servedResources(ids: readonly string[]): readonly ResourceDescription[] | undefined {
  if (!ids.length) return undefined;
  const known = new Map(ODA_COMPONENTS.map((c) => [c.id.toUpperCase(), c]));
  const unknown = ids.filter((id) => !known.has(id.toUpperCase()));
  if (unknown.length)
    throw new ConfigError(`ODA_COMPONENT names unknown component(s) ${unknown.join(", ")}; known: ${[...known.values()].map((c) => c.id).join(", ")}`);
  return [...new Set([...ids.flatMap((id) => known.get(id.toUpperCase())!.resources), ...SECURITY_FUNCTION])];
}
