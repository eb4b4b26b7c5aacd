import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import fp from "fastify-plugin";
import { rateKeyOf, type RateLimiter } from "../auth/rate-limiter.js";
import type { Config } from "../config.js";
import { AppError } from "../errors.js";

export type HttpPoliciesOptions = Pick<Config, "corsOrigins"> & { rateLimiter?: RateLimiter };

/**
 * Who may call from where, and how often: the CORS allow-list, and the rate limit per credential
 * (or client address without one), counted in the gateway's one RateLimiter, which graphql-ws
 * counts its operations in too. It keys on `request.principal`, set by authentication's onRequest
 * hook, which runs first: hence the dependency.
 */
export const httpPoliciesPlugin = fp<HttpPoliciesOptions>(
  async (app, { corsOrigins, rateLimiter }) => {
    await app.register(cors, {
      origin: corsOrigins.length ? corsOrigins : false,
      exposedHeaders: ["x-total-count", "x-result-count", "link", "x-request-id", "location"],
    });
    if (rateLimiter) {
      await app.register(rateLimit, {
        hook: "preHandler",
        max: rateLimiter.max,
        timeWindow: rateLimiter.windowMs,
        store: rateLimiter.asStore(),
        keyGenerator: (request) => rateKeyOf(request.principal, request.ip),
        errorResponseBuilder: (_request, context) =>
          new AppError("TOO_MANY_REQUESTS", `Rate limit of ${context.max} requests per ${context.after} exceeded; retry later`, "Too Many Requests"),
      });
    }
  },
  { name: "http-policies", dependencies: ["authentication"], fastify: "5.x" },
);
