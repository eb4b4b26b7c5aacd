import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Authenticator } from "../auth/authenticator.js";
import { DEVELOPMENT_PRINCIPAL, type Principal } from "../auth/principal.js";
import { AppError } from "../errors.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal;
  }
}

/** The API surface that needs a caller: TMF REST, and GraphQL operations (not the explorer page). */
function needsCaller(request: FastifyRequest): boolean {
  const path = request.url.split("?")[0]!;
  if (path.startsWith("/tmf-api/")) return true;
  if (path !== "/graphql") return false;
  return request.method === "POST" || request.url.includes("query=");
}

/**
 * Authenticates every API request before anything else runs: 401 without a valid credential when
 * authentication is on. Scopes are then checked per GraphQL field (`@Authorized`), so REST and
 * GraphQL obey the same rules.
 */
export function registerAuthentication(app: FastifyInstance, authenticator: Authenticator) {
  app.decorateRequest("principal", null as unknown as Principal);
  app.addHook("onRequest", async (request) => {
    if (!authenticator.enabled) {
      request.principal = DEVELOPMENT_PRINCIPAL;
      return;
    }
    const principal = await authenticator.authenticate(request.headers);
    if (principal) request.principal = principal;
    else if (needsCaller(request)) throw new AppError("UNAUTHENTICATED", "Authentication required: send X-API-Key or Authorization: Bearer <JWT>", "Unauthorized");
  });
}
