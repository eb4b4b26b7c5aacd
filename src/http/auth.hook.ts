import type { FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { Authenticator, type AuthConfig } from "../auth/authenticator.js";
import { ANONYMOUS_PRINCIPAL, DEVELOPMENT_PRINCIPAL, type Principal } from "../auth/principal.js";
import { knownScopes } from "../auth/scopes.js";
import { ConfigError } from "../config.js";
import { AppError } from "../errors.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Checks credentials (API keys, JWTs): for HTTP requests here, for WebSocket connections in subscriptions. */
    authenticator: Authenticator;
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
 * per GraphQL field (`@Authorized`), so REST and GraphQL obey the same rules. Decorates the app with
 * `authenticator` and every request with `principal`: plugins that read either depend on this one.
 */
export const authenticationPlugin = fp<{ auth: AuthConfig; apiScopes: Iterable<string> }>(
  async (app, { auth, apiScopes }) => {
    checkKeyScopes(auth, knownScopes(apiScopes));
    const authenticator = new Authenticator(auth);
    app.decorate("authenticator", authenticator);
    app.decorateRequest("principal", null as unknown as Principal);
    app.addHook("onRequest", async (request) => {
      if (!authenticator.enabled) {
        request.principal = DEVELOPMENT_PRINCIPAL;
        return;
      }
      const principal = await authenticator.authenticate(request.headers);
      if (principal) request.principal = principal;
      else if (needsCaller(request)) throw new AppError("UNAUTHENTICATED", "Authentication required: send X-API-Key or Authorization: Bearer <JWT>", "Unauthorized");
      else request.principal = ANONYMOUS_PRINCIPAL;
    });
  },
  { name: "authentication", fastify: "5.x" },
);

/** An API key's scopes must be scopes this gateway knows: a typo is a configuration error, not a key that can do nothing. */
function checkKeyScopes(auth: AuthConfig, known: Set<string>): void {
  for (const key of auth.apiKeys) {
    const unknown = key.scopes.filter((scope) => !known.has(scope));
    if (unknown.length) {
      throw new ConfigError(`API_KEYS entry "${key.name}" has unknown scope(s) ${unknown.join(", ")}; known: ${[...known].join(", ")}`);
    }
  }
}
