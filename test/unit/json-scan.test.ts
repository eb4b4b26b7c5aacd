import { describe, expect, it } from "vitest";
import { scanJson } from "../../src/http/json-body.js";

describe("scanJson", () => {
  it("counts nesting outside strings only, whatever brackets a string holds", () => {
    expect(scanJson(`{"a":[{"b":1}]}`, 3)).toEqual({ tooDeep: false, unsafeNumber: false });
    expect(scanJson(`{"a":[{"b":[1]}]}`, 3)).toEqual({ tooDeep: true, unsafeNumber: false });
    expect(scanJson(`{"q":"{ a { b { c { d } } } }"}`, 1)).toEqual({ tooDeep: false, unsafeNumber: false });
  });

  it("ends a string at its first unescaped quote: an escaped quote or backslash does not end or hide it", () => {
    // "a\"[[" is one string: its brackets are text.
    expect(scanJson(String.raw`{"s":"a\"[[","t":1}`, 1).tooDeep).toBe(false);
    // "a\\" ends at the quote after the escaped backslash: the brackets after it are structure.
    expect(scanJson(String.raw`{"s":"a\\","t":[[1]]}`, 2).tooDeep).toBe(true);
    expect(scanJson(String.raw`{"s":"a\\\"[[","t":1}`, 1).tooDeep).toBe(false);
    expect(scanJson(String.raw`{"s":"\\\\","t":[[1]]}`, 2).tooDeep).toBe(true);
    expect(scanJson(String.raw`["\\\\\"[[[[", 1]`, 1).tooDeep).toBe(false);
  });

  it("finds a number longer than a double holds outside strings, not inside them", () => {
    expect(scanJson(`{"v":1234567890123456.78}`, 5).unsafeNumber).toBe(true);
    expect(scanJson(`{"v":123456789012345}`, 5).unsafeNumber).toBe(false);
    expect(scanJson(`{"v":"1234567890123456.78"}`, 5).unsafeNumber).toBe(false);
    expect(scanJson(String.raw`{"v":"\"1234567890123456789"}`, 5).unsafeNumber).toBe(false);
  });

  it("reads an unterminated string to the end of the text", () => {
    expect(scanJson(`{"a":"[[[[`, 1)).toEqual({ tooDeep: false, unsafeNumber: false });
    expect(scanJson(String.raw`{"a":"\"`, 1)).toEqual({ tooDeep: false, unsafeNumber: false });
  });
});
