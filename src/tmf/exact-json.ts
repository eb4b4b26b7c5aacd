import { randomBytes } from "node:crypto";
import { isSafeNumber, parse as parseLossless } from "lossless-json";
import { Decimal } from "../db/decimal.js";

/**
 * Money leaves the gateway as the exact decimal literal, as a JSON number: `1234567890123456.78`,
 * not the `1234567890123456.8` a double would print. JSON.stringify cannot write a number it does
 * not hold as a double, so a decimal travels through results as a marked string —
 * `"<marker>1234567890123456.78"` — and `exactJson` turns every marked string of a JSON text into the
 * bare number. The marker is random per process and never leaves it (every JSON text the gateway
 * sends passes through `exactJson`), so no client string can pose as a number.
 */
const MARKER = `~${randomBytes(12).toString("hex")}~`;
const MARKED = new RegExp(`"${MARKER}(-?\\d+(?:\\.\\d+)?)"`, "g");

/** A decimal as it travels inside a result until `exactJson` writes it. */
export function markDecimal(value: Decimal): string {
  return MARKER + value.toFixed();
}

/** A decimal's exact text (`-?digits[.digits]`, no trailing zeros, as `toFixed()` writes it), marked. */
export const markDecimalText = (text: string): string => MARKER + text;

/** Whether `value` is a decimal marked by `markDecimal`/`markDecimalText`. */
export const isMarkedDecimal = (value: unknown): value is string => typeof value === "string" && value.startsWith(MARKER);

/** The exact text of a marked decimal (`-?digits[.digits]`). */
export const markedDecimalText = (value: string): string => value.slice(MARKER.length);

/** `text` (JSON) with every marked decimal written as the exact JSON number. */
export function exactJson(text: string): string {
  return text.includes(MARKER) ? text.replace(MARKED, "$1") : text;
}

/** A service object (Decimal instances, Dates) as plain JSON values, its decimals marked as in a GraphQL result. */
export function markDecimals(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, key, item) {
      const raw = this[key]; // before toJSON(), which would make the decimal a plain string
      return Decimal.isDecimal(raw) ? markDecimal(raw) : item;
    }),
  );
}

/** JSON.stringify for GraphQL results and TMF bodies, whose decimals are already marked. */
export const stringifyResult = (value: unknown): string => exactJson(JSON.stringify(value));

/** Numbers a double cannot hold exactly stay decimal text, which the Decimal scalar reads exactly. */
const exactNumber = (text: string) => (isSafeNumber(text) ? Number(text) : text);

/**
 * JSON.parse that keeps every number exact (lossless-json): a number a double cannot hold is kept
 * as its decimal text. For texts that may carry such numbers (a request body with money written
 * as a long JSON number, an event's stored resource); duplicate keys are refused.
 */
export function parseExact(text: string, reviver?: (key: string, value: unknown) => unknown): unknown {
  return parseLossless(text, reviver, exactNumber);
}

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * JSON.parse of a text the gateway wrote (an event's stored resource) whose every number
 * `stringifyResult` writes back as it is in `text`: as a double where that prints the same, as a
 * marked decimal otherwise (money a double cannot hold).
 */
export function parseVerbatim(text: string): unknown {
  return parseLossless(text, undefined, (number) =>
    String(Number(number)) === number || !PLAIN_DECIMAL.test(number) ? Number(number) : markDecimalText(number),
  );
}

/** A result with its marked decimals as their exact text, for a client that reads JSON as doubles (an MCP tool's structured content). */
export function decimalsAsText(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_key, item) => (isMarkedDecimal(item) ? markedDecimalText(item) : item));
}
