import { collectionPath, type RestResource } from "../tmf/rest-resource.js";
import type { Context } from "./context.js";

const paths = new WeakMap<RestResource, string>();

/** "/tmf-api/…/v4/payment/", worked out once per resource (references are written per row of every list). */
function pathOf(target: RestResource): string {
  let path = paths.get(target);
  if (path === undefined) paths.set(target, (path = `${collectionPath(target)}/`));
  return path;
}

/** A stored reference to one of this gateway's resources, with its `href` derived (never stored). */
export function withHref<R extends { id: string }>(ref: R | null | undefined, target: RestResource, ctx: Context) {
  return ref ? { ...ref, href: ctx.baseUrl + pathOf(target) + ref.id } : null;
}
