import { swagger } from "../tmf/swagger.js";
import { isJsonObject } from "../tmf/tmf-json.js";

type Json = Record<string, unknown>;

/** How deep a walk of a representation looks for `href`s (deeper values are left as they are). */
export const MAX_HREF_DEPTH = 16;

/**
 * How the `href`s of a representation of an API version point at that version: the model's hrefs
 * (its own, and its references to other resources of the same API: a billing account's
 * `billStructure.format`) are on the model's base path; those to a collection the version's
 * contract serves are moved to the version's base path, the others (another API's resources, or
 * one the version does not define) are left as they are. Prepared once per version; undefined when
 * the version is on the model's base path (nothing moves).
 */
export function hrefMover(modelBase: string, versionBase: string, contract: string): ((href: string) => string) | undefined {
  if (modelBase === versionBase) return undefined;
  const served = new Set(
    Object.keys(swagger(contract).paths)
      .map((path) => /^\/([^/{}]+)$/.exec(path)?.[1])
      .filter((collection): collection is string => Boolean(collection)),
  );
  const from = `${modelBase}/`;
  return (href) => {
    const at = href.indexOf(from);
    if (at < 0) return href;
    const start = at + from.length;
    let end = start;
    while (end < href.length) {
      const c = href.charCodeAt(end);
      if (c === 0x2f /* / */ || c === 0x3f /* ? */ || c === 0x23 /* # */) break;
      end++;
    }
    return served.has(href.slice(start, end)) ? `${href.slice(0, at)}${versionBase}/${href.slice(start)}` : href;
  };
}

/** `value` with every `href` within it moved (copied where one moves, as it is elsewhere); `depth`: how deep in the representation it is. */
export function moveHrefs(value: unknown, depth: number, move: (href: string) => string): unknown {
  if (depth > MAX_HREF_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => moveHrefs(item, depth + 1, move));
  if (!isJsonObject(value)) return value;
  let out: Json | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = key === "href" && typeof item === "string" ? move(item) : typeof item === "object" && item !== null ? moveHrefs(item, depth + 1, move) : item;
    if (next !== item) (out ??= { ...value })[key] = next;
  }
  return out ?? value;
}
