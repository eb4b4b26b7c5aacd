import { buildSchema, getVariableValues, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { builtInScalarCheck } from "../../src/http/variable-check.js";

// graphql-js's own coercion is the oracle: the cheap check may say false where it accepts (the
// fast path then asks graphql-js), never true where it refuses.
const schema = buildSchema(`
  enum Color { RED }
  input Filter { id: ID }
  type Query { f(id: ID, s: String, i: Int, x: Float, b: Boolean, c: Color, l: [ID!], o: Filter): Int }
`);
const definitionsOf = (source: string) => (parse(source).definitions[0] as OperationDefinitionNode).variableDefinitions ?? [];

const VALUES: unknown[] = [
  undefined,
  null,
  "",
  "abc",
  "12",
  0,
  1,
  -1,
  1.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  Number.MAX_SAFE_INTEGER,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  ["a"],
  {},
  { id: "a" },
];

describe("builtInScalarCheck", () => {
  for (const source of [
    "query ($v: ID!) { f(id: $v) }",
    "query ($v: ID) { f(id: $v) }",
    "query ($v: String!) { f(s: $v) }",
    'query ($v: String = "d") { f(s: $v) }',
    "query ($v: Int!) { f(i: $v) }",
    "query ($v: Int! = 3) { f(i: $v) }",
    "query ($v: Float) { f(x: $v) }",
    "query ($v: Float!) { f(x: $v) }",
    "query ($v: Boolean!) { f(b: $v) }",
    "query ($v: Boolean) { f(b: $v) }",
  ]) {
    it(`says true exactly where graphql-js accepts the variable: ${source}`, () => {
      const definitions = definitionsOf(source);
      const check = builtInScalarCheck(definitions)!;
      expect(check).toBeDefined();
      for (const value of VALUES) {
        const values = value === undefined ? {} : { v: value };
        const accepted = getVariableValues(schema, definitions, values).errors === undefined;
        expect({ value, check: check(values) }).toEqual({ value, check: accepted });
      }
    });
  }

  it("checks every variable of the operation", () => {
    const definitions = definitionsOf("query ($a: ID!, $b: Int) { f(id: $a, i: $b) }");
    const check = builtInScalarCheck(definitions)!;
    expect(check({ a: "x", b: 1 })).toBe(true);
    expect(check({ a: "x" })).toBe(true);
    expect(check({ a: "x", b: "1" })).toBe(false);
    expect(check({ b: 1 })).toBe(false);
  });

  it("leaves lists, enums, input objects and custom scalars to graphql-js", () => {
    for (const source of ["query ($v: [ID!]) { f(l: $v) }", "query ($v: Color) { f(c: $v) }", "query ($v: Filter) { f(o: $v) }", "query ($v: Decimal) { f }"]) {
      expect(builtInScalarCheck(definitionsOf(source))).toBeUndefined();
    }
  });
});
