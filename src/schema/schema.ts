import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildGatewaySchema, printSubgraphSdl, type SchemaParts } from "../graphql/build-schema.js";
import { MODULE_RESOLVERS } from "../modules/resolvers.js";
import { PARTS, RESOURCES } from "../modules/registry.js";

/**
 * The gateway's schema: the GraphQL machinery (graphql/) applied to the registry and the modules'
 * own resolvers (modules/). This layer sits above both, so neither imports the other's top.
 */
export const GATEWAY: SchemaParts = { resources: RESOURCES, parts: PARTS, resolvers: MODULE_RESOLVERS };

let built: Promise<GraphQLSchema> | undefined;
let subgraph: Promise<string> | undefined;

/** The one executable schema, shared by /graphql and the REST layer. Built once per process. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildGatewaySchema(GATEWAY, subgraphSdl);
  return built;
}

/** The Apollo Federation 2 subgraph SDL (`_service.sdl`), committed as graphql/subgraph.graphql. */
export function subgraphSdl(): Promise<string> {
  subgraph ??= getSchema().then(printSubgraphSdl);
  return subgraph;
}

/** The SDL committed as graphql/schema.graphql (sorted, so it diffs cleanly). */
export async function schemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
