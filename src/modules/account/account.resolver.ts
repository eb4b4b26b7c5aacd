import { Args, Authorized, Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import { read } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { checkNavigationPage, NavigationPageArgs } from "../../graphql/page.args.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import type { Page } from "../../resource/resource-store.js";
import { customerBillManagement } from "../bill/bill.resource.js";
import { CustomerBill } from "../bill/bill.type.js";
import { customerManagement } from "../customer/customer.resource.js";
import { Customer } from "../customer/customer.type.js";
import { paymentManagement } from "../payment/payment.resource.js";
import { Payment } from "../payment/payment.type.js";
import { Refund } from "../payment/refund.type.js";
import { AccountBalance } from "./account-balance.type.js";
import { billingAccountResource } from "./account.resource.js";
import { BillingAccount } from "./account.type.js";

@Resolver(() => BillingAccount)
export class AccountResolver extends createResourceResolver(billingAccountResource, (s) => s.accounts) {
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
  @Authorized(read(customerManagement.scope))
  @FieldResolver(() => Customer, { nullable: true, description: "The customer owning this account" })
  customer(@Root() account: BillingAccount, @Ctx() ctx: Context) {
    return ctx.loaders.one(ctx.services.customers.store, account.customerId);
  }

  @Extensions({ navigation: true })
  @Authorized(read(paymentManagement.scope))
  @FieldResolver(() => [Payment], { description: "Payments recorded against this account, in creation order" })
  payments(@Root() account: BillingAccount, @Args(() => NavigationPageArgs) page: Page, @Ctx() ctx: Context) {
    return ctx.loaders.relation(ctx.services.payments.store, "accountId", account.id, checkNavigationPage(page));
  }

  @Extensions({ navigation: true })
  @Authorized(read(paymentManagement.scope))
  @FieldResolver(() => [Refund], { description: "Refunds given back to this account, in creation order" })
  refunds(@Root() account: BillingAccount, @Args(() => NavigationPageArgs) page: Page, @Ctx() ctx: Context) {
    return ctx.loaders.relation(ctx.services.refunds.store, "accountId", account.id, checkNavigationPage(page));
  }

  @Extensions({ navigation: true })
  @Authorized(read(customerBillManagement.scope))
  @FieldResolver(() => [CustomerBill], { description: "Customer bills issued on this account, in creation order" })
  bills(@Root() account: BillingAccount, @Args(() => NavigationPageArgs) page: Page, @Ctx() ctx: Context) {
    return ctx.loaders.relation(ctx.services.bills.store, "billingAccountId", account.id, checkNavigationPage(page));
  }
}
