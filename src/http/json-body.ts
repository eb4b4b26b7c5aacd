import type { FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { AppError, badInput } from "../errors.js";
import { parseExact } from "../tmf/exact-json.js";
import { PROTOTYPE_KEYS, prototypeKeyMessage, prototypeKeyPath } from "../tmf/prototype-keys.js";

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * One pass over a JSON text, before it is parsed: how deep it nests, and whether a number in it
 * has more significant digits than a double holds (money written as a JSON number, e.g.
 * 1234567890123456.78). Linear in the text; strings are skipped.
 */
export function scanJson(text: string, maxDepth: number): { tooDeep: boolean; unsafeNumber: boolean } {
  let depth = 0;
  let unsafeNumber = false;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
      digits = 0;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return { tooDeep: true, unsafeNumber };
      digits = 0;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      // 15 significant digits always survive a double; past that, the parser below decides exactly.
      if (++digits > 15) unsafeNumber = true;
    } else if (c !== 0x2e) {
      digits = 0; // anything but a digit or the decimal point ends a run (exponents restart it)
    }
  }
  return { tooDeep: false, unsafeNumber };
}

/**
 * Where the string opened at `open` ends: its closing quote, or the text's length if none. Found
 * with indexOf (a GraphQL body is mostly its query string): a quote is escaped when an odd run of
 * backslashes precedes it, as reading escapes left to right decides.
 */
function closingQuote(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/** A JSON.parse reviver (lossless-json's, graphql-ws's messages) sees every key as it parses: a prototype key is refused before it is set. */
export function refuseProto(key: string, value: unknown): unknown {
  if (PROTOTYPE_KEYS.has(key)) throw badInput(prototypeKeyMessage("A JSON body", key));
  return value;
}

/** The JSON Patch media types (RFC 6902; TMF630 part 5's JSON Patch Query), by the patch format each is. */
export const JSON_PATCH_TYPES = { "application/json-patch+json": "json-patch", "application/json-patch-query+json": "json-patch-query" } as const;

/** The patch format of a PATCH request's Content-Type: merge unless it is a JSON Patch media type. */
export function patchFormatOf(contentType: string | undefined): "merge" | (typeof JSON_PATCH_TYPES)[keyof typeof JSON_PATCH_TYPES] {
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return JSON_PATCH_TYPES[mediaType as keyof typeof JSON_PATCH_TYPES] ?? "merge";
}

const FAILED = Symbol("malformed");

/** JSON.parse as secure-json-parse runs it (a leading BOM dropped), or FAILED. */
function plainParse(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return FAILED;
  }
}

/** `charset` of a Content-Type, lower-cased, if it names one. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "");
  return match?.[1]?.toLowerCase();
}

/**
 * The JSON body parser of every JSON media type the gateway takes (application/json, the merge
 * patch application/merge-patch+json, and JSON_PATCH_TYPES): UTF-8 only (RFC 8259; any other declared charset is a 415),
 * nesting at most `maxDepth` levels (400, checked before parsing, so no parser or later
 * recursion can overflow the stack), no prototype-poisoning keys, numbers kept exact, and an empty
 * body is no body — clients and Newman send `Content-Type: application/json` on a bodiless DELETE.
 */
export const jsonBodiesPlugin = fp<{ maxDepth: number }>(
  async (app, { maxDepth }) => {
    const standard = app.getDefaultJsonParser("error", "error");
    const parser = (request: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void) => {
      const charset = charsetOf(request.headers["content-type"]);
      if (charset && charset !== "utf-8" && charset !== "utf8") {
        return done(new AppError("UNSUPPORTED_MEDIA_TYPE", `JSON bodies must be UTF-8; charset=${charset} is not accepted`, "Unsupported Media Type"));
      }
      if (body.trim() === "") return done(null, undefined);
      const { tooDeep, unsafeNumber } = scanJson(body, maxDepth);
      if (tooDeep) return done(badInput(`Malformed JSON body: nested deeper than ${maxDepth} levels`));
      if (!unsafeNumber) {
        // The common body holds no prototype key: JSON.parse and the policy's walk settle it, without
        // secure-json-parse's two scans of the text. A body that holds one is answered as before.
        const parsed = plainParse(body);
        if (parsed !== FAILED && prototypeKeyPath(parsed) === undefined) return done(null, parsed);
        // secure-json-parse (`standard`) refuses __proto__ and constructor.prototype; the policy refuses any constructor or prototype key too.
        return standard(request, body, (err, parsed) => {
          // Refused by secure-json-parse: parsed again below, for a message that says why.
          if (err) return parseWithReviver();
          const path = prototypeKeyPath(parsed);
          done(err ?? (path === undefined ? null : badInput(prototypeKeyMessage("A JSON body", path))), path === undefined ? parsed : undefined);
        });
      }
      parseWithReviver();
      function parseWithReviver() {
        try {
          done(null, parseExact(body, refuseProto));
        } catch (err) {
          done(err instanceof AppError ? err : badInput(`Malformed JSON body: ${(err as Error).message}`));
        }
      }
    };
    app.removeContentTypeParser(["application/json", "text/plain"]);
    app.addContentTypeParser(["application/json", "application/merge-patch+json", ...Object.keys(JSON_PATCH_TYPES)], { parseAs: "string" }, parser);
  },
  { name: "json-bodies", fastify: "5.x" },
);
