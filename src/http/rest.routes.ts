import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { collectionPath, type RestResource } from "../tmf/rest-resource.js";
import { tmfError } from "../tmf/tmf-error.js";
import { unversioned } from "../rest/projection.js";
import type { Query, RestOperation } from "../rest/translator.js";
import { patchFormatOf } from "./json-body.js";

/**
 * The TMF REST routes of every resource, from its description. Handlers are generic: they only hand
 * the call to the translator, which runs it as GraphQL in the caller's context (authenticated).
 */
export const restRoutesPlugin = fp<{ resources: RestResource[] }>(async (app, { resources }) => registerRestRoutes(app, resources), {
  name: "rest-routes",
  dependencies: ["authentication", "gateway"],
  fastify: "5.x",
});

function registerRestRoutes(app: FastifyInstance, resources: RestResource[]) {
  const { translator, context, policy } = app.gateway;
  policy.carrier("rest");
  for (const resource of resources) {
    translator.prepareResource(resource);
    // The model's own resource also reads the payloads of its events (rest/projection.ts).
    if (!resource.version || resource.version.projection.model) translator.prepareResource(unversioned(resource));
    const collection = collectionPath(resource);
    const item = `${collection}/:id`;
    const handle = (operation: RestOperation) => async (request: FastifyRequest, reply: FastifyReply) => {
      const ctx = context(request);
      const call = {
        operation,
        resource,
        id: (request.params as { id?: string }).id,
        query: request.query as Query,
        body: request.body,
        idempotencyKey: header(request, "idempotency-key"),
        ...(operation === "update" && { patchFormat: patchFormatOf(request.headers["content-type"]) }),
        context: ctx,
      };
      const result = await translator.run(call);
      reply.code(result.status).headers(result.headers ?? {});
      return result.body === undefined ? reply.send() : reply.send(result.body);
    };
    const allowed = (methods: string[]) => async (request: FastifyRequest, reply: FastifyReply) =>
      reply
        .code(405)
        .header("allow", methods.join(", "))
        .send(tmfError(405, `${request.method} is not supported on ${request.url.split("?")[0]}; use ${methods.join(", ")}`));

    const collectionMethods = ["GET", ...(resource.mutations.create ? ["POST"] : [])];
    const itemMethods = ["GET", ...(resource.mutations.update ? ["PATCH"] : []), ...(resource.mutations.delete ? ["DELETE"] : [])];
    app.get(collection, handle("list"));
    if (resource.mutations.create) app.post(collection, handle("create"));
    app.get(item, handle("one"));
    if (resource.mutations.update) app.patch(item, handle("update"));
    if (resource.mutations.delete) app.delete(item, handle("delete"));
    for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
      if (!collectionMethods.includes(method)) app.route({ method, url: collection, handler: allowed(collectionMethods) });
      if (!itemMethods.includes(method)) app.route({ method, url: item, handler: allowed(itemMethods) });
    }
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
