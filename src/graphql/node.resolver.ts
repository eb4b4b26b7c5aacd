import { isInterfaceType, type FieldNode, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { Field, getMetadataStorage, ID, InterfaceType } from "type-graphql";
import { assertScopes } from "../auth/auth-checker.js";
import { read } from "../auth/scopes.js";
import { badInput } from "../errors.js";
import type { ResourceDescription } from "../resource/description.js";
import type { ColumnSet, ResourceStore } from "../resource/resource-store.js";
import type { Context } from "./context.js";
import { decodeNodeId, NODES_MAX } from "./node-id.js";
import { buildResolver } from "./field-builder.js";
import { selectedColumns } from "./selected-columns.js";

/** The type each row returned as a Node is of (the rows are plain objects of their store). */
const nodeTypes = new WeakMap<object, string>();

/** Relay's Node, as PostGraphile names its id: the TMF `id` stays the resource's own attribute. */
@InterfaceType("Node", {
  description:
    "A resource with a global id (Relay Object Identification): refetch any with `node(nodeId:)`; Relay keys its store on `nodeId` (graphql/clients/relay.ts)",
  resolveType: (row: object) => nodeTypes.get(row),
})
export abstract class Node {
  @Field(() => ID, { description: "Opaque global id: unique across every type of the schema (the TMF `id` is unique within its type only)" })
  nodeId!: string;
}

/**
 * Makes every resource type implement Node: the list comes from the resource descriptions, and each
 * type gets its `nodeId` field from createResourceResolver. Called before the schema is built.
 */
export function implementNode(resources: readonly ResourceDescription[]): void {
  const objectTypes = getMetadataStorage().objectTypes;
  for (const resource of resources) {
    const metadata = objectTypes.find((t) => t.target === resource.type);
    if (metadata?.name !== resource.name) throw new Error(`${resource.name}: no GraphQL object type of that name for its Node`);
    const interfaces = (metadata.interfaceClasses ??= []);
    if (!interfaces.includes(Node)) interfaces.push(Node);
  }
}

/** Per `node`/`nodes` field of a parsed operation, per type: the columns its selection reads of that type's rows. */
const plannedColumns = new WeakMap<FieldNode, Map<string, ColumnSet<never>>>();

/** The columns a node field's selection needs of a `typeName` row (all of them when it goes through fragments it cannot follow). */
function columnsOf<T extends { id: string }>(info: GraphQLResolveInfo, typeName: string, store: ResourceStore<T>): ColumnSet<T> {
  let byType = plannedColumns.get(info.fieldNodes[0]!);
  if (!byType) plannedColumns.set(info.fieldNodes[0]!, (byType = new Map()));
  let columns = byType.get(typeName);
  if (!columns) {
    const returnType = info.schema.getType(typeName) as GraphQLResolveInfo["returnType"];
    byType.set(typeName, (columns = selectedColumns({ ...info, returnType }, store) as unknown as ColumnSet<never>));
  }
  return columns as unknown as ColumnSet<T>;
}

/** type-graphql wraps resolveType in an async function, which graphql-jit cannot await: the plain one replaces it. */
export function usePlainNodeType(schema: GraphQLSchema): GraphQLSchema {
  const node = schema.getType("Node");
  if (isInterfaceType(node)) node.resolveType = (row) => nodeTypes.get(row as object);
  return schema;
}

/** The root fields `node(nodeId)` and `nodes(nodeIds)`, over every resource of `resources`. */
export function createNodeResolver(resources: readonly ResourceDescription[]): Function {
  const byName = new Map(resources.map((r) => [r.name, r]));
  const isNodeType = (name: string) => byName.has(name);

  /** One node: malformed → BAD_USER_INPUT, without its type's read scope → FORBIDDEN, unknown → null. */
  const load = async (nodeId: string, ctx: Context, info: GraphQLResolveInfo): Promise<object | null> => {
    const { typeName, id } = decodeNodeId(nodeId, isNodeType);
    const resource = byName.get(typeName)!;
    assertScopes(ctx.principal.scopes, [read(resource.api.scope)]);
    // The request's by-id loader: the nodes of one type in one request are one statement.
    const store = ctx.services.storeOf(resource);
    const row = await ctx.loaders.one(store, id, columnsOf(info, typeName, store));
    if (row) nodeTypes.set(row, typeName);
    return row;
  };
  // Not the builder's scope check: the scope needed is the type's the nodeId names (checked in `load`).
  return buildResolver("NodeResolver", undefined, [
    {
      name: "node",
      kind: "query",
      returns: () => Node,
      nullable: true,
      description: "The resource with this nodeId (any type), or null when there is none; needs that type's read scope",
      args: [{ name: "nodeId", type: () => ID, description: "A `nodeId` the gateway issued" }],
      plain: true,
      resolve: (_root: unknown, args: { nodeId: string }, ctx: Context, info: GraphQLResolveInfo) => load(args.nodeId, ctx, info),
    },
    {
      name: "nodes",
      kind: "query",
      returns: () => [Node],
      nullable: "items",
      description: `The resources with these nodeIds, in their order (at most ${NODES_MAX}): null where there is none; one statement per type`,
      args: [{ name: "nodeIds", type: () => [ID], description: `At most ${NODES_MAX} nodeIds the gateway issued` }],
      extensions: { sizedBy: "nodeIds", maxItems: NODES_MAX },
      plain: true,
      resolve: (_root: unknown, args: { nodeIds: string[] }, ctx: Context, info: GraphQLResolveInfo) => {
        if (args.nodeIds.length > NODES_MAX) throw badInput(`nodes reads at most ${NODES_MAX} nodeIds, got ${args.nodeIds.length}`);
        // Each id answers for itself: an error (malformed, forbidden) nulls its item only, with its path.
        return Promise.all(args.nodeIds.map((nodeId) => load(nodeId, ctx, info).catch((err: unknown) => err)));
      },
    },
  ]);
}
