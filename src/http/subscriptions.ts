import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { GraphQLError, type DocumentNode } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { DEVELOPMENT_PRINCIPAL, type Principal } from "../auth/principal.js";
import { exactJson } from "../tmf/exact-json.js";

/**
 * GraphQL subscriptions (graphql-ws protocol) on the /graphql path. The connection authenticates
 * once with `connectionParams` (`authorization` or `x-api-key`, like HTTP headers); operations then
 * obey the same scopes and limits as queries: token limit, validation rules, cost with the
 * operation's variables. A message larger than `maxPayload` bytes (BODY_LIMIT) closes the socket
 * with 1009 before it is buffered (`ws` checks the frame header). The server is disposed on preClose.
 */
export const subscriptionsPlugin = fp<{ maxPayload: number }>(
  async (app, { maxPayload }) => registerSubscriptions(app, maxPayload),
  { name: "subscriptions", dependencies: ["authentication", "gateway"], fastify: "5.x" },
);

function registerSubscriptions(app: FastifyInstance, maxPayload: number) {
  const { schema, limits, contextFor: context, trusted } = app.gateway;
  const { authenticator } = app;
  const wss = new WebSocketServer({ noServer: true, maxPayload });
  // Registered before graphql-ws's own listener: `ws` has already closed an oversized message's
  // socket with 1009 when it emits the error, which graphql-ws would log as an internal error —
  // one log line per hostile message.
  wss.on("connection", (ws) => {
    const emit = ws.emit.bind(ws);
    ws.emit = ((event: string, ...args: unknown[]) =>
      event === "error" && (args[0] as { code?: string } | undefined)?.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" ? true : emit(event, ...args)) as typeof ws.emit;
  });
  app.server.on("upgrade", (request, socket, head) => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== "/graphql") return socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => {
      // Every message graphql-ws sends is JSON text: money in it leaves as exact decimal literals.
      const send = ws.send.bind(ws) as (data: unknown, cb?: (err?: Error) => void) => void;
      ws.send = ((data: unknown, cb?: (err?: Error) => void) => send(typeof data === "string" ? exactJson(data) : data, cb)) as typeof ws.send;
      wss.emit("connection", ws, request);
    });
  });
  const server = useServer<Record<string, unknown>, { principal?: Principal }>(
    {
      schema,
      // Parsed, validated and costed here, so graphql-ws runs exactly what the limits accepted.
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          const query = trusted ? trusted.resolve(payload) : payload.query;
          document = limits.parse(query);
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError("Syntax error")];
        }
        const errors = limits.validate(document);
        if (errors.length) return errors;
        try {
          limits.checkCost(document, payload.operationName, payload.variables);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
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
        const request = (ctx.extra as unknown as { request: IncomingMessage }).request;
        return context(app.gateway.baseUrl(request), ctx.extra.principal!) as unknown as Record<string, unknown>;
      },
    },
    wss,
  );
  // Before the HTTP server closes: it waits for every connection, upgraded ones included, so open
  // subscriptions would hold a replica's shutdown until its force timeout. Clients are told 1001
  // (going away) and reconnect, through a load balancer to another replica.
  app.addHook("preClose", async () => {
    await server.dispose();
    for (const socket of wss.clients) socket.terminate();
    wss.close();
  });
}

const str = (value: unknown) => (typeof value === "string" ? value : undefined);
