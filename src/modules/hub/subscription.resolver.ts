import { ID } from "type-graphql";
import { read } from "../../auth/scopes.js";
import { subscribeTo } from "../../graphql/event-subscription.js";
import { buildResolver, type FieldSpec } from "../../graphql/field-builder.js";
import { ownedBy } from "../../graphql/resource.resolver.js";
import { eventType } from "../../resource/description.js";
import { paymentManagement, paymentResource } from "../payment/payment.resource.js";
import { Payment } from "../payment/payment.type.js";
import { refundResource } from "../payment/refund.resource.js";
import { Refund } from "../payment/refund.type.js";

/** `paymentCreated`, `refundCreated`: the bookings of an account as they are committed. */
const bookingCreated = (
  name: string,
  type: typeof Payment | typeof Refund,
  resource: typeof paymentResource | typeof refundResource,
  what: string,
): FieldSpec =>
  ownedBy(resource, {
    name,
    kind: "subscription",
    returns: () => type,
    description: `${what} (optionally on one billing account)`,
    args: [{ name: "accountId", type: () => ID, nullable: true, description: "Only those of this billing account" }],
    scope: read(paymentManagement.scope),
    subscribe: subscribeTo(resource, [eventType(resource, "Create")], { by: "account", arg: "accountId" }),
    resolve: (booking: Payment | Refund) => booking,
  });

/**
 * GraphQL subscriptions over graphql-ws on /graphql, fed from the outbox via LISTEN/NOTIFY: the
 * bookings of an account (each resource's `<x>Changed(id)` derives from its description).
 */
export const SubscriptionResolver = buildResolver("SubscriptionResolver", undefined, [
  bookingCreated("paymentCreated", Payment, paymentResource, "Payments as they are recorded"),
  bookingCreated("refundCreated", Refund, refundResource, "Refunds as they are given"),
]);
