import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { Authenticator, type AuthConfig } from "../auth/authenticator.js";
import { FailedAttempts } from "../auth/failed-attempts.js";
import { ANONYMOUS_PRINCIPAL, DEVELOPMENT_PRINCIPAL, type Principal } from "../auth/principal.js";
import type { RoleScopes } from "../auth/role-scopes.js";
import { keyScopeProblem, roleScopeProblem } from "../auth/scopes.js";
import { ConfigError } from "../config.js";
import { AppError } from "../errors.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Checks credentials (API keys, JWTs): for HTTP requests here, for WebSocket connections in subscriptions. */
    authenticator: Authenticator;
    /** Failed authentications per client address: every carrier asks it before checking a credential and tells it of each refusal. */
    authFailures: FailedAttempts;
  }
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /**
     * A route anyone may call (health, metrics, docs, explorer assets), or a predicate saying which
     * of its requests are (GET /graphql without an operation: the explorer page). Every other
     * route needs a caller when authentication is on: deny by default.
     */
    public?: boolean | ((request: FastifyRequest) => boolean);
  }
}

/** Unmatched requests (answered 404) need no caller; a matched route is public only if it says so. */
function needsCaller(request: FastifyRequest): boolean {
  if (request.routeOptions.url === undefined) return false;
  const open = request.routeOptions.config?.public;
  return !(typeof open === "function" ? open(request) : open);
}

/**
 * Authenticates every request for the route it was routed to — Fastify routes on the decoded path
 * before onRequest hooks run, so `/%67raphql` is decided as `/graphql` — and answers 401 without a
 * valid credential when authentication is on. A public route's caller without credentials is
 * anonymous (no scopes): nothing reaches a resolver without a principal. Scopes are then checked
 * per GraphQL field (each field's scope, src/graphql/field-builder.ts), so REST and GraphQL obey the same rules. An address that has
 * presented `authFailures.max` refused credentials in a window is answered 429 until it ends, before
 * its credential is looked at (public routes without a credential stay open to it: probes, docs).
 * Decorates the app with `authenticator` and `authFailures`, every request with `principal`:
 * plugins that read them depend on this one. `roleScopes`: what the roles of a token grant
 * (ROLE_SCOPES, then the security function's party roles); without it, ROLE_SCOPES.
 */
export const authenticationPlugin = fp<{
  auth: AuthConfig;
  apiScopes: Iterable<string>;
  authFailures: { max: number; windowMs: number };
  roleScopes?: RoleScopes;
}>(
  async (app, { auth, apiScopes, authFailures: limits, roleScopes }) => {
    const problem = keyScopeProblem(auth.apiKeys, [...apiScopes]) ?? roleScopeProblem(auth.roleScopes, [...apiScopes]);
    if (problem) throw new ConfigError(problem);
    const authenticator = new Authenticator(auth, roleScopes, (message) => app.log.warn(message));
    await authenticator.start();
    app.metrics.trackJwks(authenticator);
    const authFailures = new FailedAttempts(limits);
    app.decorate("authenticator", authenticator);
    app.decorate("authFailures", authFailures);
    app.decorateRequest("principal", null as unknown as Principal);
    app.addHook("onRequest", async (request, reply) => {
      if (!authenticator.enabled) {
        request.principal = DEVELOPMENT_PRINCIPAL;
        return;
      }
      if (presentsCredential(request) || needsCaller(request)) refuseWhileBlocked(authFailures, request, reply);
      const principal = await authenticator.authenticate(request.headers).catch((err: unknown) => {
        if (err instanceof AppError && err.code === "UNAUTHENTICATED") authFailures.failed(request.ip);
        throw err;
      });
      if (principal) request.principal = principal;
      else if (needsCaller(request))
        throw new AppError("UNAUTHENTICATED", "Authentication required: send X-API-Key or Authorization: Bearer <JWT>", "Unauthorized");
      else request.principal = ANONYMOUS_PRINCIPAL;
    });
  },
  { name: "authentication", fastify: "5.x", dependencies: ["metrics"] },
);

function presentsCredential(request: FastifyRequest): boolean {
  return Boolean(request.headers["x-api-key"] || request.headers.authorization);
}

function refuseWhileBlocked(authFailures: FailedAttempts, request: FastifyRequest, reply: FastifyReply): void {
  const waitMs = authFailures.blocked(request.ip);
  if (!waitMs) return;
  reply.header("retry-after", String(Math.ceil(waitMs / 1000)));
  throw new AppError("TOO_MANY_REQUESTS", "Too many failed authentications from this address; retry later", "Too Many Requests");
}
