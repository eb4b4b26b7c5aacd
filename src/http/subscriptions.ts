import type { FastifyInstance } from "fastify";
import { specifiedRules, validate, type GraphQLSchema, type ValidationRule } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { Authenticator } from "../auth/authenticator.js";
import { DEVELOPMENT_PRINCIPAL, type Principal } from "../auth/principal.js";
import type { Context } from "../graphql/context.js";

/**
 * GraphQL subscriptions (graphql-ws protocol) on the /graphql path. The connection authenticates
 * once with `connectionParams` (`authorization` or `x-api-key`, like HTTP headers); operations then
 * obey the same scopes and validation limits as queries.
 */
export function registerSubscriptions(
  app: FastifyInstance,
  schema: GraphQLSchema,
  rules: readonly ValidationRule[],
  authenticator: Authenticator,
  context: (baseUrl: string, principal: Principal) => Context,
) {
  const wss = new WebSocketServer({ noServer: true });
  app.server.on("upgrade", (request, socket, head) => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== "/graphql") return socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  });
  const server = useServer<Record<string, unknown>, { principal?: Principal }>(
    {
      schema,
      validate: (s, document) => validate(s, document, [...specifiedRules, ...rules]),
      onConnect: async (ctx) => {
        if (!authenticator.enabled) {
          ctx.extra.principal = DEVELOPMENT_PRINCIPAL;
          return true;
        }
        const params = ctx.connectionParams ?? {};
        const headers = { authorization: str(params.authorization ?? params.Authorization), "x-api-key": str(params["x-api-key"]) };
        const principal = await authenticator.authenticate(headers).catch(() => null);
        if (!principal) return false;
        ctx.extra.principal = principal;
        return true;
      },
      context: (ctx) => {
        const request = (ctx.extra as unknown as { request: { headers: Record<string, string | undefined> } }).request;
        const host = request.headers["x-forwarded-host"] ?? request.headers.host ?? "localhost";
        const proto = request.headers["x-forwarded-proto"] ?? "http";
        return context(`${proto}://${host}`, ctx.extra.principal!) as unknown as Record<string, unknown>;
      },
    },
    wss,
  );
  app.addHook("onClose", async () => {
    await server.dispose();
    wss.close();
  });
}

const str = (value: unknown) => (typeof value === "string" ? value : undefined);
