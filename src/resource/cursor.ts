import { createHmac, createSecretKey, hash, timingSafeEqual, type KeyObject } from "node:crypto";
import { badInput } from "../errors.js";
import type { KeyValues } from "./keyset.js";

const VERSION = "1";
const TAG_BYTES = 16;

/**
 * Opaque list cursors: the sort key values of a row, bound to the list they were read from (its
 * resource, filter and sort), signed with HMAC-SHA256. What a client sends back is either one this
 * gateway made for the same list, or a 400: never a value that reaches SQL unchecked. The key comes
 * from configuration (LIST_CURSOR_SECRET, else the database URL), so every replica of a deployment
 * accepts the others' cursors.
 */
export class CursorCodec {
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(hash("sha256", `tmf-gateway list cursor\0${secret}`, "buffer"));
  }

  /** What a cursor is bound to: the resource and the list's filter and sort, canonical. */
  static listOf(resource: string, filter: unknown, sort: unknown): string {
    return hash("sha256", `${resource}\0${canonical(filter ?? null)}\0${canonical(sort ?? null)}`, "base64url").slice(0, 22);
  }

  encode(list: string, values: KeyValues): string {
    const body = Buffer.from(JSON.stringify([VERSION, list, values])).toString("base64url");
    return `${body}.${this.tag(body)}`;
  }

  /** The key values of `cursor`, or a 400: not one of ours (forged, altered, another key), or of another list. */
  decode(cursor: string, list: string, keyCount: number): KeyValues {
    const [body, tag, extra] = cursor.split(".");
    if (!body || !tag || extra !== undefined || cursor.length > 4096 || !sameTag(tag, this.tag(body))) {
      throw badInput("Invalid cursor: not one this service issued (use the cursor of a page's Link or endCursor as given)");
    }
    const [version, boundTo, values] = JSON.parse(Buffer.from(body, "base64url").toString()) as [string, string, KeyValues];
    if (version !== VERSION || !Array.isArray(values) || values.length !== keyCount || values.some((v) => v !== null && typeof v !== "string")) {
      throw badInput("Invalid cursor: issued by another version of this service; start again from the first page");
    }
    if (boundTo !== list) throw badInput("Invalid cursor: it pages another list (the filter and sort must be those of the page that gave it)");
    return values;
  }

  private tag(body: string): string {
    return createHmac("sha256", this.key).update(body).digest().subarray(0, TAG_BYTES).toString("base64url");
  }
}

function sameTag(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** JSON with object keys sorted: the same filter whatever the order its conditions were given in. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}
