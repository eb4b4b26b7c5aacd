import { badInput } from "../errors.js";
import { refusePrototypeKeys } from "../tmf/prototype-keys.js";

// What one JSON Patch (or JSON Patch Query) may cost, decided before or while it is applied, so that
// the CPU and memory of a PATCH are bounded whatever the document and the operations.

/** Operations one patch may carry, as the client sends them. */
export const MAX_PATCH_OPERATIONS = 100;
/** Operations a patch applies, a JSON Patch Query operation counting once per node its query selects. */
export const MAX_EXPANDED_OPERATIONS = 1_000;
/**
 * JSON values (objects, arrays, scalars) a patch may visit or write: each JSONPath evaluation counts
 * the document's values once per query it holds (the path and every `@` query of its filters), each
 * value added, replaced or copied counts its own. About 200 ms of CPU at the worst.
 */
export const MAX_PATCH_VALUES = 200_000;
const MAX_PATH_LENGTH = 512;

/** Pointer segments never followed: a patch must not reach an object's prototype. */
const FORBIDDEN_SEGMENTS = /(^|\/)(__proto__|prototype|constructor)(\/|$)/;
const PROTOTYPE_WORDS = /__proto__|prototype|constructor/;
/** JSONPath's regular-expression functions are refused: a crafted pattern could take unbounded time. */
const REGEX_FUNCTIONS = /\b(match|search)\s*\(/;

/** What a patch has spent so far; `charge` refuses the patch once a bound is passed. */
export class PatchBudget {
  private values = 0;
  private operations = 0;
  /** Values added so far: what the document may have grown by. */
  written = 0;

  /** `count` more values visited (or `written`) by operation `index`. */
  chargeValues(count: number, index: number, written = false): void {
    this.values += count;
    if (written) this.written += count;
    if (this.values > MAX_PATCH_VALUES) {
      throw badInput(
        `Patch operation ${index}: the patch would visit or write more than ${MAX_PATCH_VALUES} JSON values (each query evaluates the whole resource)`,
      );
    }
  }

  /** One more operation to apply, of client operation `index`. */
  chargeOperation(index: number): void {
    if (++this.operations > MAX_EXPANDED_OPERATIONS) {
      throw badInput(`Patch operation ${index}: a patch applies at most ${MAX_EXPANDED_OPERATIONS} operations, counting one per node each query selects`);
    }
  }
}

/** JSON values in `value` (itself included), counted up to `limit + 1`. */
export function countValues(value: unknown, limit: number): number {
  let count = 0;
  const pending = [value];
  while (pending.length && count <= limit) {
    const item = pending.pop();
    count++;
    if (item !== null && typeof item === "object") for (const child of Object.values(item)) pending.push(child);
  }
  return count;
}

/** A 400 unless operation `index`'s pointers stay short and off prototypes, and its value holds no prototype key. */
export function checkOperation(operation: { path: string; from?: string; value?: unknown }, index: number): void {
  for (const pointer of [operation.path, operation.from]) {
    if (pointer !== undefined && (typeof pointer !== "string" || pointer.length > MAX_PATH_LENGTH || FORBIDDEN_SEGMENTS.test(pointer))) {
      throw badInput(`Patch operation ${index} has a path that is too long or reaches a prototype`);
    }
  }
  refusePrototypeKeys(operation.value, `Patch operation ${index}'s value`, "value");
}

/** A 400 for a pointer a query made that reaches a prototype (a key an old row may hold). */
export function checkSelectedPointer(pointer: string, index: number): string {
  if (FORBIDDEN_SEGMENTS.test(pointer)) throw badInput(`Patch operation ${index} selects ${pointer}, which reaches a prototype`);
  return pointer;
}

/**
 * How many queries evaluating JSONPath `path` runs (itself, and each `@` query of its filters),
 * after refusing what could cost more than a walk of the document per query: `match()` and
 * `search()` (a crafted pattern backtracks), a descendant segment `..` (with a filter, a walk of
 * every node's subtree: 0.7 s for one operation on a customer of 6,000 characteristics), an
 * absolute query (`$`) inside a filter (a walk from the root per node tested), and a name reaching
 * a prototype.
 */
export function queriesOf(path: string, index: number): number {
  if (REGEX_FUNCTIONS.test(path)) throw badInput(`Patch operation ${index}: match() and search() are not accepted in a path`);
  if (PROTOTYPE_WORDS.test(path)) throw badInput(`Patch operation ${index}: a path cannot name __proto__, constructor or prototype`);
  let queries = 1;
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (c === "'" || c === '"') {
      for (i++; i < path.length && path[i] !== c; i++) if (path[i] === "\\") i++;
    } else if (c === "@") queries++;
    else if (c === "$") throw badInput(`Patch operation ${index}: a filter of a path cannot hold an absolute query ($)`);
    else if (c === "." && path[i + 1] === ".") throw badInput(`Patch operation ${index}: descendant segments (..) are not accepted in a path`);
  }
  return queries;
}
