import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { TmfApi } from "../../resource/description.js";

/** A TMF API that offers a hub, by name ("customerManagement"): one per API of the registry, as in the swaggers. */
export type HubApi = string;

/** The HubApi enum of a schema, one value per API of its registry. */
export function createHubApiEnum(apis: ReadonlyMap<string, TmfApi>): Record<string, string> {
  const HubApiEnum = Object.fromEntries([...apis.keys()].map((api) => [api, api]));
  registerEnumType(HubApiEnum, {
    name: "HubApi",
    description: "The TMF APIs that offer a hub (TMF630): one per API",
    valuesConfig: Object.fromEntries([...apis].map(([api, { basePath }]) => [api, { description: `Events of ${basePath}` }])),
  });
  return HubApiEnum;
}

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
