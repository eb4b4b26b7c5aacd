import { badInput } from "../errors.js";
import type { Attribute } from "./attributes.js";

/** Fails with BAD_USER_INPUT naming every mandatory attribute (from the swagger's `_Create`) that is missing. */
export function requireAttributes(input: object, mandatory: readonly string[], type: string): void {
  const values = input as Record<string, unknown>;
  const missing = mandatory.filter((name) => values[name] === undefined || values[name] === null || values[name] === "");
  if (missing.length) throw badInput(`${type}: missing mandatory attribute(s): ${missing.join(", ")}`);
}

/** RFC 7386 JSON merge patch: objects merge recursively, null removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) result[key] = null;
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date) && !isDecimal(value);
}

function isDecimal(value: object): boolean {
  return typeof (value as { toFixed?: unknown }).toFixed === "function" && "d" in value;
}

/** Every reference attribute (or element of a list of references) must name the entity it refers to. */
export function requireReferenceIds(input: object, attributes: Attribute[]): void {
  const values = input as Record<string, unknown>;
  for (const { name, kind, list } of attributes) {
    const value = values[name];
    if (kind !== "ref" || value == null) continue;
    const refs = (list && Array.isArray(value) ? value : [value]) as { id?: unknown }[];
    refs.forEach((ref, i) => {
      if (typeof ref?.id !== "string" || ref.id === "") throw badInput(`${name}${list ? `[${i}]` : ""}.id is mandatory`);
    });
  }
}
