import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import fp from "fastify-plugin";
import type { Config } from "../config.js";
import { AppError } from "../errors.js";

export type HttpPoliciesOptions = Pick<Config, "corsOrigins" | "rateLimit">;

/**
 * Who may call from where, and how often: the CORS allow-list, and the rate limit per credential
 * (or client address without one). It keys on `request.principal`, set by authentication's
 * onRequest hook, which runs first: hence the dependency.
 */
export const httpPoliciesPlugin = fp<HttpPoliciesOptions>(
  async (app, config) => {
    await app.register(cors, {
      origin: config.corsOrigins.length ? config.corsOrigins : false,
      exposedHeaders: ["x-total-count", "x-result-count", "link", "x-request-id", "location"],
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
  },
  { name: "http-policies", dependencies: ["authentication"], fastify: "5.x" },
);
