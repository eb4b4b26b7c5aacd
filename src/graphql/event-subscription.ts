import type { SubscribeResolverData } from "type-graphql";
import type { BusEvent } from "../events/event-bus.js";
import { fromTmf } from "../tmf/tmf-json.js";
import type { Context } from "./context.js";

type Data = SubscribeResolverData<unknown, Record<string, string | undefined>, Context>;

/** A subscription's source: the committed events of these types that match, as the GraphQL objects of their resource. */
export function subscribeTo(eventTypes: readonly string[], matches: (event: BusEvent, args: Data["args"]) => boolean) {
  return ({ args, context }: Data) => {
    const events = context.events.iterate((e) => eventTypes.includes(e.eventType) && matches(e, args));
    return (async function* () {
      for await (const event of events) yield fromTmf(event.resource);
    })();
  };
}
