import { Args, Authorized, Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import { read } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { checkNavigationPage, NavigationPageArgs } from "../../graphql/page.args.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import type { Page } from "../../resource/resource-store.js";
import { accountManagement } from "../account/account.resource.js";
import { BillingAccount } from "../account/account.type.js";
import { PaymentItem } from "./payment-item.type.js";
import { paymentManagement, paymentResource } from "./payment.resource.js";
import { MAX_PAYMENT_ITEMS, Payment } from "./payment.type.js";
import { Refund } from "./refund.type.js";

@Resolver(() => Payment)
export class PaymentResolver extends createResourceResolver(paymentResource, (s) => s.payments) {
  @Extensions({ maxItems: MAX_PAYMENT_ITEMS })
  @FieldResolver(() => [PaymentItem], { nullable: true })
  paymentItem(@Root() payment: Payment, @Ctx() ctx: Context) {
    return payment.paymentItem ?? ctx.loaders.relation(ctx.services.payments.items, "paymentId", payment.id);
  }

  @Extensions({ navigation: true })
  @Authorized(read(accountManagement.scope))
  @FieldResolver(() => BillingAccount, { nullable: true, description: "The billing account this payment is recorded against" })
  billingAccount(@Root() payment: Payment, @Ctx() ctx: Context) {
    return ctx.loaders.one(ctx.services.accounts.store, payment.account?.id);
  }

  @Extensions({ navigation: true })
  @Authorized(read(paymentManagement.scope))
  @FieldResolver(() => [Refund], { description: "Refunds made against this payment, in creation order" })
  refunds(@Root() payment: Payment, @Args(() => NavigationPageArgs) page: Page, @Ctx() ctx: Context) {
    return ctx.loaders.relation(ctx.services.refunds.store, "paymentId", payment.id, checkNavigationPage(page));
  }
}
