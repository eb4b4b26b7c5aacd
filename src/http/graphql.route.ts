import { HeaderMap } from "@apollo/server";
import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { GraphQLError } from "graphql";
import { AppError, badInput } from "../errors.js";
import type { TrustedDocuments } from "../graphql/trusted-documents.js";
import { CSRF_REFUSAL, mayBeForged } from "./csrf.js";
import { refuseProto, scanJson } from "./json-body.js";

/** A query-string JSON parameter holding a prototype key is refused (400); malformed JSON is left to Apollo's answer. */
function refusePrototypeKeysIn(json: string): void {
  try {
    JSON.parse(json, refuseProto);
  } catch (err) {
    if (err instanceof AppError) throw err;
  }
}

/** A GET's query string names an operation to run (its text, a persisted query's hash or a document id). */
function carriesOperation(query: unknown): boolean {
  const params = query as { query?: unknown; extensions?: unknown; documentId?: unknown };
  return params.query !== undefined || params.extensions !== undefined || params.documentId !== undefined;
}

/**
 * With trusted documents on: the request's operation replaced by the manifest's text of the one it
 * names, or the request answered 400 OPERATION_NOT_TRUSTED (returns false). The explorer's page
 * (GET without an operation) is not an operation.
 */
function trustedOnly(trusted: TrustedDocuments, request: FastifyRequest, reply: FastifyReply): { body: unknown; search: string } | false {
  const url = new URL(request.url, "http://localhost");
  try {
    if (request.method === "POST") {
      const body = request.body as Record<string, unknown> | undefined;
      // A batch would carry operations past this check, were batching ever turned on.
      if (Array.isArray(body)) return trustedOnlyRefusal(reply, "Only trusted documents run here, one per request (no batches)");
      if (!body || typeof body !== "object") return { body, search: url.search };
      const { documentId: _id, ...rest } = body;
      return { body: { ...rest, query: trusted.resolve(body) }, search: url.search };
    }
    const params = url.searchParams;
    if (!params.has("query") && !params.has("extensions") && !params.has("documentId")) return { body: request.body, search: url.search };
    let extensions: unknown;
    try {
      extensions = params.has("extensions") ? JSON.parse(params.get("extensions")!) : undefined;
    } catch {
      extensions = undefined;
    }
    params.set("query", trusted.resolve({ query: params.get("query") ?? undefined, documentId: params.get("documentId") ?? undefined, extensions }));
    params.delete("documentId");
    return { body: request.body, search: `?${params.toString()}` };
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    return trustedOnlyRefusal(reply, err.message);
  }
}

function trustedOnlyRefusal(reply: FastifyReply, message: string): false {
  void reply
    .code(400)
    .header("content-type", "application/json")
    .send(JSON.stringify({ errors: [{ message, extensions: { code: "OPERATION_NOT_TRUSTED" } }] }));
  return false;
}

/**
 * Serves the Apollo Server on /graphql: GET renders the landing page (Apollo Sandbox) or runs a query,
 * POST runs operations. Each request gets a fresh context (and so fresh DataLoaders).
 */
export const graphqlRoutePlugin = fp<{ jsonMaxDepth: number }>(
  async (app, { jsonMaxDepth }) => {
    const { apollo, gateway, graphqlFastPath } = app;
    gateway.policy.carrier("graphql-post").carrier("graphql-get");
    app.route({
      method: ["GET", "POST"],
      url: "/graphql",
      // The explorer page (GET without an operation) is open; operations need a caller.
      config: { public: (request) => (request.method === "GET" || request.method === "HEAD") && (request.query as { query?: unknown }).query === undefined },
      async handler(request, reply) {
        if (request.method !== "POST" && carriesOperation(request.query) && mayBeForged(request.headers)) {
          return reply.code(400).send({ errors: [{ message: CSRF_REFUSAL, extensions: { code: "BAD_REQUEST" } }] });
        }
        // GET carries its JSON in the query string: held to the body's rules (nesting, prototype keys).
        const { variables, extensions } = request.query as { variables?: unknown; extensions?: unknown };
        for (const json of [variables, extensions]) {
          if (typeof json !== "string") continue;
          if (scanJson(json, jsonMaxDepth).tooDeep) throw badInput(`Malformed JSON: nested deeper than ${jsonMaxDepth} levels`);
          refusePrototypeKeysIn(json);
        }
        const { trusted } = gateway.policy;
        const operation = trusted && !trusted.exempts(request.principal) ? trustedOnly(trusted, request, reply) : { body: request.body, search: undefined };
        if (!operation) return reply;
        const ctx = gateway.context(request);
        if (await graphqlFastPath.answer(request, reply, operation.body, ctx)) return reply;
        const headers = new HeaderMap();
        for (const [key, value] of Object.entries(request.headers)) {
          if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
        }
        const response = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: request.method.toUpperCase(),
            headers,
            search: operation.search ?? new URL(request.url, "http://localhost").search,
            body: operation.body,
          },
          context: async () => ctx,
        });
        for (const [key, value] of response.headers) reply.header(key, value);
        reply.code(response.status ?? 200);
        if (request.method === "POST") graphqlFastPath.answered(request.headers.accept, response.status, response.headers.get("content-type"));
        if (response.body.kind === "complete") return reply.send(response.body.string);
        const chunks: string[] = [];
        for await (const chunk of response.body.asyncIterator) chunks.push(chunk);
        return reply.send(chunks.join(""));
      },
    });
  },
  { name: "graphql-route", dependencies: ["authentication", "gateway", "apollo"], fastify: "5.x" },
);
