import { Arg, Authorized, ID, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { read } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { Customer } from "../customer/customer.type.js";
import { Payment } from "../payment/payment.type.js";
import { Refund } from "../payment/refund.type.js";
import { fromTmf } from "../../tmf/tmf-json.js";
import { eventType, eventTypesOf } from "../../resource/description.js";
import { customerManagement, customerResource } from "../customer/customer.resource.js";
import { paymentManagement, paymentResource, refundResource } from "../payment/payment.resource.js";
import type { BusEvent } from "../../events/event-bus.js";

type Data = SubscribeResolverData<unknown, Record<string, string | undefined>, Context>;

/** Events of one resource type (optionally narrowed), as the GraphQL objects of that type. */
function subscribeTo(eventTypes: string[], matches: (event: BusEvent, args: Data["args"]) => boolean) {
  return ({ args, context }: Data) => {
    const events = context.events.iterate((e) => eventTypes.includes(e.eventType) && matches(e, args));
    return (async function* () {
      for await (const event of events) yield fromTmf(event.resource);
    })();
  };
}

const refId = (event: BusEvent, ref: string) => (event.resource[ref] as { id?: string } | undefined)?.id;

/** GraphQL subscriptions over graphql-ws on /graphql, fed from the outbox via LISTEN/NOTIFY. */
@Resolver()
export class SubscriptionResolver {
  @Authorized(read(paymentManagement.scope))
  @Subscription(() => Payment, {
    description: "Payments as they are recorded (optionally on one billing account)",
    subscribe: subscribeTo([eventType(paymentResource, "Create")], (e, args) => !args.accountId || refId(e, "account") === args.accountId),
  })
  paymentCreated(@Root() payment: Payment, @Arg("accountId", () => ID, { nullable: true, description: "Only those of this billing account" }) _accountId?: string): Payment {
    return payment;
  }

  @Authorized(read(paymentManagement.scope))
  @Subscription(() => Refund, {
    description: "Refunds as they are given (optionally on one billing account)",
    subscribe: subscribeTo([eventType(refundResource, "Create")], (e, args) => !args.accountId || refId(e, "account") === args.accountId),
  })
  refundCreated(@Root() refund: Refund, @Arg("accountId", () => ID, { nullable: true, description: "Only those of this billing account" }) _accountId?: string): Refund {
    return refund;
  }

  @Authorized(read(customerManagement.scope))
  @Subscription(() => Customer, {
    description: "A customer's creation, changes and deletion (all customers without id)",
    subscribe: subscribeTo(eventTypesOf(customerResource), (e, args) => !args.id || e.resource.id === args.id),
  })
  customerChanged(@Root() customer: Customer, @Arg("id", () => ID, { nullable: true, description: "Only this customer's (all customers when absent)" }) _id?: string): Customer {
    return customer;
  }
}
