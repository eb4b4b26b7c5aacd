import { Args, Authorized, Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import { read } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { checkNavigationPage, NavigationPageArgs } from "../../graphql/page.args.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import type { Page } from "../../resource/resource-store.js";
import { accountManagement } from "../account/account.resource.js";
import { BillingAccount } from "../account/account.type.js";
import { customerResource } from "./customer.resource.js";
import { Customer } from "./customer.type.js";

@Resolver(() => Customer)
export class CustomerResolver extends createResourceResolver(customerResource, (s) => s.customers) {
  @Extensions({ navigation: true })
  @Authorized(read(accountManagement.scope))
  @FieldResolver(() => [BillingAccount], { description: "The billing accounts of this customer, in creation order" })
  accounts(@Root() customer: Customer, @Args(() => NavigationPageArgs) page: Page, @Ctx() ctx: Context) {
    return ctx.loaders.relation(ctx.services.accounts.store, "customerId", customer.id, checkNavigationPage(page));
  }
}
