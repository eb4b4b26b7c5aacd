import { badInput } from "../errors.js";
import { setOwn } from "../tmf/prototype-keys.js";
import type { Attribute } from "./attributes.js";

const isMissing = (value: unknown) => value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

/**
 * Fails with BAD_USER_INPUT naming every mandatory attribute (from the swagger's `_Create`) that is
 * missing: absent, null, an empty string or an empty list.
 */
export function requireAttributes(input: object, mandatory: readonly string[], type: string): void {
  const values = input as Record<string, unknown>;
  const missing = mandatory.filter((name) => isMissing(values[name]));
  if (missing.length) throw badInput(`${type}: missing mandatory attribute(s): ${missing.join(", ")}`);
}

/** Longest text attribute backed by an index (a name, a bill number): PostgreSQL's btree entries hold ~2,700 bytes. */
export const INDEXED_TEXT_MAX_LENGTH = 255;
/** Longest text anywhere else in a resource (a description, a characteristic's value…). */
export const TEXT_MAX_LENGTH = 10_000;

/**
 * Every text of `values`, at any depth, within TEXT_MAX_LENGTH characters, and the `indexed`
 * attributes within INDEXED_TEXT_MAX_LENGTH: a longer value is a 400 naming the attribute, never a
 * database error.
 */
export function checkTextLengths(values: object, indexed: readonly string[] = []): void {
  const walk = (value: unknown, path: string, max: number): void => {
    if (typeof value === "string") {
      if (value.length > max) throw badInput(`${path} is longer than ${max} characters`);
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, `${path}[${i}]`, max);
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`, max);
    }
  };
  for (const [name, value] of Object.entries(values)) walk(value, name, indexed.includes(name) ? INDEXED_TEXT_MAX_LENGTH : TEXT_MAX_LENGTH);
}

/** RFC 7386 JSON merge patch: objects merge recursively, null removes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    setOwn(result, key, value === null ? null : mergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value));
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
