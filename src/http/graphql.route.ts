import { HeaderMap } from "@apollo/server";
import fp from "fastify-plugin";

/**
 * Serves the Apollo Server on /graphql: GET renders the landing page (Apollo Sandbox) or runs a query,
 * POST runs operations. Each request gets a fresh context (and so fresh DataLoaders).
 */
export const graphqlRoutePlugin = fp(
  async (app) => {
    const { apollo, gateway } = app;
    app.route({
      method: ["GET", "POST"],
      url: "/graphql",
      // The explorer page (GET without an operation) is open; operations need a caller.
      config: { public: (request) => (request.method === "GET" || request.method === "HEAD") && (request.query as { query?: unknown }).query === undefined },
      async handler(request, reply) {
        const headers = new HeaderMap();
        for (const [key, value] of Object.entries(request.headers)) {
          if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
        }
        const ctx = gateway.context(request);
        const response = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: request.method.toUpperCase(),
            headers,
            search: new URL(request.url, "http://localhost").search,
            body: request.body,
          },
          context: async () => ctx,
        });
        for (const [key, value] of response.headers) reply.header(key, value);
        reply.code(response.status ?? 200);
        if (response.body.kind === "complete") return reply.send(response.body.string);
        const chunks: string[] = [];
        for await (const chunk of response.body.asyncIterator) chunks.push(chunk);
        return reply.send(chunks.join(""));
      },
    });
  },
  { name: "graphql-route", dependencies: ["authentication", "gateway", "apollo"], fastify: "5.x" },
);
