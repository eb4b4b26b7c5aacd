import { describe, expect, it } from "vitest";
import { parseVerbatim, stringifyResult } from "../../src/tmf/exact-json.js";

describe("parseVerbatim", () => {
  it("parses a text the gateway wrote so that stringifyResult writes every number back as it was", () => {
    const text = `{"value":1234567890123456.78,"big":1e+21,"small":1e-7,"plain":10.5,"whole":100,"negative":-0.0001,"list":[12345678901234567890,0.1]}`;
    expect(stringifyResult(parseVerbatim(text))).toBe(text);
  });

  it("gives numbers a double holds as numbers (a later version's shapes read them)", () => {
    expect(parseVerbatim(`{"a":10.5,"b":[1,2]}`)).toEqual({ a: 10.5, b: [1, 2] });
  });
});
