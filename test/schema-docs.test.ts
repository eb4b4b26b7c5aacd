import { isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, type GraphQLArgument, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { getSchema } from "../src/schema/schema.js";

const documented = (description: string | null | undefined) => Boolean(description?.trim());

/**
 * Schema coordinates (`Type`, `Type.field`, `Type.field(arg)`, `Enum.VALUE`) of every element of the
 * schema without a description, graphql's own introspection types aside (the standard scalars
 * String, Int, Boolean, ID carry graphql-js's descriptions and are checked like the others).
 */
function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const args = (coordinate: string, list: readonly GraphQLArgument[]) => {
    for (const arg of list) if (!documented(arg.description)) missing.push(`${coordinate}(${arg.name})`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type)) continue;
    if (!documented(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        const coordinate = `${type.name}.${field.name}`;
        if (!documented(field.description)) missing.push(coordinate);
        if ("args" in field) args(coordinate, field.args);
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) if (!documented(value.description)) missing.push(`${type.name}.${value.name}`);
    }
  }
  for (const directive of schema.getDirectives()) args(`@${directive.name}`, directive.args);
  return missing.sort();
}

describe("schema documentation", () => {
  it("describes every type, field, argument, input field, enum value and scalar", async () => {
    const missing = undocumented(await getSchema());
    expect(missing, `${missing.length} schema elements have no description:\n${missing.join("\n")}`).toEqual([]);
  });
});
