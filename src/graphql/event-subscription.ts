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
    // Not an async generator: its `return` would wait for the next event (a quiet topic's may never
    // come), its listener held on the bus after the client completed the subscription.
    const stream: AsyncIterableIterator<unknown> = {
      next: () => events.next().then((step) => (step.done ? step : { value: fromTmf(step.value.resource), done: false })),
      return: () => events.return!(),
      throw: () => events.return!(),
      [Symbol.asyncIterator]: () => stream,
    };
    return stream;
  };
}
