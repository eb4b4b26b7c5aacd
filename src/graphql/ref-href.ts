import { collectionPath, type RestResource } from "../tmf/rest-resource.js";
import type { Context } from "./context.js";

/** A stored reference to one of this gateway's resources, with its `href` derived (never stored). */
export function withHref<R extends { id: string }>(ref: R | null | undefined, target: RestResource, ctx: Context) {
  return ref ? { ...ref, href: `${ctx.baseUrl}${collectionPath(target)}/${ref.id}` } : null;
}
