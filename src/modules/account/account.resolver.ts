import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { read, write } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { checkNavigationPage, NavigationPageArgs } from "../../graphql/page.args.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import type { Page } from "../../resource/resource-store.js";
import { CustomerBill } from "../bill/bill.type.js";
import { Customer } from "../customer/customer.type.js";
import { Payment } from "../payment/payment.type.js";
import { Refund } from "../payment/refund.type.js";
import { AccountBalance } from "./account-balance.type.js";
import { billingAccountRest } from "./account.rest.js";
import { BillingAccount, BillingAccountAttributes } from "./account.type.js";

const ResourceResolver = createResourceResolver({
  type: BillingAccount,
  api: "account",
  rest: billingAccountRest,
  store: (ctx) => ctx.services.accounts.store,
});

@Resolver(() => BillingAccount)
export class AccountResolver extends ResourceResolver {
  @Authorized(write("account"))
  @Mutation(() => BillingAccount, { description: "Creates a billing account (TMF666 POST /billingAccount)" })
  createBillingAccount(@Arg("input", () => BillingAccountAttributes) input: BillingAccountAttributes, @Ctx() ctx: Context) {
    return ctx.services.accounts.create(input, ctx.baseUrl);
  }

  @Authorized(write("account"))
  @Mutation(() => BillingAccount, { description: "Applies a JSON merge patch to a billing account (TMF666 PATCH)" })
  updateBillingAccount(
    @Arg("id", () => ID) id: string,
    @Arg("patch", () => BillingAccountAttributes) patch: BillingAccountAttributes,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.accounts.update(id, patch, ctx.baseUrl);
  }

  @Authorized(write("account"))
  @Mutation(() => Boolean, { description: "Deletes a billing account that has no payments, refunds or bills" })
  async deleteBillingAccount(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    await ctx.services.accounts.delete(id, ctx.baseUrl);
    return true;
  }

  @FieldResolver(() => [AccountBalance], { description: "receivableBalance: bills due − payments + refunds (negative: credit)" })
  accountBalance(@Root() account: BillingAccount & { createdAt?: Date }): AccountBalance[] {
    if (!account.currency) return [];
    return [
      {
        balanceType: "receivableBalance",
        amount: { unit: account.currency, value: account.balanceValue },
        validFor: { startDateTime: account.createdAt },
      },
    ];
  }

  @Extensions({ navigation: true })
  @Authorized(read("customer"))
  @FieldResolver(() => Customer, { nullable: true, description: "The customer owning this account" })
  customer(@Root() account: BillingAccount, @Ctx() ctx: Context) {
    return account.customerId ? ctx.loaders.byId(ctx.services.customers.store).load(account.customerId) : null;
  }

  @Extensions({ navigation: true })
  @Authorized(read("payment"))
  @FieldResolver(() => [Payment], { description: "Payments recorded against this account" })
  payments(@Root() account: BillingAccount, @Args(() => NavigationPageArgs) page: Page, @Ctx() ctx: Context) {
    return ctx.services.payments.paymentsOfAccount(ctx.loaders, account.id, checkNavigationPage(page));
  }

  @Extensions({ navigation: true })
  @Authorized(read("payment"))
  @FieldResolver(() => [Refund], { description: "Refunds given back to this account" })
  refunds(@Root() account: BillingAccount, @Args(() => NavigationPageArgs) page: Page, @Ctx() ctx: Context) {
    return ctx.services.refunds.refundsOfAccount(ctx.loaders, account.id, checkNavigationPage(page));
  }

  @Extensions({ navigation: true })
  @Authorized(read("bill"))
  @FieldResolver(() => [CustomerBill], { description: "Customer bills issued on this account" })
  bills(@Root() account: BillingAccount, @Args(() => NavigationPageArgs) page: Page, @Ctx() ctx: Context) {
    return ctx.services.bills.billsOfAccount(ctx.loaders, account.id, checkNavigationPage(page));
  }
}
