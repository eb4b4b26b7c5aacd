import { JSONPatch, JSONPatchError, jsonpath, type JSONValue, type OpObject } from "json-p3";
import { isJsonObject } from "../tmf/tmf-json.js";
import { badInput } from "../errors.js";

type Json = Record<string, unknown>;

/** One RFC 6902 operation, as a client sends it. */
export interface JsonPatchOperation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

/** Operations one patch may carry, and the longest path: a query is evaluated per operation. */
export const MAX_PATCH_OPERATIONS = 100;
const MAX_PATH_LENGTH = 512;
/** Pointer segments never followed: a patch must not reach an object's prototype. */
const FORBIDDEN_SEGMENTS = /(^|\/)(__proto__|prototype|constructor)(\/|$)/;
/** JSONPath's regular-expression functions are refused: a crafted pattern could take unbounded time. */
const REGEX_FUNCTIONS = /\b(match|search)\s*\(/;

/**
 * `document` (not changed) with `operations` applied: RFC 6902 with JSON Pointer paths, and with
 * `query` (TMF630's JSON Patch Query, application/json-patch-query+json) paths that are JSONPath
 * queries (RFC 9535, e.g. `$.contactMedium[?@.contactType=='home'].phoneNumber`): such an
 * operation applies to every node the query selects (none: a 400). A failed `test`, a missing
 * target or a malformed path is a 400 naming the operation.
 */
export function applyJsonPatch(document: Json, operations: readonly JsonPatchOperation[], query: boolean): Json {
  if (operations.length > MAX_PATCH_OPERATIONS) throw badInput(`A patch has at most ${MAX_PATCH_OPERATIONS} operations`);
  let current = structuredClone(document) as JSONValue;
  operations.forEach((operation, index) => {
    for (const op of pointerOperations(operation, current, query, index)) {
      try {
        current = new JSONPatch([op]).apply(current);
      } catch (err) {
        if (err instanceof JSONPatchError) throw badInput(`Patch operation ${index} (${operation.op} ${operation.path}) cannot be applied: ${err.message}`);
        throw err;
      }
    }
  });
  if (!isJsonObject(current)) throw badInput("A patch must leave the resource an object");
  return current;
}

/** The RFC 6902 operations one client operation is: itself, or one per node its JSONPath query selects. */
function pointerOperations(operation: JsonPatchOperation, document: JSONValue, query: boolean, index: number): OpObject[] {
  const { op, path, from } = operation;
  for (const pointer of [path, from]) {
    if (pointer !== undefined && (pointer.length > MAX_PATH_LENGTH || FORBIDDEN_SEGMENTS.test(pointer))) {
      throw badInput(`Patch operation ${index} has a path that is too long or reaches a prototype`);
    }
  }
  const asOp = (pointer: string) => ({ ...operation, path: pointer }) as OpObject;
  if (!query || !path.startsWith("$")) return [asOp(path)];
  if (REGEX_FUNCTIONS.test(path)) throw badInput(`Patch operation ${index}: match() and search() are not accepted in a path`);
  let nodes: string[];
  try {
    nodes = jsonpath.query(path, document).nodes.map((node) => node.toPointer().toString());
  } catch (err) {
    throw badInput(`Patch operation ${index} has an invalid JSONPath query: ${(err as Error).message}`);
  }
  // Removed from the last: removing an array element first would move the ones after it.
  if (nodes.length) return (op === "remove" ? nodes.reverse() : nodes).map(asOp);
  // An `add` may name a member its target lacks yet: the query of the parent, and the member's name.
  const member = /^(.*)\.([A-Za-z_@][\w@]*)$/.exec(path);
  if (op === "add" && member) {
    const parents = jsonpath.query(member[1]!, document).nodes.filter((node) => isJsonObject(node.value));
    if (parents.length) return parents.map((node) => asOp(`${node.toPointer().toString()}/${member[2]!}`));
  }
  throw badInput(`Patch operation ${index}: ${path} selects nothing`);
}

/**
 * The JSON merge patch (RFC 7386) that turns `before` into `after`: changed attributes with their
 * new value (objects as a patch of their own), removed ones as null, unchanged ones absent.
 */
export function mergePatchBetween(before: Json, after: Json): Json {
  const patch: Json = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [was, is] = [before[key], after[key]];
    if (is === undefined) {
      if (was !== undefined) patch[key] = null;
    } else if (isJsonObject(was) && isJsonObject(is)) {
      const nested = mergePatchBetween(was, is);
      if (Object.keys(nested).length) patch[key] = nested;
    } else if (JSON.stringify(was) !== JSON.stringify(is)) patch[key] = is;
  }
  return patch;
}
