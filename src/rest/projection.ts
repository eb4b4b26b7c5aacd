import type { Principal } from "../auth/principal.js";
import type { EventBus } from "../events/event-bus.js";
import type { Projection } from "../events/outbox.js";
import { createContext } from "../graphql/context.js";
import type { Services } from "../modules/services.js";
import type { RestResource } from "../tmf/rest-resource.js";
import type { RestTranslator } from "./translator.js";

/** The outbox reads what any reader of the resource may read: the event goes to the hub's listeners, who hold its API's read scope. */
const OUTBOX_PRINCIPAL: Principal = { id: "outbox", scopes: ["*"], via: "anonymous" };

/**
 * The TMF projection of a resource as `GET /<collection>/{id}` returns it, for event payloads: the
 * same compiled GraphQL operation the REST layer runs, in the writing transaction, with the
 * resource being written primed into the operation's loaders (it may not be in the table yet).
 * Of a resource served in several API versions it is the model's representation, every version's
 * attributes in it: the dispatcher gives each version's listeners their version's (EventVersions).
 */
export function restProjection(translator: () => RestTranslator, services: () => Services, events: EventBus): Projection {
  return async (tx, store, resource, baseUrl) => {
    const context = createContext(services(), events, baseUrl, OUTBOX_PRINCIPAL, tx);
    context.loaders.prime(store, [resource]);
    const { body } = await translator().run({ operation: "one", resource: unversioned(store.rest!), id: resource.id, query: {}, context });
    return body as object;
  };
}

const models = new WeakMap<RestResource, RestResource>();

/** The REST resource whose representation is the model's (an event's payload): as given, without its version. */
export function unversioned(rest: RestResource): RestResource {
  if (!rest.version) return rest;
  let model = models.get(rest);
  if (!model) models.set(rest, (model = { ...rest, version: undefined }));
  return model;
}
