import { Field, ID, ObjectType, registerEnumType } from "type-graphql";

/** The TMF APIs that offer a hub (one per API, as in the swaggers). */
export enum HubApi {
  customerManagement = "customerManagement",
  accountManagement = "accountManagement",
  paymentManagement = "paymentManagement",
  customerBillManagement = "customerBillManagement",
}
registerEnumType(HubApi, { name: "HubApi" });

@ObjectType("EventSubscription", { simpleResolvers: true, description: "TMF630 hub registration of a listener" })
export class EventSubscription {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "The listener's URL, which receives events by POST" }) callback!: string;
  @Field(() => String, { nullable: true, description: "Filter, e.g. eventType=PaymentCreateEvent&account.id=…" })
  query?: string | null;
}
