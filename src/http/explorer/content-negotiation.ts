import type { FastifyRequest } from "fastify";
import { ENDPOINT } from "./options.js";

/** A browser navigating to /graphql: GET (or HEAD), no `query` parameter, text/html preferred over JSON. */
export function isExplorerRequest(request: FastifyRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (request.routeOptions.url !== ENDPOINT) return false;
  const search = request.url.indexOf("?");
  if (search >= 0 && new URLSearchParams(request.url.slice(search + 1)).has("query")) return false;
  return prefersHtml(request.headers.accept);
}

/**
 * Content negotiation as Apollo Server does it (the `negotiator` package): text/html must beat
 * every GraphQL response type on quality, then on the specificity of the range that matched it;
 * a tie goes to JSON. So browsers get the page, and `Accept: *\/*` (curl) or JSON clients do not.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(",").flatMap((part) => {
    const [mediaRange = "", ...params] = part.trim().split(";");
    const [type, subtype] = mediaRange.trim().toLowerCase().split("/");
    if (!type || !subtype) return [];
    const qParam = params.map((p) => p.trim().split("=")).find(([k]) => k?.trim().toLowerCase() === "q");
    const q = qParam ? Number(qParam[1]) : 1;
    return [{ type, subtype, q: Number.isFinite(q) ? q : 0 }];
  });
  const score = (mime: string): [number, number] => {
    const [type, subtype] = mime.split("/");
    let best: [number, number] = [0, -1];
    for (const r of ranges) {
      if ((r.type !== type && r.type !== "*") || (r.subtype !== subtype && r.subtype !== "*")) continue;
      const specificity = (r.type === type ? 2 : 0) + (r.subtype === subtype ? 1 : 0);
      if (specificity > best[1]) best = [r.q, specificity];
    }
    return best;
  };
  const html = score("text/html");
  if (html[0] <= 0) return false;
  return ["application/json", "application/graphql-response+json", "multipart/mixed"].every((mime) => {
    const other = score(mime);
    return html[0] > other[0] || (html[0] === other[0] && html[1] > other[1]);
  });
}
