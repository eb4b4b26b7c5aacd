import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { assertScopes } from "../../auth/auth-checker.js";
import { isHubAdmin, read } from "../../auth/scopes.js";
import { notFound } from "../../errors.js";
import type { AppContext as Context } from "../context.js";
import type { TmfApi } from "../../resource/description.js";
import { createHubApiEnum, EventSubscription, type HubApi } from "./hub.type.js";

/**
 * Listener registration (the TMF hub). Listening to an API's events needs that API's read scope.
 * A registration belongs to the principal that made it: only that principal (or a hub admin: scope
 * `hub:admin` or `*`) may remove it; for anybody else it is not found (404), whether it exists or not.
 * `apis`: the APIs of the registry, by name (each has its hub).
 */
export function createHubResolver(apis: ReadonlyMap<string, TmfApi>): Function {
  const HubApiEnum = createHubApiEnum(apis);

  @Resolver()
  class HubResolver {
    @Mutation(() => EventSubscription, { description: "Registers a listener for the events of one TMF API (TMF630 POST /hub)" })
    async registerListener(
      @Arg("api", () => HubApiEnum, { description: "The API whose events to receive" }) api: HubApi,
      @Arg("callback", () => String, { description: "The listener's URL (http or https), which receives each event by POST" }) callback: string,
      @Arg("query", () => String, { nullable: true, description: "Which events: e.g. eventType=PaymentCreateEvent&account.id=… (all when absent)" }) query:
        | string
        | null,
      @Ctx() ctx: Context,
    ): Promise<EventSubscription> {
      requireScope(apis, ctx, api);
      return ctx.services.hubs.register(api, callback, query, ctx.principal.id);
    }

    @Query(() => EventSubscription, { nullable: true, description: "A listener registration of the caller's (TMF630 GET /hub/{id}), or null" })
    async listener(
      @Arg("api", () => HubApiEnum, { description: "The API whose events it receives" }) api: HubApi,
      @Arg("id", () => ID, { description: "Identifier of the registration" }) id: string,
      @Ctx() ctx: Context,
    ) {
      requireScope(apis, ctx, api);
      return (await ctx.services.hubs.get(api, id, { owner: ctx.principal.id, admin: isHubAdmin(ctx.principal.scopes) })) ?? null;
    }

    @Mutation(() => Boolean, { description: "Removes a listener registration (TMF630 DELETE /hub/{id})" })
    async unregisterListener(
      @Arg("api", () => HubApiEnum, { description: "The API whose events to receive" }) api: HubApi,
      @Arg("id", () => ID, { description: "Identifier of the registration" }) id: string,
      @Ctx() ctx: Context,
    ) {
      requireScope(apis, ctx, api);
      const requester = { owner: ctx.principal.id, admin: isHubAdmin(ctx.principal.scopes) };
      if (!(await ctx.services.hubs.unregister(api, id, requester))) throw notFound("Hub", id);
      return true;
    }
  }
  return HubResolver;
}

function requireScope(apis: ReadonlyMap<string, TmfApi>, ctx: Context, api: HubApi) {
  assertScopes(ctx.principal.scopes, [read(apis.get(api)!.scope)]);
}
