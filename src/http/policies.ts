import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import type { FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { rateKeyOf, type RateLimiter } from "../auth/rate-limiter.js";
import type { Config } from "../config.js";
import { AppError } from "../errors.js";

export type HttpPoliciesOptions = { rateLimiter?: RateLimiter };

/** Methods a browser may be allowed to send cross-origin: those of the REST routes and /graphql. */
const CORS_METHODS = ["GET", "HEAD", "POST", "PATCH", "DELETE"];

/**
 * The CORS allow-list (CORS_ORIGINS), registered before authentication: browsers send a preflight
 * (OPTIONS with Origin and Access-Control-Request-Method) without credentials, so it is answered
 * here, 204, before any credential is asked for. An allowed origin gets the allow headers; any other
 * gets none (@fastify/cors's answer: the browser then refuses the call). An OPTIONS that is not a
 * preflight is no CORS matter: it goes on to authentication and answers 404 like an unknown route.
 * Responses carry Access-Control-Allow-Origin for allowed origins, 4xx errors included, so a browser
 * application can read a 401's TMF Error.
 */
export const corsPlugin = fp<Pick<Config, "corsOrigins">>(
  async (app, { corsOrigins }) => {
    const allowed = {
      origin: corsOrigins,
      methods: CORS_METHODS,
      exposedHeaders: ["x-total-count", "x-total-count-exceeds", "x-result-count", "link", "x-request-id", "location", "retry-after", "www-authenticate"],
      maxAge: 600,
    };
    const isPreflight = (request: FastifyRequest) =>
      request.method === "OPTIONS" && request.headers.origin !== undefined && request.headers["access-control-request-method"] !== undefined;
    await app.register(
      cors,
      corsOrigins.length
        ? { delegator: (request, callback) => callback(null, request.method !== "OPTIONS" || isPreflight(request) ? allowed : { origin: false }) }
        : { origin: false },
    );
  },
  { name: "cors", fastify: "5.x" },
);

/**
 * How often: the rate limit per credential (or client address without one), counted in the
 * gateway's one RateLimiter, which graphql-ws counts its operations in too. It keys on
 * `request.principal`, set by authentication's onRequest hook, which runs first: hence the dependency.
 */
export const httpPoliciesPlugin = fp<HttpPoliciesOptions>(
  async (app, { rateLimiter }) => {
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
