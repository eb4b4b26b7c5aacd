import fp from "fastify-plugin";

/** One structured log line per request: id, method, route, status, duration (and GraphQL operation). */
export const requestLoggingPlugin = fp(
  async (app) => {
    app.addHook("onResponse", async (request, reply) => {
      const body = request.body as { operationName?: unknown } | undefined;
      request.log.info(
        {
          reqId: request.id,
          method: request.method,
          route: request.routeOptions.url ?? "(unmatched)",
          ...(typeof body?.operationName === "string" && { operation: body.operationName.slice(0, 100) }),
          status: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 100) / 100,
        },
        "request",
      );
    });
  },
  { name: "request-logging", fastify: "5.x" },
);

/** Request id echoed on every response, and the security headers an API answers with. */
export const securityHeadersPlugin = fp(
  async (app) => {
    app.addHook("onSend", async (request, reply) => {
      reply.header("x-request-id", request.id);
      reply.header("x-content-type-options", "nosniff");
      reply.header("x-frame-options", "DENY");
      reply.header("referrer-policy", "no-referrer");
      if (request.protocol === "https") reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
    });
  },
  { name: "security-headers", fastify: "5.x" },
);
