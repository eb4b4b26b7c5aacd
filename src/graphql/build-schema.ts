import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema, type NonEmptyArray } from "type-graphql";
import type { PartDescription, ResourceDescription } from "../resource/description.js";
import { createFederationResolver, useEntityTypes } from "./federation/entities.js";
import { printSubgraphSdl } from "./federation/subgraph-sdl.js";
import { createNodeResolver, implementNode, usePlainNodeType } from "./node.resolver.js";
import { usePlainResolvers } from "./field-builder.js";
import { createRelationResolvers } from "./relation.resolvers.js";
import { createResourceResolver } from "./resource.resolver.js";

/** What a schema serves: resources and parts by their descriptions, and the hand-written resolvers beside them. */
export interface SchemaParts {
  resources: readonly ResourceDescription[];
  parts: readonly PartDescription[];
  resolvers: readonly Function[];
}

/** type-graphql has no option for the root types' descriptions. */
function describeRoots(schema: GraphQLSchema): GraphQLSchema {
  schema.getQueryType()!.description = "Reads of the TMF resources (TMF629, TMF666, TMF676, TMF678), with the REST layer's filters, sort and pages";
  schema.getMutationType()!.description = "Writes of the TMF resources, and the TMF630 hub's listener registrations";
  schema.getSubscriptionType()!.description = "Committed changes as they happen (over graphql-ws on /graphql)";
  return schema;
}

/** The resolvers each resource's description yields, once per description (type-graphql keeps them for the process). */
const derived = new WeakMap<ResourceDescription, Function>();

/**
 * The executable schema of some resources: every resource's queries, mutations, subscription and
 * reference fields from its description, the navigations of its relations, Node and the
 * federation entities; `subgraphSdl`: where `_service.sdl` reads the subgraph SDL printed from it.
 */
export function buildGatewaySchema({ resources, parts, resolvers }: SchemaParts, subgraphSdl: () => Promise<string>): Promise<GraphQLSchema> {
  implementNode(resources);
  const own = resources.map((resource) => {
    if (!derived.has(resource)) derived.set(resource, createResourceResolver(resource));
    return derived.get(resource)!;
  });
  return buildSchema({
    resolvers: [
      ...own,
      ...resolvers,
      createFederationResolver(resources, subgraphSdl),
      ...createRelationResolvers([...resources, ...parts]),
      createNodeResolver(resources),
    ] as unknown as NonEmptyArray<Function>,
    validate: false,
    // Every subscription has its own `subscribe` on the cluster-wide EventBus; type-graphql still
    // insists on a PubSub, which nothing uses.
    pubSub: {
      publish: () => {
        throw new Error("publish events through the outbox");
      },
      subscribe: () => {
        throw new Error("subscriptions subscribe through the EventBus");
      },
    },
  })
    .then(usePlainResolvers)
    .then(useEntityTypes)
    .then(usePlainNodeType)
    .then(describeRoots);
}

export { printSubgraphSdl };
