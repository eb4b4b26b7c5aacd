import { Arg, Authorized, ID, Resolver, Root, Subscription } from "type-graphql";
import { read } from "../../auth/scopes.js";
import { Payment } from "../payment/payment.type.js";
import { Refund } from "../payment/refund.type.js";
import { subscribeTo } from "../../graphql/event-subscription.js";
import { eventType } from "../../resource/description.js";
import { paymentManagement, paymentResource } from "../payment/payment.resource.js";
import { refundResource } from "../payment/refund.resource.js";

/**
 * GraphQL subscriptions over graphql-ws on /graphql, fed from the outbox via LISTEN/NOTIFY: the
 * bookings of an account (each resource's `<x>Changed(id)` derives from its description).
 */
@Resolver()
export class SubscriptionResolver {
  @Authorized(read(paymentManagement.scope))
  @Subscription(() => Payment, {
    description: "Payments as they are recorded (optionally on one billing account)",
    subscribe: subscribeTo([eventType(paymentResource, "Create")], { by: "account", arg: "accountId" }),
  })
  paymentCreated(
    @Root() payment: Payment,
    @Arg("accountId", () => ID, { nullable: true, description: "Only those of this billing account" }) _accountId?: string,
  ): Payment {
    return payment;
  }

  @Authorized(read(paymentManagement.scope))
  @Subscription(() => Refund, {
    description: "Refunds as they are given (optionally on one billing account)",
    subscribe: subscribeTo([eventType(refundResource, "Create")], { by: "account", arg: "accountId" }),
  })
  refundCreated(
    @Root() refund: Refund,
    @Arg("accountId", () => ID, { nullable: true, description: "Only those of this billing account" }) _accountId?: string,
  ): Refund {
    return refund;
  }
}
