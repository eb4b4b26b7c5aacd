import { getNamedType, GraphQLError, isIntrospectionType, type ValidationRule } from "graphql";

/**
 * GRAPHQL_INTROSPECTION off: `__schema`, `__type` and any field of an introspection type are
 * refused while validating, on every carrier (graphql-js's NoSchemaIntrospectionCustomRule, with a
 * message that names the gateway's switch rather than a library's option). `__typename` stays.
 */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    const type = getNamedType(context.getType());
    if (node.name.value === "__schema" || node.name.value === "__type" || (type && isIntrospectionType(type))) {
      context.reportError(
        new GraphQLError(`Introspection is off on this server (GRAPHQL_INTROSPECTION=false): "${node.name.value}" is not allowed`, {
          nodes: node,
          extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "introspection" },
        }),
      );
    }
  },
});
