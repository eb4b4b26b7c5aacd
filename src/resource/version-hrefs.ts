import { swagger } from "../tmf/swagger.js";
import { isJsonObject } from "../tmf/tmf-json.js";

type Json = Record<string, unknown>;

/**
 * How the `href`s of a representation of an API version point at that version: the model's hrefs
 * (its own, and its references to other resources of the same API: a billing account's
 * `billStructure.format`) are on the model's base path; those to a collection the version's
 * contract serves are moved to the version's base path, the others (another API's resources, or
 * one the version does not define) are left as they are. Prepared once per version.
 */
export function versionHrefs(modelBase: string, versionBase: string, contract: string): (represented: Json) => Json {
  const served = new Set(
    Object.keys(swagger(contract).paths)
      .map((path) => /^\/([^/{}]+)$/.exec(path)?.[1])
      .filter((collection): collection is string => Boolean(collection)),
  );
  const from = `${modelBase}/`;
  const move = (href: string) => {
    const at = href.indexOf(from);
    if (at < 0) return href;
    const collection = href.slice(at + from.length).split(/[/?#]/, 1)[0]!;
    return served.has(collection) ? `${href.slice(0, at)}${versionBase}/${href.slice(at + from.length)}` : href;
  };
  const walk = (value: unknown, depth: number): unknown => {
    if (depth > 16) return value;
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    if (!isJsonObject(value)) return value;
    let out: Json | undefined;
    for (const [key, item] of Object.entries(value)) {
      const next = key === "href" && typeof item === "string" ? move(item) : typeof item === "object" && item !== null ? walk(item, depth + 1) : item;
      if (next !== item) (out ??= { ...value })[key] = next;
    }
    return out ?? value;
  };
  return (represented) => (modelBase === versionBase ? represented : (walk(represented, 0) as Json));
}
