import type { IncomingHttpHeaders } from "node:http";

/**
 * Headers a page of another origin cannot add to a request without a CORS preflight, which only
 * CORS_ORIGINS pass: Apollo's recommended list, given to Apollo's own CSRF prevention too.
 */
export const CSRF_PREVENTION_HEADERS = ["apollo-require-preflight", "x-apollo-operation-name"];

/** The content types an HTML form (or a no-cors fetch) sends cross-site without a preflight. */
const SIMPLE_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

export const CSRF_REFUSAL =
  "GET /graphql was refused as a possible cross-site request forgery (CSRF): send the header " +
  "`apollo-require-preflight: true` (or `x-apollo-operation-name: <operation name>`, or a " +
  "`content-type` such as application/json), or POST with `content-type: application/json`";

/**
 * Whether a GET carrying an operation could come from another site's link, image or form: it names
 * neither a CSRF prevention header nor a content type that needs a preflight (Apollo's rule). POST
 * needs no such check: /graphql accepts only `application/json` bodies (415 otherwise).
 */
export function mayBeForged(headers: IncomingHttpHeaders): boolean {
  const contentType = headers["content-type"];
  if (contentType !== undefined && !SIMPLE_CONTENT_TYPES.includes(contentType.split(";")[0]!.trim().toLowerCase())) return false;
  return !CSRF_PREVENTION_HEADERS.some((name) => {
    const value = headers[name];
    return typeof value === "string" ? value.length > 0 : Array.isArray(value) && value.some((v) => v.length > 0);
  });
}
