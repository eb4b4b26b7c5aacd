import type { FastifyInstance } from "fastify";

/** One structured log line per request: id, method, route, status, duration (and GraphQL operation). */
export function registerRequestLogging(app: FastifyInstance) {
  app.addHook("onResponse", async (request, reply) => {
    const body = request.body as { operationName?: unknown } | undefined;
    request.log.info(
      {
        reqId: request.id,
        method: request.method,
        route: request.routeOptions.url ?? "(unmatched)",
        ...(typeof body?.operationName === "string" && { operation: body.operationName }),
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      "request",
    );
  });
}

/** Request id echoed on every response, and the security headers an API answers with. */
export function registerSecurityHeaders(app: FastifyInstance) {
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
    reply.header("x-content-type-options", "nosniff");
    reply.header("x-frame-options", "DENY");
    reply.header("referrer-policy", "no-referrer");
    if (request.protocol === "https") reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
  });
}
