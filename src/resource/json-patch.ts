import { JSONPatch, JSONPatchError, JSONPointer, jsonpath, type JSONValue, type OpObject } from "json-p3";
import { isJsonObject } from "../tmf/tmf-json.js";
import { setOwn } from "../tmf/prototype-keys.js";
import { AppError, badInput } from "../errors.js";
import { queryOfPointer } from "./json-patch-query.js";
import { checkOperation, checkSelectedPointer, countValues, MAX_PATCH_OPERATIONS, MAX_PATCH_VALUES, PatchBudget, queriesOf } from "./json-patch-limits.js";

export { MAX_PATCH_OPERATIONS } from "./json-patch-limits.js";

type Json = Record<string, unknown>;

/** One RFC 6902 operation, as a client sends it. */
export interface JsonPatchOperation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

/**
 * `document` (not changed) with `operations` applied: RFC 6902 with JSON Pointer paths, and with
 * `query` (TMF630's JSON Patch Query, application/json-patch-query+json) paths that are JSONPath
 * queries (RFC 9535, e.g. `$.contactMedium[?@.contactType=='home'].phoneNumber`): such an
 * operation applies to every node the query selects (none: a 400). A failed `test`, a missing
 * target or a malformed path is a 400 naming the operation; so is a patch past its budget
 * (json-patch-limits.ts), checked as it goes, before the work is done. Every value a patch adds
 * is a copy of its own (`copy` included): the result is a tree, never a document that holds one
 * object twice, or itself.
 */
export function applyJsonPatch(document: Json, operations: readonly JsonPatchOperation[], query: boolean): Json {
  if (operations.length > MAX_PATCH_OPERATIONS) throw badInput(`A patch has at most ${MAX_PATCH_OPERATIONS} operations`);
  let current = structuredClone(document) as JSONValue;
  const budget = new PatchBudget();
  let size: number | undefined; // the document's values, counted once, when a query first needs them
  operations.forEach((given, index) => {
    checkOperation(given, index);
    const operation = query && typeof given.path === "string" ? { ...given, path: queryOfPointer(given.path, current, index) } : given;
    const isQuery = query && typeof operation.path === "string" && operation.path.startsWith("$");
    if (isQuery) size ??= countValues(current, MAX_PATCH_VALUES);
    if (!isQuery) budget.chargeOperation(index);
    const pointers = isQuery ? selectedPointers(operation, current, (size ?? 0) + budget.written, budget, index) : [operation.path];
    const ops = pointers.map((pointer) => pointerOperation(operation, pointer, current, budget, index));
    try {
      current = new JSONPatch(ops).apply(current);
    } catch (err) {
      if (err instanceof JSONPatchError) throw badInput(`Patch operation ${index} (${operation.op} ${operation.path}) cannot be applied: ${err.message}`);
      throw err;
    }
  });
  if (!isJsonObject(current)) throw badInput("A patch must leave the resource an object");
  return current;
}

/**
 * Client operation `index` on one pointer: its value a copy (counted), and a `copy` an `add` of a
 * copy of the value at `from` (json-p3's copy would add the value itself: an array copied into
 * itself would contain itself).
 */
function pointerOperation(operation: JsonPatchOperation, pointer: string, document: JSONValue, budget: PatchBudget, index: number): OpObject {
  const { op, from, value } = operation;
  const copied = (source: unknown) => {
    budget.chargeValues(countValues(source, MAX_PATCH_VALUES), index, true);
    return structuredClone(source) as JSONValue;
  };
  if (op === "copy" && typeof from === "string") return { op: "add", path: pointer, value: copied(valueAt(from, document, operation, index)) };
  if (value !== undefined && op !== "test") return { ...operation, path: pointer, value: copied(value) } as OpObject;
  return { ...operation, path: pointer } as OpObject;
}

function valueAt(pointer: string, document: JSONValue, operation: JsonPatchOperation, index: number): unknown {
  try {
    return new JSONPointer(pointer).resolve(document);
  } catch (err) {
    throw badInput(`Patch operation ${index} (${operation.op} ${operation.path}) cannot be applied: ${(err as Error).message}`);
  }
}

/**
 * The JSON Pointers of the nodes operation `index`'s JSONPath query selects in `document` (of
 * about `size` values), counted against the budget as they are found. Removals from the last:
 * removing an array element first would move the ones after it.
 */
function selectedPointers(operation: JsonPatchOperation, document: JSONValue, size: number, budget: PatchBudget, index: number): string[] {
  const { op, path } = operation;
  const select = (query: string) => {
    budget.chargeValues(size * queriesOf(query, index), index);
    const pointers: string[] = [];
    try {
      for (const node of jsonpath.lazyQuery(query, document)) {
        budget.chargeOperation(index); // past the bound, refused while selecting
        pointers.push(checkSelectedPointer(node.toPointer().toString(), index));
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw badInput(`Patch operation ${index} has an invalid JSONPath query: ${(err as Error).message}`);
    }
    return pointers;
  };
  const nodes = select(path);
  if (nodes.length) return op === "remove" ? nodes.reverse() : nodes;
  // An `add` may name a member its target lacks yet: the query of the parent, and the member's name.
  const member = /^(.*)\.([A-Za-z_@][\w@]*)$/.exec(path);
  if (op === "add" && member) {
    const parents = select(member[1]!).filter((pointer) => isJsonObject(valueAt(pointer, document, operation, index)));
    if (parents.length) return parents.map((pointer) => `${pointer}/${member[2]!}`);
  }
  throw badInput(`Patch operation ${index}: ${path} selects nothing`);
}

/**
 * The JSON merge patch (RFC 7386) that turns `before` into `after`: changed attributes with their
 * new value (objects as a patch of their own), removed ones as null, unchanged ones absent.
 */
export function mergePatchBetween(before: Json, after: Json): Json {
  const patch: Json = {};
  const set = (key: string, value: unknown) => setOwn(patch, key, value);
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [was, is] = [Object.hasOwn(before, key) ? before[key] : undefined, Object.hasOwn(after, key) ? after[key] : undefined];
    if (is === undefined) {
      if (was !== undefined) set(key, null);
    } else if (isJsonObject(was) && isJsonObject(is)) {
      const nested = mergePatchBetween(was, is);
      if (Object.keys(nested).length) set(key, nested);
    } else if (JSON.stringify(was) !== JSON.stringify(is)) set(key, is);
  }
  return patch;
}
