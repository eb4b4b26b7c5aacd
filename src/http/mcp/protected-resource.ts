import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AuthConfig } from "../../auth/authenticator.js";

/** RFC 9728's well-known path; a resource at a path has its metadata at that path after it. */
export const RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

/** How long a client or a cache may keep the metadata: it changes only with the configuration. */
const METADATA_MAX_AGE_S = 3600;

/**
 * The authorization server an MCP client gets a token from: JWT_ISSUER, when bearer tokens are
 * accepted (a verifier is configured) and authentication is on. Otherwise none: the gateway is
 * then no OAuth protected resource (API keys only, or tokens from an issuer it does not name).
 */
export function tokenIssuerOf(auth: AuthConfig): string | undefined {
  return auth.enabled && acceptsBearerTokens(auth) ? auth.jwtIssuer : undefined;
}

function acceptsBearerTokens(auth: AuthConfig): boolean {
  return Boolean(auth.jwksUrl || auth.oidcDiscovery || auth.jwksFile || auth.jwtPublicKey || auth.jwtSecret);
}

/**
 * The MCP endpoint at `path` as an OAuth 2.0 protected resource (MCP authorization, RFC 9728):
 * where bearer tokens come from an issuer, its metadata on `GET /.well-known/oauth-protected-resource`
 * and on the path-suffixed form (`…/mcp`) — public and cacheable, built on the base every `href` has
 * (PUBLIC_BASE_URL, else the request as TRUST_PROXY lets a proxy describe it). Returns the
 * `WWW-Authenticate` challenge of a 401 on the endpoint: `Bearer` with `resource_metadata` pointing
 * there (and `error="invalid_token"` when a bearer token was refused); `Bearer` alone when tokens
 * are accepted from an unnamed issuer; `ApiKey header="X-API-Key"` when only API keys are.
 */
export function protectedResource(app: FastifyInstance, path: string, auth: AuthConfig, scopes: readonly string[]): (request: FastifyRequest) => string {
  const issuer = tokenIssuerOf(auth);
  const metadataPath = `${RESOURCE_METADATA_PATH}${path}`;
  const base = (request: FastifyRequest) => app.gateway.baseUrl(request.raw);
  if (issuer) {
    for (const url of [RESOURCE_METADATA_PATH, metadataPath]) {
      app.get(url, { config: { public: true } }, async (request, reply) => {
        // Without PUBLIC_BASE_URL the document names the host the client used: a cache keeps one per host.
        reply.header("cache-control", `public, max-age=${METADATA_MAX_AGE_S}`).header("vary", "host, x-forwarded-host, x-forwarded-proto");
        return {
          resource: `${base(request)}${path}`,
          authorization_servers: [issuer],
          bearer_methods_supported: ["header"],
          scopes_supported: scopes,
          resource_name: "TMF Open APIs (MCP)",
        };
      });
    }
  }
  const bearer = acceptsBearerTokens(auth);
  return (request) => {
    if (!bearer) return 'ApiKey header="X-API-Key"';
    const params = [
      ...(issuer ? [`resource_metadata="${base(request)}${metadataPath}"`] : []),
      ...(/^bearer\s/i.test(String(request.headers.authorization ?? "")) ? ['error="invalid_token"'] : []),
    ];
    return params.length ? `Bearer ${params.join(", ")}` : "Bearer";
  };
}
