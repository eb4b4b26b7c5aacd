import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { read, write } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { checkNavigationPage, NavigationPageArgs } from "../../graphql/page.args.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import type { Page } from "../../resource/resource-store.js";
import { BillingAccount } from "../account/account.type.js";
import { customerRest } from "./customer.rest.js";
import { Customer, CustomerAttributes } from "./customer.type.js";

const ResourceResolver = createResourceResolver({
  type: Customer,
  api: "customer",
  rest: customerRest,
  store: (ctx) => ctx.services.customers.store,
});

@Resolver(() => Customer)
export class CustomerResolver extends ResourceResolver {
  @Authorized(write("customer"))
  @Mutation(() => Customer, { description: "Creates a customer (TMF629 POST /customer)" })
  createCustomer(@Arg("input", () => CustomerAttributes) input: CustomerAttributes, @Ctx() ctx: Context) {
    return ctx.services.customers.create(input, ctx.baseUrl);
  }

  @Authorized(write("customer"))
  @Mutation(() => Customer, { description: "Applies a JSON merge patch to a customer (TMF629 PATCH)" })
  updateCustomer(@Arg("id", () => ID) id: string, @Arg("patch", () => CustomerAttributes) patch: CustomerAttributes, @Ctx() ctx: Context) {
    return ctx.services.customers.update(id, patch, ctx.baseUrl);
  }

  @Authorized(write("customer"))
  @Mutation(() => Boolean, { description: "Deletes a customer that has no billing account" })
  async deleteCustomer(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    await ctx.services.customers.delete(id, ctx.baseUrl);
    return true;
  }

  @Extensions({ navigation: true })
  @Authorized(read("account"))
  @FieldResolver(() => [BillingAccount], { description: "The billing accounts of this customer" })
  accounts(@Root() customer: Customer, @Args(() => NavigationPageArgs) page: Page, @Ctx() ctx: Context) {
    return ctx.services.accounts.accountsOfCustomer(ctx.loaders, customer.id, checkNavigationPage(page));
  }
}
