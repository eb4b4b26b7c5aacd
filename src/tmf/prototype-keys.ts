import { badInput } from "../errors.js";

// The one policy on prototype keys, for every carrier: REST bodies (http/json-body.ts), GraphQL JSON
// values (tmf/scalars.ts JsonScalar, variables and literals alike), JSON Patch paths and values and
// JSONPath queries (resource/json-patch.ts). On the way out, objects built from stored keys use `setOwn`.

/** Keys never accepted in client JSON: each names, or reaches, an object's prototype. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Where `value` holds a prototype key, at any depth (`characteristic[0].value.__proto__`), or
 * undefined. Iterative: a deeply nested value cannot overflow the stack.
 */
export function prototypeKeyPath(value: unknown, root = ""): string | undefined {
  return hasPrototypeKey(value) ? pathOfPrototypeKey(value, root) : undefined;
}

/** The common case, every request body: no key is one, found without building a path per value. */
function hasPrototypeKey(value: unknown): boolean {
  const pending = [value];
  while (pending.length) {
    const item = pending.pop();
    if (item === null || typeof item !== "object") continue;
    if (Array.isArray(item)) {
      for (const element of item) pending.push(element);
      continue;
    }
    for (const key in item) {
      if (!Object.hasOwn(item, key)) continue;
      if (PROTOTYPE_KEYS.has(key)) return true;
      pending.push((item as Record<string, unknown>)[key]);
    }
  }
  return false;
}

function pathOfPrototypeKey(value: unknown, root: string): string | undefined {
  const pending: [unknown, string][] = [[value, root]];
  while (pending.length) {
    const [item, path] = pending.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (Array.isArray(item)) {
      for (const [i, element] of item.entries()) pending.push([element, `${path}[${i}]`]);
      continue;
    }
    for (const key of Object.keys(item)) {
      const at = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return at;
      pending.push([(item as Record<string, unknown>)[key], at]);
    }
  }
  return undefined;
}

export const prototypeKeyMessage = (what: string, path: string) =>
  `${what} cannot hold the key ${path}: __proto__, constructor and prototype keys are not accepted`;

/** A 400 when `value` holds a prototype key anywhere, naming where. */
export function refusePrototypeKeys(value: unknown, what: string, root = ""): void {
  const path = prototypeKeyPath(value, root);
  if (path !== undefined) throw badInput(prototypeKeyMessage(what, path));
}

/**
 * `target[key] = value` as an own data property, whatever the key: assigning `__proto__` on a plain
 * object would set its prototype instead (a stored key must never do that).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
