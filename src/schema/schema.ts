import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildGatewaySchema, printSubgraphSdl } from "../graphql/build-schema.js";
import { servedResources } from "../modules/components.js";
import { createHubResolver } from "../modules/hub/hub.resolver.js";
import { MODULE_RESOLVERS } from "../modules/resolvers.js";
import { PARTS, REGISTRY, tmfApisOf } from "../modules/registry.js";
import type { Registry } from "../modules/services.js";
import { servingOnly } from "./served-roots.js";

/** What a gateway serves: the registry's resources and parts, and the modules' own resolvers beside them. */
export interface AppRegistry extends Registry {
  resolvers: readonly Function[];
}

/** The gateway's registry: every module of src/modules. */
export const APP_REGISTRY: AppRegistry = { resources: REGISTRY, parts: PARTS, resolvers: MODULE_RESOLVERS };

const selections = new Map<string, AppRegistry>();

/** The registry of a deployment serving the ODA Components named (ODA_COMPONENT): one per selection, so its schema is built once. */
export function registryServing(components: readonly string[]): AppRegistry {
  const served = servedResources(components);
  if (!served) return APP_REGISTRY;
  const key = served.map((r) => r.name).join(",");
  let registry = selections.get(key);
  if (!registry) selections.set(key, (registry = { ...APP_REGISTRY, served }));
  return registry;
}

const schemas = new WeakMap<AppRegistry, { schema: Promise<GraphQLSchema>; subgraph?: Promise<string> }>();

function builtOf(registry: AppRegistry) {
  let built = schemas.get(registry);
  if (!built) {
    const resources = registry.resources.map((r) => r.resource);
    const entry: { schema?: Promise<GraphQLSchema>; subgraph?: Promise<string> } = {};
    const sdl = () => (entry.subgraph ??= entry.schema!.then(printSubgraphSdl));
    // The GraphQL machinery (graphql/) applied to a registry and its modules' resolvers (modules/):
    // this layer sits above both, so neither imports the other.
    const served = registry.served;
    const hubs = createHubResolver(tmfApisOf(served ?? resources));
    const schema = buildGatewaySchema({ resources, parts: registry.parts, resolvers: [...registry.resolvers, hubs] }, sdl);
    entry.schema = served ? schema.then((s) => servingOnly(s, served)) : schema;
    schemas.set(registry, (built = entry as { schema: Promise<GraphQLSchema>; subgraph?: Promise<string> }));
  }
  return built;
}

/** The executable schema of a registry (the gateway's by default), built once per registry. */
export function schemaOf(registry: AppRegistry = APP_REGISTRY): Promise<GraphQLSchema> {
  return builtOf(registry).schema;
}

/** The one executable schema, shared by /graphql and the REST layer. Built once per process. */
export function getSchema(): Promise<GraphQLSchema> {
  return schemaOf(APP_REGISTRY);
}

/** The Apollo Federation 2 subgraph SDL (`_service.sdl`), committed as graphql/subgraph.graphql. */
export function subgraphSdl(): Promise<string> {
  const built = builtOf(APP_REGISTRY);
  return (built.subgraph ??= built.schema.then(printSubgraphSdl));
}

/** The SDL committed as graphql/schema.graphql (sorted, so it diffs cleanly). */
export async function schemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
