import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { read, type Api } from "../auth/scopes.js";
import { createListInputs } from "../resource/filter-input.js";
import type { ResourceStore } from "../resource/resource-store.js";
import { collectionPath, type RestResource } from "../tmf/rest-resource.js";
import type { Context } from "./context.js";
import { checkPage, PageArgs } from "./page.args.js";

type Class<T = unknown> = abstract new (...args: never[]) => T;

interface ResourceResolverOptions<T extends { id: string }> {
  type: Class<T>;
  rest: RestResource;
  /** The TMF API whose read scope the queries need. */
  api: Api;
  store: (ctx: Context) => ResourceStore<T>;
}

/**
 * The read side every resource shares — `x(id)`, `xs(filter, offset, limit, sort)`, `xsCount(filter)`
 * with the `<Type>Filter`/`<Type>Sort` inputs derived from the type, and the derived `href` — as an
 * abstract type-graphql resolver each module extends.
 */
export function createResourceResolver<T extends { id: string }>(options: ResourceResolverOptions<T>) {
  const { type, rest, store, api } = options;
  const { Filter, Sort } = createListInputs(type, rest.type);
  const { one, list, count } = rest.queries;
  const path = collectionPath(rest);

  @Resolver(() => type)
  abstract class ResourceResolver {
    @Authorized(read(api))
    @Query(() => type, { name: one, nullable: true, description: `The ${rest.type} with this id, or null` })
    async one(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<T | null> {
      return ctx.loaders.byId(store(ctx)).load(id);
    }

    @Authorized(read(api))
    @Query(() => [type], { name: list, description: `${rest.type} resources matching the filter, in sort order` })
    async list(
      @Args(() => PageArgs) page: PageArgs,
      @Arg("filter", () => Filter, { nullable: true }) filter: Record<string, unknown> | null,
      @Arg("sort", () => [Sort], { nullable: true }) sort: { field: string; order: string }[] | null,
      @Ctx() ctx: Context,
    ): Promise<T[]> {
      const rows = await store(ctx).list({ ...checkPage(page), filter, sort });
      ctx.loaders.prime(store(ctx), rows);
      return rows;
    }

    @Authorized(read(api))
    @Query(() => Int, { name: count, description: `Number of ${rest.type} resources matching the filter` })
    count(@Arg("filter", () => Filter, { nullable: true }) filter: Record<string, unknown> | null, @Ctx() ctx: Context) {
      return store(ctx).count(filter);
    }

    @FieldResolver(() => String, { description: "Absolute URL of this resource in the TMF REST API" })
    href(@Root() resource: T, @Ctx() ctx: Context): string {
      return `${ctx.baseUrl}${path}/${resource.id}`;
    }
  }
  return ResourceResolver;
}
