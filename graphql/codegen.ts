// GraphQL Code Generator for clients of this gateway: `npm run codegen` writes
// graphql/generated/operations.ts, the TypeScript types of graphql/examples/ against
// graphql/schema.graphql. In a client's repository: copy this file, point `schema` at a copy of
// schema.graphql (or at the running gateway's /graphql, with GRAPHQL_INTROSPECTION on) and
// `documents` at its own operations. test/codegen.test.ts runs it and `tsc --strict` on the output.
import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * The custom scalars as a client receives them from JSON.parse, and may send them.
 * - `Decimal` (money) is written as a JSON number whose text is the exact decimal; a decimal string
 *   is accepted on input, and is the way to send more digits than a double holds exactly. A client
 *   whose JSON parser keeps such numbers exact (as strings, say) maps the output to what it gives.
 * - `DateTime` is an RFC 3339 string both ways.
 * - `JSON` is any JSON value: `JsonValue`, declared at the top of the generated file.
 */
export const SCALARS: Record<string, { input: string; output: string }> = {
  Decimal: { input: "string | number", output: "number" },
  DateTime: { input: "string", output: "string" },
  JSON: { input: "JsonValue", output: "JsonValue" },
  // Federation's entity representation (`_entities(representations:)`), what a router sends.
  _Any: { input: "{ __typename: string; [field: string]: JsonValue }", output: "JsonValue" },
};

const JSON_VALUE = "export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };";

/** The generation of `documents` against `schema` into `output` (one file). */
export function codegenConfig(schema: string, documents: string | string[], output: string, scalars = SCALARS): CodegenConfig {
  return {
    schema,
    documents,
    overwrite: true,
    silent: true,
    generates: {
      [output]: {
        plugins: [{ add: { content: JSON_VALUE } }, "typescript-operations"],
        config: {
          scalars,
          // A scalar added to the schema without its mapping here stops the generation.
          strictScalars: true,
          // String unions rather than TypeScript enums: types only, nothing emitted at run time.
          enumsAsTypes: true,
          useTypeImports: true,
        },
      },
    },
  };
}

export default codegenConfig("graphql/schema.graphql", "graphql/examples/*.graphql", "graphql/generated/operations.ts");
