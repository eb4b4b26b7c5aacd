import type { GraphQLResolveInfo } from "graphql";
import { ID, Int } from "type-graphql";
import { read } from "../auth/scopes.js";
import { fieldOf } from "../resource/attributes.js";
import { eventTypesOf, operationNames, referredResource, referenceTargetOf, restOf, type ResourceDescription } from "../resource/description.js";
import { createListInputs } from "../resource/filter-input.js";
import { collectionPath } from "../tmf/rest-resource.js";
import { ConnectionArgs, connectionPage, createConnectionType, selectsTotalCount } from "./connection.js";
import type { Context } from "./context.js";
import { subscribeTo } from "./event-subscription.js";
import { buildResolver, type FieldSpec } from "./field-builder.js";
import { encodeNodeId } from "./node-id.js";
import { checkPage, PageArgs } from "./page.args.js";
import { FROM_REPLICA } from "./read-routing.js";
import { selectsHref, withHref } from "./ref-href.js";
import { mutationFields } from "./resource-mutations.js";
import { nodeColumns, selectedColumns } from "./selected-columns.js";

type Row = { id: string } & Record<string, unknown>;
type ListArgs = { filter: Record<string, unknown> | null; sort: { field: string; order: string }[] | null };

const EVENT_WORDS: Record<string, string> = {
  CreateEvent: "creation",
  AttributeValueChangeEvent: "changes",
  StateChangeEvent: "state changes",
  StatusChangeEvent: "status changes",
  DeleteEvent: "deletion",
};

/**
 * The GraphQL side every resource derives from its description, as one table of fields (the schema
 * makes a resolver of it per resource of the registry; a module adds its own fields in resolvers of its own):
 * - queries `x(id)`, `xs(filter, offset, limit, sort)`, `xsConnection` and `xsCount(filter)`, with
 *   the `<Type>Filter`/`<Type>Sort` inputs derived from the type, under the API's read scope;
 * - the mutations of its operations under the write scope, handed to the service (resource-mutations.ts);
 * - `href`, and the `href` of each attribute that refers to another resource of the gateway;
 * - `nodeId`, its global id as a Relay Node (node.resolver.ts makes the type implement Node);
 * - `xChanged(id)`, its committed changes, when it changes after its creation.
 */
export function createResourceResolver(resource: ResourceDescription): Function {
  const fields = resourceFields(resource).map((field) => (field.kind === "field" ? field : ownedBy(resource, field)));
  return buildResolver(`${resource.name}Resolver`, resource.type, fields);
}

/** The extension naming the resource a root field belongs to: a deployment serving some resources only keeps theirs (src/schema/served-roots.ts). */
export const OWNER = "resource";

/** `field`, a root field, marked as `resource`'s. */
export const ownedBy = (resource: { name: string }, field: FieldSpec): FieldSpec => ({ ...field, extensions: { ...field.extensions, [OWNER]: resource.name } });

/** The field table of a resource, from its description. */
export function resourceFields(resource: ResourceDescription): FieldSpec[] {
  return [...queryFields(resource), ...ownFields(resource), ...mutationFields(resource), ...changedFields(resource), ...referenceFields(resource)];
}

function queryFields(resource: ResourceDescription): FieldSpec[] {
  const { type, name } = resource;
  const { Filter, Sort } = createListInputs(type, name, resource.storage.separate);
  const names = operationNames(resource);
  const scope = read(resource.api.scope);
  const store = (ctx: Context) => ctx.services.of(resource).store;
  const Connection = createConnectionType(type, name);
  const filter = { name: "filter", type: () => Filter, nullable: true, description: "Only the resources matching every condition" };
  const sort = (description: string) => ({ name: "sort", type: () => [Sort], nullable: true, description });
  return [
    {
      // By id, the hottest read (every REST GET of one resource): a plain resolver.
      name: names.one,
      kind: "query",
      returns: () => type,
      nullable: true,
      description: `The ${name} with this id, or null`,
      args: [{ name: "id", type: () => ID, description: `Identifier of the ${name}` }],
      scope,
      plain: true,
      resolve: (_root: unknown, args: { id: string }, ctx: Context, info: GraphQLResolveInfo) =>
        ctx.loaders.one(store(ctx), args.id, selectedColumns(info, store(ctx))),
    },
    {
      name: names.list,
      kind: "query",
      returns: () => [type],
      description: `${name} resources matching the filter, in sort order`,
      argsType: PageArgs,
      args: [filter, sort("Sort keys, most significant first (default: creation order)")],
      scope,
      extensions: { [FROM_REPLICA]: true },
      resolve: async (_root: unknown, args: PageArgs & ListArgs, ctx: Context, info: GraphQLResolveInfo) => {
        const columns = selectedColumns(info, store(ctx));
        const rows = await store(ctx).list({ ...checkPage(args), filter: args.filter, sort: args.sort }, columns, ctx.reads, ctx.trace);
        ctx.loaders.prime(store(ctx), rows, columns);
        return rows;
      },
    },
    {
      name: `${names.list}Connection`,
      kind: "query",
      returns: () => Connection,
      description: `${name} resources matching the filter, in sort order, a page by cursor (Relay connection)`,
      argsType: ConnectionArgs,
      args: [filter, sort("Sort keys, most significant first (default: creation order); a cursor is valid with the filter and sort it was read with")],
      scope,
      extensions: { [FROM_REPLICA]: true, connection: true },
      resolve: async (_root: unknown, { filter, sort, ...page }: ConnectionArgs & ListArgs, ctx: Context, info: GraphQLResolveInfo) => {
        const columns = nodeColumns(info, store(ctx));
        const list = { filter, sort, count: selectsTotalCount(info) };
        const connection = await connectionPage(store(ctx), page, list, columns, ctx);
        ctx.loaders.prime(store(ctx), connection.rows, columns);
        return connection;
      },
    },
    {
      name: names.count,
      kind: "query",
      returns: () => Int,
      description: `Number of ${name} resources matching the filter, exact up to LIST_COUNT_MAX (10000 by default): counting stops there, and more matches are answered as LIST_COUNT_MAX + 1 ("more than LIST_COUNT_MAX")`,
      args: [filter],
      scope,
      extensions: { [FROM_REPLICA]: true },
      resolve: (_root: unknown, args: ListArgs, ctx: Context) => store(ctx).count(args.filter, ctx.reads, undefined, ctx.trace),
    },
  ];
}

/** `href` and `nodeId`, and the `@type` of a projection of another resource's rows. */
function ownFields(resource: ResourceDescription): FieldSpec[] {
  const path = collectionPath(restOf(resource));
  const projected = resource.projectionOf?.();
  return [
    {
      name: "href",
      kind: "field",
      returns: () => String,
      description: "Absolute URL of this resource in the TMF REST API",
      extensions: { reads: [] },
      plain: true,
      resolve: (found: Row, _args: unknown, ctx: Context) => `${ctx.baseUrl}${path}/${found.id}`,
    },
    {
      // Not a TMF attribute (`graphqlOnly`): REST representations never carry it.
      name: "nodeId",
      kind: "field",
      returns: () => ID,
      description: `Opaque global id of this ${resource.name} (Relay Node): unique across every type of the schema, unlike the TMF id`,
      extensions: { reads: [], graphqlOnly: true },
      plain: true,
      resolve: (found: Row) => encodeNodeId(resource.name, found.id),
    },
    ...(projected
      ? [
          {
            name: "atType",
            kind: "field",
            returns: () => String,
            nullable: true,
            description: `TMF @type: ${resource.name} unless the ${projected.name} was given another sub-type`,
            plain: true,
            resolve: (found: { atType?: string | null }) => (found.atType === projected.name ? resource.name : found.atType),
          } satisfies FieldSpec,
        ]
      : []),
  ];
}

/** A resource that changes after its creation can be watched: its events, as the resource. */
function changedFields(resource: ResourceDescription): FieldSpec[] {
  const eventTypes = eventTypesOf(resource);
  if (!resource.operations.update && !resource.events.state) return [];
  const words = eventTypes.map((t) => EVENT_WORDS[t.slice(resource.name.length)]).join(", ");
  return [
    {
      name: operationNames(resource).changed,
      kind: "subscription",
      returns: () => resource.type,
      description: `The ${words} of ${resource.name} resources as they are committed (of one of them with id)`,
      args: [{ name: "id", type: () => ID, nullable: true, description: `Only this ${resource.name}'s (all when absent)` }],
      scope: read(resource.api.scope),
      subscribe: subscribeTo(resource, eventTypes, { by: "id", arg: "id" }),
      resolve: (found: Row) => found,
    },
  ];
}

/** Each attribute that refers to another resource of the gateway, with the `href` of what it refers to. */
function referenceFields(resource: ResourceDescription): FieldSpec[] {
  return Object.entries(resource.references ?? {})
    .filter(([attribute]) => !attribute.includes("."))
    .map(([attribute, reference]) => {
      const target = referenceTargetOf(reference);
      const field = fieldOf(resource.type, attribute);
      type Ref = { id: string; atReferredType?: string | null } | null;
      return {
        name: attribute,
        kind: "field",
        returns: () => field.type,
        nullable: true,
        description: field.description,
        plain: true,
        resolve: (found: Record<string, Ref>, _args: unknown, ctx: Context, info: GraphQLResolveInfo) => {
          const ref = found[attribute];
          return ref && !selectsHref(info.fieldNodes) ? ref : withHref(ref, restOf(referredResource(target(), ref)), ctx);
        },
      } satisfies FieldSpec;
    });
}
