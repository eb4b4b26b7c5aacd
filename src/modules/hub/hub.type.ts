import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { TMF_APIS } from "../registry.js";

/** A TMF API that offers a hub, by name ("customerManagement"): one per API of the registry, as in the swaggers. */
export type HubApi = string;

/** The HubApi enum of the schema, one value per API of the registry. */
export const HubApiEnum = Object.fromEntries([...TMF_APIS.keys()].map((api) => [api, api]));
registerEnumType(HubApiEnum, {
  name: "HubApi",
  description: "The TMF APIs that offer a hub (TMF630): one per API",
  valuesConfig: Object.fromEntries([...TMF_APIS].map(([api, { basePath }]) => [api, { description: `Events of ${basePath}` }])),
});

@ObjectType("EventSubscription", {
  simpleResolvers: true,
  description: "A TMF630 hub registration: sets the communication endpoint address the service instance must use to deliver notification information",
})
export class EventSubscription {
  @Field(() => ID, { description: "Id of the listener registration" }) id!: string;
  @Field(() => String, { description: "The callback being registered: the listener's URL, which receives events by POST" }) callback!: string;
  @Field(() => String, { nullable: true, description: "Additional data to be passed: a filter, e.g. eventType=PaymentCreateEvent&account.id=…" })
  query?: string | null;
}
