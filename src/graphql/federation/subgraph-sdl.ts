import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLObjectType, GraphQLSchema, lexicographicSortSchema } from "graphql";

/** The Federation 2 version this subgraph declares, and the directives it uses. */
export const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

/** What the federation spec adds to a subgraph's schema, and leaves out of the SDL it serves. */
const FEDERATION_FIELDS = new Set(["_service", "_entities"]);
const FEDERATION_TYPES = new Set(["_Any", "_Entity", "_Service"]);

/**
 * The subgraph SDL (`_service.sdl`, committed as graphql/subgraph.graphql): the schema without the
 * federation fields and types, printed with its directives (`@key` on every entity), sorted, after
 * the `@link` that makes it a Federation 2 subgraph.
 */
export function printSubgraphSdl(schema: GraphQLSchema): string {
  const config = schema.toConfig();
  const query = schema.getQueryType()!;
  const queryConfig = query.toConfig();
  const fields = Object.fromEntries(Object.entries(queryConfig.fields).filter(([name]) => !FEDERATION_FIELDS.has(name)));
  const subgraph = new GraphQLSchema({
    ...config,
    query: new GraphQLObjectType({ ...queryConfig, fields }),
    types: config.types.filter((type) => type !== query && !FEDERATION_TYPES.has(type.name)),
  });
  return `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(lexicographicSortSchema(subgraph))}\n`;
}
