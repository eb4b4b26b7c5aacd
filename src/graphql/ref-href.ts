import { Kind, type FieldNode } from "graphql";
import { collectionPath, type RestResource } from "../tmf/rest-resource.js";
import type { Context } from "./context.js";

const paths = new WeakMap<RestResource, string>();

/** "/tmf-api/…/v4/payment/", worked out once per resource (references are written per row of every list). */
function pathOf(target: RestResource): string {
  let path = paths.get(target);
  if (path === undefined) paths.set(target, (path = `${collectionPath(target)}/`));
  return path;
}

/**
 * A stored reference to one of this gateway's resources, with its `href` derived (never stored); a
 * structure that may be a reference or a value (TMF's RefOrValue) gets one only once it has an id.
 */
export function withHref<R extends { id: string }>(ref: R | null | undefined, target: RestResource, ctx: Context) {
  if (!ref) return null;
  return ref.id ? { ...ref, href: ctx.baseUrl + pathOf(target) + ref.id } : ref;
}

const selecting = new WeakMap<readonly FieldNode[], boolean>();

/**
 * Whether a field's selection may read `href` (a fragment may: counted as yes). Known per field of
 * a document (its nodes are the same objects on every run), so a reference whose `href` is not
 * selected — a list's `account { id }` — is returned as stored, with no copy and no text made per row.
 */
export function selectsHref(fieldNodes: readonly FieldNode[]): boolean {
  let selects = selecting.get(fieldNodes);
  if (selects === undefined) {
    selects = fieldNodes.some((node) => node.selectionSet?.selections.some((s) => s.kind !== Kind.FIELD || s.name.value === "href") ?? true);
    selecting.set(fieldNodes, selects);
  }
  return selects;
}
