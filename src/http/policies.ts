import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import type { Authenticator } from "../auth/authenticator.js";
import type { Config } from "../config.js";
import { AppError } from "../errors.js";
import { registerAuthentication } from "./auth.hook.js";
import { registerJsonBodies } from "./json-body.js";
import { registerErrorHandling } from "./error-handler.js";
import { registerRequestLogging, registerSecurityHeaders } from "./hooks.js";

/**
 * What every request goes through before a route: one log line, security headers, authentication,
 * CORS allow-list, rate limit per credential or address, JSON-only bodies, TMF error mapping.
 */
export async function registerHttpPolicies(app: FastifyInstance, config: Config, authenticator: Authenticator) {
  registerRequestLogging(app);
  registerSecurityHeaders(app);
  registerAuthentication(app, authenticator);
  await app.register(cors, {
    origin: config.corsOrigins.length ? config.corsOrigins : false,
    exposedHeaders: ["x-total-count", "x-result-count", "x-request-id", "location"],
  });
  if (config.rateLimit.max > 0) {
    await app.register(rateLimit, {
      hook: "preHandler",
      max: config.rateLimit.max,
      timeWindow: config.rateLimit.windowMs,
      keyGenerator: (request) => (request.principal && request.principal.via !== "anonymous" ? request.principal.id : request.ip),
      errorResponseBuilder: (_request, context) =>
        new AppError("TOO_MANY_REQUESTS", `Rate limit of ${context.max} requests per ${context.after} exceeded; retry later`, "Too Many Requests"),
    });
  }
  // JSON only (and JSON merge patch): anything else is a 415.
  registerJsonBodies(app, config.jsonMaxDepth);
  registerErrorHandling(app);
}
