import { collectionPath, type RestResource } from "../tmf/rest-resource.js";
import { pageFromQuery } from "./query-params.js";

/** The most a list's Link header may weigh: with the others, the response headers stay well under the 16 KiB clients read. */
export const LINK_HEADER_MAX_BYTES = 8192;

/** Which rels a Link header too long for all four keeps first: the next page is what a client walking the list needs. */
const PRIORITY = ["next", "prev", "first", "last"];

/**
 * What a page of a list knows of the rest: the total when it was counted exactly, how many rows it
 * holds, and, read through a cursor connection, the cursors of the pages around it (null: none).
 */
export interface PageExtent {
  total?: number;
  returned: number;
  /** `next`: the cursor the next page starts after (its last row's); `prev`: the one the previous page ends before (its first row's). */
  cursors?: { next: string | null; prev: string | null };
}

/**
 * RFC 8288 `Link` of a list page: `first`, `prev`, `next` and `last`, each the same request with
 * another position (every other parameter kept), beside `X-Total-Count`. None when `limit` is 0.
 * Without an exact total (more rows than LIST_COUNT_MAX, or a page read by cursor) there is no `last`.
 * A list read through a cursor connection links `next` by cursor (`cursor=…`, no offset: its cost
 * does not grow with depth); a page reached by cursor (`cursor` or `before`) links `prev` by cursor
 * too (`before=…`: the page that ends before its first row), a page reached by offset by offset.
 * Each link repeats the query string, so a long one (a filter with many values) would make the
 * header weigh four times the URL: the rels are kept, in the order next, prev, first, last, while
 * the header stays within LINK_HEADER_MAX_BYTES; none when even `next` does not fit. Paging never
 * depends on it: `offset`/`limit` with X-Total-Count and X-Result-Count say the same.
 */
export function pageLinks(
  resource: RestResource,
  query: Record<string, string | string[]>,
  baseUrl: string,
  { total, returned, cursors }: PageExtent,
): string | undefined {
  const { offset, limit } = pageFromQuery(query);
  if (limit === 0) return undefined;
  const kept = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === "offset" || key === "limit" || key === "cursor" || key === "before") continue;
    for (const item of Array.isArray(value) ? value : [value]) kept.append(key, item);
  }
  const link = (at: ["offset", number] | ["cursor" | "before", string], rel: string) => {
    const params = new URLSearchParams(kept);
    params.set(at[0], String(at[1]));
    params.set("limit", String(limit));
    return { rel, text: `<${baseUrl}${collectionPath(resource)}?${params}>; rel="${rel}"` };
  };
  const last = total === undefined ? undefined : total > 0 ? Math.floor((total - 1) / limit) * limit : 0;
  const links = [link(["offset", 0], "first")];
  const byCursor = query.cursor !== undefined || query.before !== undefined;
  if (byCursor) {
    if (cursors?.prev) links.push(link(["before", cursors.prev], "prev"));
  } else if (offset > 0) links.push(link(["offset", Math.max(0, Math.min(offset - limit, last ?? offset))], "prev"));
  if (cursors) {
    if (cursors.next) links.push(link(["cursor", cursors.next], "next"));
  } else if (total === undefined ? returned === limit : offset + limit < total) links.push(link(["offset", offset + limit], "next"));
  if (last !== undefined) links.push(link(["offset", last], "last"));
  return withinBound(links);
}

function withinBound(links: { rel: string; text: string }[]): string | undefined {
  const kept = new Set<string>();
  let bytes = 0;
  for (const rel of PRIORITY) {
    const found = links.find((l) => l.rel === rel);
    if (!found) continue;
    const added = Buffer.byteLength(found.text) + (kept.size ? 2 : 0);
    if (bytes + added > LINK_HEADER_MAX_BYTES) break;
    kept.add(rel);
    bytes += added;
  }
  return kept.size
    ? links
        .filter((l) => kept.has(l.rel))
        .map((l) => l.text)
        .join(", ")
    : undefined;
}
