import type { Context } from "../graphql/context.js";
import type { RestResource } from "../tmf/rest-resource.js";

export type RestOperation = "list" | "one" | "create" | "update" | "delete";

/** How a PATCH body says what changes: a JSON merge patch (RFC 7386), a JSON Patch (RFC 6902), or TMF630's JSON Patch Query. */
export type PatchFormat = "merge" | "json-patch" | "json-patch-query";

export type Query = Record<string, string | string[]>;

export interface RestCall {
  operation: RestOperation;
  resource: RestResource;
  id?: string;
  query: Query;
  body?: unknown;
  /** The Idempotency-Key header of a create, for mutations that take `idempotencyKey`. */
  idempotencyKey?: string;
  /** Of an update: merge patch unless said (JSON Patch needs a resource served in versions: it patches a representation). */
  patchFormat?: PatchFormat;
  context: Context;
}

export interface RestResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
