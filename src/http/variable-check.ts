import { Kind, type TypeNode, type VariableDefinitionNode } from "graphql";

const INT_MAX = 2_147_483_647;
const INT_MIN = -2_147_483_648;

/** What graphql-js 16's parseValue of each built-in scalar accepts (a value it refuses is an error there). */
const ACCEPTS: Record<string, (value: unknown) => boolean> = {
  ID: (v) => typeof v === "string" || (typeof v === "number" && Number.isInteger(v)),
  String: (v) => typeof v === "string",
  Int: (v) => typeof v === "number" && Number.isInteger(v) && v <= INT_MAX && v >= INT_MIN,
  Float: (v) => typeof v === "number" && Number.isFinite(v),
  Boolean: (v) => typeof v === "boolean",
};

interface Plain {
  name: string;
  required: boolean;
  hasDefault: boolean;
  accepts: (value: unknown) => boolean;
}

/**
 * For an operation whose variables are all of the built-in scalars, nullable or not (`$id: ID!`,
 * `$limit: Int`): a check that says true only where graphql-js's coercion (getVariableValues) finds
 * no error — without building its coerced copy and error list on every request. Anything else (a
 * list, an enum, an input object, a custom scalar): undefined, graphql-js decides.
 */
export function builtInScalarCheck(definitions: readonly VariableDefinitionNode[]): ((values: Readonly<Record<string, unknown>>) => boolean) | undefined {
  const plain: Plain[] = [];
  for (const definition of definitions) {
    const type: TypeNode = definition.type;
    const named = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
    if (named.kind !== Kind.NAMED_TYPE) return undefined;
    const accepts = Object.hasOwn(ACCEPTS, named.name.value) ? ACCEPTS[named.name.value] : undefined;
    if (!accepts) return undefined;
    plain.push({
      name: definition.variable.name.value,
      required: type.kind === Kind.NON_NULL_TYPE,
      hasDefault: definition.defaultValue !== undefined,
      accepts,
    });
  }
  return (values) => {
    for (const { name, required, hasDefault, accepts } of plain) {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (value === undefined) {
        if (required && !hasDefault) return false;
      } else if (value === null) {
        if (required) return false;
      } else if (!accepts(value)) return false;
    }
    return true;
  };
}
