import type { FastifyRequest } from "fastify";

/**
 * Scheme and host for absolute `href`s: PUBLIC_BASE_URL when configured, otherwise what the client
 * used, honouring X-Forwarded-Proto / X-Forwarded-Host from a reverse proxy (Fastify `trustProxy`).
 */
export function baseUrlOf(request: FastifyRequest, publicBaseUrl?: string): string {
  if (publicBaseUrl) return publicBaseUrl;
  const forwardedHost = request.headers["x-forwarded-host"];
  const host = (Array.isArray(forwardedHost) ? forwardedHost[0] : forwardedHost?.split(",")[0]?.trim()) || request.host;
  return `${request.protocol}://${host}`;
}
