import type { SubscribeResolverData } from "type-graphql";
import type { Topic } from "../events/event-bus.js";
import type { ResourceDescription } from "../resource/description.js";
import { fromTmf } from "../tmf/tmf-json.js";
import type { Context } from "./context.js";

type Data = SubscribeResolverData<unknown, Record<string, string | undefined>, Context>;

/**
 * A subscription's source: the committed events of these types of `resource`, as the GraphQL
 * objects of their resource — of every resource, or only those whose `by` (their own `id`, or a
 * reference such as `account`) has the id the argument `arg` gives. Of a partitioned resource, the
 * events of the deployment's partition only (its store's).
 */
export function subscribeTo(resource: ResourceDescription, eventTypes: readonly string[], key?: { by: Topic["by"]; arg: string }) {
  return ({ args, context }: Data) => {
    const id = key && args[key.arg];
    const partition = context.services.storeOf(resource).partition?.value;
    const events = context.events.iterate(eventTypes.map((eventType) => (key && id ? { eventType, by: key.by, id, partition } : { eventType, partition })));
    return (async function* () {
      for await (const event of events) yield fromTmf(event.resource);
    })();
  };
}
