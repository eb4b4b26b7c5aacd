import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { Extensions } from "type-graphql";
import type { Context } from "./context.js";

// A plain resolver with the arguments GraphQL passes it (any: each field's own shapes).
// biome-ignore lint/suspicious/noExplicitAny: each field has its own source and argument shapes
export type PlainResolver = GraphQLFieldResolver<any, Context, any>;

const KEY = "plainResolver";

/**
 * Marks a field resolver declared with type-graphql (which gives the field its type, arguments and
 * description) to run as the plain GraphQL function `resolve` once the schema is built. For the
 * fields resolved once per row — `href`s, references, navigations — type-graphql's per-call
 * machinery (parameter lists, its class instance per row, an async middleware chain for
 * `@Authorized`) cost more than the resolvers themselves; such a resolver checks its scope itself.
 */
export function Plain(resolve: PlainResolver): MethodDecorator {
  return Extensions({ [KEY]: resolve });
}

/** Sets every marked field's plain resolver on the built schema. */
export function usePlainResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.extensions?.[KEY];
      if (typeof resolve === "function") field.resolve = resolve as PlainResolver;
    }
  }
  return schema;
}
