import type { GraphQLResolveInfo } from "graphql";
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Extensions,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  registerEnumType,
} from "type-graphql";
import { assertScopes } from "../auth/auth-checker.js";
import { read, write } from "../auth/scopes.js";
import { fieldOf } from "../resource/attributes.js";
import { asTmfJson } from "../resource/contract.js";
import { eventTypesOf, operationNames, referredResource, restOf, restVersionsOf, type ResourceDescription } from "../resource/description.js";
import { jsonPatchOfVersion, versionPlan } from "../resource/versions.js";
import { fromTmf } from "../tmf/tmf-json.js";
import { createListInputs } from "../resource/filter-input.js";
import { collectionPath } from "../tmf/rest-resource.js";
import { FROM_REPLICA } from "./read-routing.js";
import { JsonPatchOperationInput } from "./json-patch.input.js";
import type { Context } from "./context.js";
import { subscribeTo } from "./event-subscription.js";
import { checkPage, PageArgs } from "./page.args.js";
import { Plain, type PlainResolver } from "./plain-resolvers.js";
import { selectsHref, withHref } from "./ref-href.js";
import { encodeNodeId } from "./node-id.js";
import { nodeColumns, selectedColumns } from "./selected-columns.js";
import { ConnectionArgs, connectionPage, createConnectionType } from "./connection.js";

type Method = (...args: never[]) => unknown;

const EVENT_WORDS: Record<string, string> = {
  CreateEvent: "creation",
  AttributeValueChangeEvent: "changes",
  StateChangeEvent: "state changes",
  StatusChangeEvent: "status changes",
  DeleteEvent: "deletion",
};

/**
 * The GraphQL side every resource derives from its description, as a type-graphql resolver (the
 * schema makes one per resource of the registry; a module adds its own fields in resolvers of its own):
 * - queries `x(id)`, `xs(filter, offset, limit, sort)` and `xsCount(filter)`, with the
 *   `<Type>Filter`/`<Type>Sort` inputs derived from the type, under the API's read scope;
 * - the mutations of its operations (`createX(input[, idempotencyKey])`, `updateX(id, patch)`,
 *   `deleteX(id)`) under the write scope, handed to the service;
 * - `href`, and the `href` of each attribute that refers to another resource of the gateway;
 * - `nodeId`, its global id as a Relay Node (node.resolver.ts makes the type implement Node).
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: one class of decorated members per resource; splitting it waits for fields declared one way (issue 30)
export function createResourceResolver<T extends { id: string }>(resource: ResourceDescription<T>) {
  const { type } = resource;
  const { Filter, Sort } = createListInputs(type, resource.name, resource.storage.separate);
  const Connection = createConnectionType(type, resource.name);
  const names = operationNames(resource);
  const path = collectionPath(restOf(resource));
  const readScope = read(resource.api.scope);
  const service = (ctx: Context) => ctx.services.of(resource);
  const store = (ctx: Context) => service(ctx).store;
  const href: PlainResolver = (found: T, _args, ctx: Context) => `${ctx.baseUrl}${path}/${found.id}`;
  const nodeId: PlainResolver = (found: T) => encodeNodeId(resource.name, found.id);
  // By id, the hottest read (every REST GET of one resource): a plain resolver, its scope checked
  // here as @Authorized does, without type-graphql's per-call middleware chain and argument promises.
  const readScopes = [readScope];
  const one: PlainResolver = (_root, args: { id: string }, ctx: Context, info: GraphQLResolveInfo) => {
    assertScopes(ctx.principal.scopes, readScopes);
    return ctx.loaders.one(store(ctx), args.id, selectedColumns(info, store(ctx)));
  };

  @Resolver(() => type)
  class ResourceResolver {
    @Authorized(readScope)
    @Plain(one)
    @Query(() => type, { name: names.one, nullable: true, description: `The ${resource.name} with this id, or null` })
    async one(
      @Arg("id", () => ID, { description: `Identifier of the ${resource.name}` }) id: string,
      @Ctx() ctx: Context,
      @Info() info: GraphQLResolveInfo,
    ): Promise<T | null> {
      return ctx.loaders.one(store(ctx), id, selectedColumns(info, store(ctx)));
    }

    @Authorized(readScope)
    @Extensions({ [FROM_REPLICA]: true })
    @Query(() => [type], { name: names.list, description: `${resource.name} resources matching the filter, in sort order` })
    async list(
      @Args(() => PageArgs) page: PageArgs,
      @Arg("filter", () => Filter, { nullable: true, description: "Only the resources matching every condition" }) filter: Record<string, unknown> | null,
      @Arg("sort", () => [Sort], { nullable: true, description: "Sort keys, most significant first (default: creation order)" })
      sort: { field: string; order: string }[] | null,
      @Ctx() ctx: Context,
      @Info() info: GraphQLResolveInfo,
    ): Promise<T[]> {
      const columns = selectedColumns(info, store(ctx));
      const rows = await store(ctx).list({ ...checkPage(page), filter, sort }, columns, ctx.reads);
      ctx.loaders.prime(store(ctx), rows, columns);
      return rows;
    }

    @Authorized(readScope)
    @Extensions({ [FROM_REPLICA]: true, connection: true })
    @Query(() => Connection, {
      name: `${names.list}Connection`,
      description: `${resource.name} resources matching the filter, in sort order, a page by cursor (Relay connection)`,
    })
    async connection(
      @Args(() => ConnectionArgs) page: ConnectionArgs,
      @Arg("filter", () => Filter, { nullable: true, description: "Only the resources matching every condition" }) filter: Record<string, unknown> | null,
      @Arg("sort", () => [Sort], {
        nullable: true,
        description: "Sort keys, most significant first (default: creation order); a cursor is valid with the filter and sort it was read with",
      })
      sort: { field: string; order: string }[] | null,
      @Ctx() ctx: Context,
      @Info() info: GraphQLResolveInfo,
    ) {
      const columns = nodeColumns(info, store(ctx));
      const { edges, pageInfo, rows } = await connectionPage(store(ctx), page, { filter, sort }, columns, ctx.reads);
      ctx.loaders.prime(store(ctx), rows, columns);
      return { edges, pageInfo };
    }

    @Authorized(readScope)
    @Extensions({ [FROM_REPLICA]: true })
    @Query(() => Int, {
      name: names.count,
      description: `Number of ${resource.name} resources matching the filter, exact up to LIST_COUNT_MAX (10000 by default): counting stops there, and more matches are answered as LIST_COUNT_MAX + 1 ("more than LIST_COUNT_MAX")`,
    })
    count(
      @Arg("filter", () => Filter, { nullable: true, description: "Only the resources matching every condition" }) filter: Record<string, unknown> | null,
      @Ctx() ctx: Context,
    ) {
      return store(ctx).count(filter, ctx.reads);
    }

    @Extensions({ reads: [] })
    @Plain(href)
    @FieldResolver(() => String, { description: "Absolute URL of this resource in the TMF REST API" })
    href(@Root() found: T, @Ctx() ctx: Context): string {
      return href(found, {}, ctx, undefined as never) as string;
    }

    // Not a TMF attribute (`graphqlOnly`): REST representations never carry it.
    @Extensions({ reads: [], graphqlOnly: true })
    @Plain(nodeId)
    @FieldResolver(() => ID, {
      description: `Opaque global id of this ${resource.name} (Relay Node): unique across every type of the schema, unlike the TMF id`,
    })
    nodeId(@Root() found: T): string {
      return nodeId(found, {}, undefined as never, undefined as never) as string;
    }
  }

  const proto = ResourceResolver.prototype as unknown as Record<string, Method>;
  const define = (name: string, method: Method) => {
    Object.defineProperty(proto, name, { value: method, writable: true, configurable: true });
    return Object.getOwnPropertyDescriptor(proto, name)!;
  };
  const mutation = (name: string, method: Method, returns: () => unknown, description: string) => {
    const descriptor = define(name, method);
    Authorized(write(resource.api.scope))(proto, name, descriptor);
    Mutation(returns as () => typeof type, { name: names[name as "create"], description })(proto, name, descriptor);
  };
  const idArg = (name: string) => Arg("id", () => ID, { description: `Identifier of the ${resource.name}` })(proto, name, 0);

  const { create, update, delete: remove } = resource.operations;
  if (create?.idempotent) {
    mutation(
      "create",
      (input: never, key: string | null, ctx: Context) =>
        service(ctx).create!(input, ctx.baseUrl, key === null || key === undefined ? null : { key, owner: ctx.principal.id }),
      () => type,
      create.description,
    );
    Arg("input", () => create.input, { description: `The new ${resource.name}` })(proto, "create", 0);
    Arg("idempotencyKey", () => String, { nullable: true, description: create.idempotent })(proto, "create", 1);
    Ctx()(proto, "create", 2);
  } else if (create) {
    mutation(
      "create",
      (input: never, ctx: Context) => service(ctx).create!(input, ctx.baseUrl),
      () => type,
      create.description,
    );
    Arg("input", () => create.input, { description: `The new ${resource.name}` })(proto, "create", 0);
    Ctx()(proto, "create", 1);
  }
  if (update) {
    mutation(
      "update",
      (id: string, patch: object, ctx: Context) => service(ctx).update!(id, patch, ctx.baseUrl),
      () => type,
      update.description,
    );
    idArg("update");
    Arg("patch", () => update.patch, { description: "JSON merge patch (RFC 7386): null removes an attribute" })(proto, "update", 1);
    Ctx()(proto, "update", 2);
  }
  const versions = restVersionsOf(resource).flatMap((rest) => (rest.version ? [rest.version] : []));
  if (update && versions.length) {
    // JSON Patch is defined on a representation: the operations name the attributes of one version.
    const Representation = Object.fromEntries(versions.map((v) => [v.label, v.label]));
    registerEnumType(Representation, {
      name: `${resource.name}Representation`,
      description: `The API versions a ${resource.name} is represented in (JSON Patch paths are a representation's)`,
      valuesConfig: Object.fromEntries(versions.map((v) => [v.label, { description: `As ${v.projection.contract} represents it` }])),
    });
    const plans = new Map(versions.map((v) => [v.label, versionPlan(v.projection)]));
    const patch = (id: string, operations: JsonPatchOperationInput[], representation: string, query: boolean | null, ctx: Context) => {
      const plan = plans.get(representation)!;
      const ops = operations.map(({ from, value, ...op }) => ({ ...op, ...(from != null && { from }), ...(value !== undefined && { value }) }));
      return service(ctx).update!(
        id,
        (found: T) => fromTmf(jsonPatchOfVersion(plan, asTmfJson(found) as Record<string, unknown>, ops, Boolean(query))) as object,
        ctx.baseUrl,
      );
    };
    mutation(
      "patch",
      patch,
      () => type,
      `Applies a JSON Patch (RFC 6902; TMF630 JSON Patch Query with query) to a ${resource.name} as one API version represents it`,
    );
    idArg("patch");
    Arg("operations", () => [JsonPatchOperationInput], { description: "The operations, applied in order, all or none" })(proto, "patch", 1);
    Arg("representation", () => Representation, { description: "The API version whose representation the paths name" })(proto, "patch", 2);
    Arg("query", () => Boolean, { nullable: true, description: "Paths starting with $ are JSONPath queries (application/json-patch-query+json)" })(
      proto,
      "patch",
      3,
    );
    Ctx()(proto, "patch", 4);
  }
  if (remove) {
    mutation(
      "delete",
      async (id: string, ctx: Context) => {
        await service(ctx).delete!(id, ctx.baseUrl);
        return true;
      },
      () => Boolean,
      remove.description,
    );
    idArg("delete");
    Ctx()(proto, "delete", 1);
  }

  const projected = resource.projectionOf?.();
  if (projected) {
    const atType: PlainResolver = (found: { atType?: string | null }) => (found.atType === projected.name ? resource.name : found.atType);
    const descriptor = define("atType", (found: { atType?: string | null }) => atType(found, {}, undefined as never, undefined as never));
    Plain(atType)(proto, "atType", descriptor);
    FieldResolver(() => String, { nullable: true, description: `TMF @type: ${resource.name} unless the ${projected.name} was given another sub-type` })(
      proto,
      "atType",
      descriptor,
    );
    Root()(proto, "atType", 0);
  }

  // A resource that changes after its creation can be watched: its events, as the resource.
  const eventTypes = eventTypesOf(resource);
  if (resource.operations.update || resource.events.state) {
    const descriptor = define("changed", (found: T) => found);
    Authorized(readScope)(proto, "changed", descriptor);
    Subscription(() => type, {
      name: names.changed,
      description: `The ${eventTypes.map((t) => EVENT_WORDS[t.slice(resource.name.length)]).join(", ")} of ${resource.name} resources as they are committed (of one of them with id)`,
      subscribe: subscribeTo(eventTypes, { by: "id", arg: "id" }),
    })(proto, "changed", descriptor);
    Root()(proto, "changed", 0);
    Arg("id", () => ID, { nullable: true, description: `Only this ${resource.name}'s (all when absent)` })(proto, "changed", 1);
  }

  for (const [attribute, target] of Object.entries(resource.references ?? {})) {
    const field = fieldOf(type, attribute);
    const reference: PlainResolver = (
      found: Record<string, { id: string; atReferredType?: string | null } | null>,
      _args,
      ctx: Context,
      info?: GraphQLResolveInfo,
    ) => {
      const ref = found[attribute];
      return ref && info && !selectsHref(info.fieldNodes) ? ref : withHref(ref, restOf(referredResource(target(), ref)), ctx);
    };
    const descriptor = define(attribute, (found: Record<string, { id: string } | null>, ctx: Context) => reference(found, {}, ctx, undefined as never));
    Plain(reference)(proto, attribute, descriptor);
    FieldResolver(() => field.type as never, { nullable: true, description: field.description })(proto, attribute, descriptor);
    Root()(proto, attribute, 0);
    Ctx()(proto, attribute, 1);
  }
  return ResourceResolver;
}
