import fp from "fastify-plugin";
import { badInput } from "../errors.js";
import { TMF_APIS } from "../modules/registry.js";

const REGISTER = `mutation ($api: HubApi!, $callback: String!, $query: String) {
  result: registerListener(api: $api, callback: $callback, query: $query) { id callback query } }`;
const UNREGISTER = `mutation ($api: HubApi!, $id: ID!) { result: unregisterListener(api: $api, id: $id) }`;

/** TMF630 hub of each API: POST /hub registers a listener, DELETE /hub/{id} removes it — as GraphQL. */
export const hubRoutesPlugin = fp(
  async (app) => {
    const { translator, context } = app.gateway;
    for (const [api, { basePath }] of TMF_APIS) {
      const base = `${basePath}/hub`;
      app.post(base, async (request, reply) => {
        const body = request.body as { callback?: unknown; query?: unknown } | null;
        if (!body || typeof body !== "object" || typeof body.callback !== "string") throw badInput("callback (a URL) is mandatory");
        if (body.query !== undefined && body.query !== null && typeof body.query !== "string") throw badInput("query must be a string");
        const data = await translator.execute(REGISTER, { api, callback: body.callback, query: body.query ?? null }, context(request));
        const hub = data.result as { id: string; callback: string; query: string | null };
        return reply.code(201).header("location", `${base}/${hub.id}`).send({ id: hub.id, callback: hub.callback, ...(hub.query && { query: hub.query }) });
      });
      app.delete(`${base}/:id`, async (request, reply) => {
        await translator.execute(UNREGISTER, { api, id: (request.params as { id: string }).id }, context(request));
        return reply.code(204).send();
      });
    }
  },
  { name: "hub-routes", dependencies: ["authentication", "gateway"], fastify: "5.x" },
);
