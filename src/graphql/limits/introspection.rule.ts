import { getNamedType, GraphQLError, isIntrospectionType, type ValidationRule } from "graphql";

/**
 * GRAPHQL_INTROSPECTION off: `__schema`, `__type` and any field of an introspection type are
 * refused while validating, on every carrier (graphql-js's NoSchemaIntrospectionCustomRule, with a
 * message that names the gateway's switch rather than a library's option). `__typename` stays.
 * `Query._service` (the federation subgraph SDL) spells out the schema as well: refused with them.
 */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    const type = getNamedType(context.getType());
    const subgraphSdl = node.name.value === "_service" && context.getParentType() === context.getSchema().getQueryType();
    if (node.name.value === "__schema" || node.name.value === "__type" || subgraphSdl || (type && isIntrospectionType(type))) {
      context.reportError(
        new GraphQLError(`Introspection is off on this server (GRAPHQL_INTROSPECTION=false): "${node.name.value}" is not allowed`, {
          nodes: node,
          extensions: { code: "GRAPHQL_VALIDATION_FAILED", limit: "introspection" },
        }),
      );
    }
  },
});
