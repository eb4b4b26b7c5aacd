import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { GraphQLError } from "graphql";
import type { Context as SocketContext } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { unauthenticated } from "../auth/jwt-claims.js";
import { DEVELOPMENT_PRINCIPAL, type Principal } from "../auth/principal.js";
import { rateKeyOf } from "../auth/rate-limiter.js";
import type { Config } from "../config.js";
import type { AppError } from "../errors.js";
import { connectionRefusal, isCredentialRefusal, type ConnectionRefusal } from "../graphql/policy.js";
import { exactJson } from "../tmf/exact-json.js";
import { refuseProto, scanJson } from "./json-body.js";
import { expireWith, subscribeCurrently } from "./socket-credentials.js";
import { SubscriptionQuota } from "./subscription-quota.js";

export type SubscriptionsOptions = { maxPayload: number; graphql: Config["graphql"] } & Pick<Config, "jsonMaxDepth">;

type Extra = { principal?: Principal; request: IncomingMessage; socket: WebSocket };

/**
 * graphql-ws on the /graphql path: a carrier of queries, mutations and subscriptions, held to the
 * same policy as HTTP. The connection authenticates once with `connectionParams` (header names in
 * any case, like HTTP headers); every operation is then counted against the principal's rate limit,
 * admitted by the gateway's policy (trusted documents, token limit, validation with depth, aliases
 * and introspection, the operation's resolution, its cost with its variables), and its errors leave
 * formatted by the policy (internal ones masked, suggestions removed when off). Subscriptions are
 * capped per socket and per principal.
 *
 * The credential is checked once, its consequences all the socket's life: the socket is closed
 * (4403, connectionRefusal "expired") when its bearer token expires, and each operation runs with
 * the principal's scopes as its token's roles grant them now (Authenticator.current, as HTTP would
 * work them out for the same token), each event of a subscription too — one whose scope was taken
 * ends at its next event (socket-credentials.ts). A message larger than `maxPayload` bytes (BODY_LIMIT)
 * closes the socket with 1009 before it is buffered (`ws` checks the frame header). The server is
 * disposed on preClose.
 */
export const subscriptionsPlugin = fp<SubscriptionsOptions>(async (app, options) => registerSubscriptions(app, options), {
  name: "subscriptions",
  dependencies: ["authentication", "gateway"],
  fastify: "5.x",
});

function registerSubscriptions(app: FastifyInstance, { maxPayload, graphql, jsonMaxDepth }: SubscriptionsOptions) {
  const { schema, policy, contextFor, baseUrl, clientAddress } = app.gateway;
  policy.carrier("graphql-ws");
  const quota = new SubscriptionQuota(graphql.maxSubscriptionsPerSocket, graphql.maxSubscriptionsPerPrincipal);
  const wss = new WebSocketServer({ noServer: true, maxPayload });
  // Registered before graphql-ws's own listener: `ws` has already closed an oversized message's
  // socket with 1009 when it emits the error, which graphql-ws would log as an internal error —
  // one log line per hostile message. A message nested deeper than JSON_MAX_DEPTH closes the socket
  // with 4400 before graphql-ws parses it, as such a body is a 400 on HTTP.
  wss.on("connection", (ws) => {
    const emit = ws.emit.bind(ws);
    ws.emit = ((event: string, ...args: unknown[]) => {
      if (event === "error" && (args[0] as { code?: string } | undefined)?.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") return true;
      if (event === "message" && scanJson(String(args[0]), jsonMaxDepth).tooDeep) {
        ws.close(4400, `Message nested deeper than ${jsonMaxDepth} levels`);
        return true;
      }
      return emit(event, ...args);
    }) as typeof ws.emit;
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
  const principalOf = (ctx: SocketContext<Record<string, unknown>, Extra>) => ctx.extra.principal!;
  const { authenticator } = app;
  const current = (principal: Principal) => authenticator.current(principal);
  const server = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      // The body rules of HTTP: no prototype-poisoning keys (the socket is closed with 4400).
      jsonMessageReviver: refuseProto,
      onConnect: authenticatingConnections(app, clientAddress),
      onSubscribe: (ctx, id, payload) => {
        // The scopes it holds now; kept, so the same scopes stay the same array (scopes.ts).
        const principal = (ctx.extra.principal = current(principalOf(ctx)));
        // Between the token's expiry and its timer closing the socket.
        if (principal.expiresAt !== undefined && Date.now() >= principal.expiresAt) return [asGraphQLError(unauthenticated("Bearer token has expired"))];
        try {
          policy.checkRate(rateKeyOf(principal, clientAddress(ctx.extra.request)));
        } catch (err) {
          return [asGraphQLError(err as AppError)];
        }
        const admitted = policy.admit(payload);
        if (Array.isArray(admitted)) return admitted;
        if (admitted.operation.operation === "subscription") {
          const refused = quota.reserve(ctx, id, principal.id);
          if (refused) return [asGraphQLError(refused)];
        }
        return { schema, document: admitted.document, operationName: payload.operationName, variableValues: payload.variables };
      },
      onOperation: (ctx, id, _payload, _args, result) => quota.hold(ctx, id, principalOf(ctx).id, result),
      onNext: (_ctx, _id, _payload, _args, result) => policy.formatResult(result),
      onError: (_ctx, _id, _payload, errors) => policy.formatErrors(errors),
      subscribe: (args) => subscribeCurrently(args, current),
      context: (ctx) => contextFor(baseUrl(ctx.extra.request), principalOf(ctx)) as unknown as Record<string, unknown>,
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

/**
 * `onConnect`: the principal of a connection's `connectionParams`, or the socket closed with the
 * code the policy gives the refusal. Failed authentications count per address, as on HTTP: a
 * blocked address is refused before its credential is read.
 */
function authenticatingConnections(app: FastifyInstance, clientAddress: (request: IncomingMessage) => string) {
  const { authenticator, authFailures } = app;
  return async (ctx: SocketContext<Record<string, unknown>, Extra>): Promise<boolean> => {
    if (!authenticator.enabled) {
      ctx.extra.principal = DEVELOPMENT_PRINCIPAL;
      return true;
    }
    const address = clientAddress(ctx.extra.request);
    const refuse = async ({ code, reason }: ConnectionRefusal) => {
      await ctx.extra.socket.close(code, reason);
      return false;
    };
    const blockedMs = authFailures.blocked(address);
    if (blockedMs > 0) return refuse(connectionRefusal({ blockedMs }));
    let principal: Principal | null;
    try {
      principal = await authenticator.authenticate(headersOf(ctx.connectionParams));
    } catch (err) {
      if (isCredentialRefusal(err)) authFailures.failed(address);
      else app.log.error({ err }, "graphql-ws: checking a credential failed");
      return refuse(connectionRefusal({ failed: err }));
    }
    if (!principal) return refuse(connectionRefusal("no credential"));
    ctx.extra.principal = principal;
    const { code, reason } = connectionRefusal("expired");
    expireWith(ctx.extra.socket, principal, () => ctx.extra.socket.close(code, reason));
    return true;
  };
}

/** `connectionParams` as the headers HTTP would carry: names matched whatever their case. */
function headersOf(params: Readonly<Record<string, unknown>> | undefined): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    const lower = name.toLowerCase();
    if ((lower === "authorization" || lower === "x-api-key") && typeof value === "string") headers[lower] = value;
  }
  return headers;
}

function asGraphQLError(error: AppError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: error.code } });
}
