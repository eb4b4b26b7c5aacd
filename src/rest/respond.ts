import { notFound } from "../errors.js";
import type { PageInfo } from "../graphql/connection.js";
import { pageLinks } from "./page-links.js";
import type { RestCall, RestResult } from "./rest-call.js";

/**
 * The answer of a call. A list page read by offset (the first page among them) is counted: up to
 * `countMax` (LIST_COUNT_MAX) the count is `X-Total-Count`; beyond, the count stopped, and
 * `X-Total-Count-Exceeds: <countMax>` says only that more match — X-Total-Count is left out rather
 * than sent as a number that is not the total. A page read by cursor is not counted (neither header):
 * its cost is its rows'. Every list page is a 200, the status the TMF contracts and CTKs define.
 */
export function respond(call: RestCall, data: Record<string, unknown>, countMax: number, represent: (result: unknown) => unknown): RestResult {
  switch (call.operation) {
    case "list": {
      const page = data.page as { edges: { node: unknown }[]; pageInfo: PageInfo; totalCount?: number } | undefined;
      const items = page ? page.edges.map((edge) => edge.node) : (data.items as unknown[]);
      const total = (page ? page.totalCount : data.total) as number | undefined;
      const exact = total !== undefined && total <= countMax;
      const cursors = page && {
        next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null,
        // Undefined on a page by offset (not selected): its `prev` links by offset.
        prev: page.pageInfo.hasPreviousPage ? (page.pageInfo.startCursor ?? null) : null,
      };
      const link = pageLinks(call.resource, call.query, call.context.baseUrl, { total: exact ? total : undefined, returned: items.length, cursors });
      const count: Record<string, string> =
        total === undefined ? {} : exact ? { "x-total-count": String(total) } : { "x-total-count-exceeds": String(countMax) };
      return {
        status: 200,
        body: items.map(represent),
        headers: { ...count, "x-result-count": String(items.length), ...(link && { link }) },
      };
    }
    case "one":
      if (!data.result) throw notFound(call.resource.type, call.id!);
      return { status: 200, body: represent(data.result) };
    case "create": {
      const body = represent(data.result) as { href?: string };
      return { status: 201, body, headers: body.href ? { location: body.href } : {} };
    }
    case "update":
      return { status: 200, body: represent(data.result) };
    case "delete":
      return { status: 204 };
  }
}
