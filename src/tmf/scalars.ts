import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { GraphQLJSON } from "graphql-scalars";
import { Decimal } from "../db/decimal.js";
import { isMarkedDecimal, markDecimal } from "./exact-json.js";
import { prototypeKeyMessage, prototypeKeyPath } from "./prototype-keys.js";

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const STORED_EXPONENT = /^-?\d+(\.\d+)?e[+-]?\d+$/;
// RFC 3339 date-time, as the TMF swaggers' `format: date-time`.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function invalid(message: string): never {
  throw new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

function toDecimal(value: unknown): Decimal {
  if (typeof value === "number" && Number.isFinite(value)) return new Decimal(String(value));
  if (typeof value === "string" && DECIMAL_TEXT.test(value)) return new Decimal(value);
  return invalid(`Decimal cannot represent ${JSON.stringify(value)}: expected a finite number`);
}

/**
 * Exact decimal (money). Parsed into a decimal.js value (never a binary float); written to JSON as a
 * number whose text is the exact decimal, at any size NUMERIC(20,4) holds (see tmf/exact-json.ts:
 * the serialized value is a marked string that the response writer turns into the bare number).
 */
export const DecimalScalar = new GraphQLScalarType({
  name: "Decimal",
  description: "An exact decimal number (money amounts). Accepts a JSON number or a decimal string.",
  serialize(value) {
    if (isMarkedDecimal(value)) return value; // read for output (resource/row-mapping.ts)
    // A decimal kept in JSON before it was written as plain text may be decimal.js's exponent form.
    if (typeof value === "string" && STORED_EXPONENT.test(value)) return markDecimal(new Decimal(value));
    return markDecimal(Decimal.isDecimal(value) ? value : toDecimal(value));
  },
  parseValue: toDecimal,
  parseLiteral(ast: ValueNode) {
    if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return new Decimal(ast.value);
    if (ast.kind === Kind.STRING) return toDecimal(ast.value);
    return invalid("Decimal literal must be a number or a decimal string");
  },
});

function parseDateTime(value: unknown): string {
  if (typeof value !== "string" || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
    return invalid(`DateTime cannot represent ${JSON.stringify(value)}: expected an RFC 3339 date-time such as 2024-01-31T12:00:00Z`);
  }
  return value;
}

/** RFC 3339 date-time. Given values are kept as written; server-set ones are ISO 8601 UTC. */
export const DateTimeScalar = new GraphQLScalarType({
  name: "DateTime",
  description: "An RFC 3339 date-time, e.g. 2024-01-31T12:00:00.000Z.",
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === "string") return value;
    return invalid("DateTime cannot serialize a non-date value");
  },
  parseValue: parseDateTime,
  parseLiteral(ast: ValueNode) {
    if (ast.kind !== Kind.STRING) return invalid("DateTime literal must be a string");
    return parseDateTime(ast.value);
  },
});

function withoutPrototypeKeys<T>(value: T): T {
  const path = prototypeKeyPath(value, "value");
  return path === undefined ? value : invalid(prototypeKeyMessage("A JSON value", path));
}

/**
 * graphql-scalars' JSON (any JSON value), refusing what the REST body parser refuses: a
 * `__proto__`, `constructor` or `prototype` key at any depth, in a variable or a literal alike.
 * Every JSON field and argument of the schema is this scalar.
 */
export const JsonScalar = new GraphQLScalarType({
  ...GraphQLJSON.toConfig(),
  parseValue: (value) => withoutPrototypeKeys(value),
  parseLiteral: (ast, variables) => withoutPrototypeKeys(GraphQLJSON.parseLiteral(ast, variables)),
});
