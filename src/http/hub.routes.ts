import fp from "fastify-plugin";
import { badInput, notFound } from "../errors.js";
import type { TmfApi } from "../resource/description.js";
import { swagger } from "../tmf/swagger.js";

const REGISTER = `mutation ($api: HubApi!, $callback: String!, $query: String) {
  result: registerListener(api: $api, callback: $callback, query: $query) { id callback query } }`;
const GET = `query ($api: HubApi!, $id: ID!) { result: listener(api: $api, id: $id) { id callback query } }`;
const UNREGISTER = `mutation ($api: HubApi!, $id: ID!) { result: unregisterListener(api: $api, id: $id) }`;

type Hub = { id: string; callback: string; query: string | null };

/**
 * TMF630 hub of each API (of each version): POST /hub registers a listener, GET /hub/{id} reads
 * the caller's registration, DELETE /hub/{id} removes it — as GraphQL. An OpenAPI 3 (v5) contract
 * makes the hub an entity: it is answered with `@type` and `href` there.
 */
export const hubRoutesPlugin = fp<{ apis: ReadonlyMap<string, TmfApi> }>(
  async (app, { apis }) => {
    const { translator, context } = app.gateway;
    for (const [api, { basePath, contract }] of apis) {
      const base = `${basePath}/hub`;
      const entity = Boolean(swagger(contract).openapi);
      const body = (hub: Hub, baseUrl: string) => ({
        ...(entity && { "@type": "Hub" }),
        id: hub.id,
        ...(entity && { href: `${baseUrl}${base}/${hub.id}` }),
        callback: hub.callback,
        ...(hub.query && { query: hub.query }),
      });
      app.post(base, async (request, reply) => {
        const given = request.body as { callback?: unknown; query?: unknown } | null;
        if (!given || typeof given !== "object" || typeof given.callback !== "string") throw badInput("callback (a URL) is mandatory");
        if (given.query !== undefined && given.query !== null && typeof given.query !== "string") throw badInput("query must be a string");
        const ctx = context(request);
        const data = await translator.execute(REGISTER, { api, callback: given.callback, query: given.query ?? null }, ctx);
        const hub = data.result as Hub;
        return reply.code(201).header("location", `${base}/${hub.id}`).send(body(hub, ctx.baseUrl));
      });
      app.get(`${base}/:id`, async (request, reply) => {
        const id = (request.params as { id: string }).id;
        const ctx = context(request);
        const data = await translator.execute(GET, { api, id }, ctx);
        if (!data.result) throw notFound("Hub", id);
        return reply.send(body(data.result as Hub, ctx.baseUrl));
      });
      app.delete(`${base}/:id`, async (request, reply) => {
        await translator.execute(UNREGISTER, { api, id: (request.params as { id: string }).id }, context(request));
        return reply.code(204).send();
      });
    }
  },
  { name: "hub-routes", dependencies: ["authentication", "gateway"], fastify: "5.x" },
);
