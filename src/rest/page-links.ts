import { collectionPath, type RestResource } from "../tmf/rest-resource.js";
import { pageFromQuery } from "./query-params.js";

/**
 * RFC 8288 `Link` of a list page: `first`, `prev`, `next` and `last`, each the same request with
 * another `offset` (every other parameter kept), beside `X-Total-Count`. None when `limit` is 0.
 */
export function pageLinks(resource: RestResource, query: Record<string, string | string[]>, baseUrl: string, total: number): string | undefined {
  const { offset, limit } = pageFromQuery(query);
  if (limit === 0) return undefined;
  const kept = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === "offset" || key === "limit") continue;
    for (const item of Array.isArray(value) ? value : [value]) kept.append(key, item);
  }
  const link = (at: number, rel: string) => {
    const params = new URLSearchParams(kept);
    params.set("offset", String(at));
    params.set("limit", String(limit));
    return `<${baseUrl}${collectionPath(resource)}?${params}>; rel="${rel}"`;
  };
  const last = total > 0 ? Math.floor((total - 1) / limit) * limit : 0;
  const links = [link(0, "first")];
  if (offset > 0) links.push(link(Math.max(0, Math.min(offset - limit, last)), "prev"));
  if (offset + limit < total) links.push(link(offset + limit, "next"));
  links.push(link(last, "last"));
  return links.join(", ");
}
