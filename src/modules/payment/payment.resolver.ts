import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { read, write } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { IDEMPOTENCY_KEY_DOC } from "../common/idempotency.js";
import { withHref } from "../../graphql/ref-href.js";
import { checkNavigationPage, NavigationPageArgs } from "../../graphql/page.args.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import type { Page } from "../../resource/resource-store.js";
import { billingAccountRest } from "../account/account.rest.js";
import { BillingAccount } from "../account/account.type.js";
import { AccountRef } from "../../tmf/refs.type.js";
import { PaymentItem } from "./payment-item.type.js";
import { paymentRest } from "./payment.rest.js";
import { MAX_PAYMENT_ITEMS, Payment, PaymentAttributes } from "./payment.type.js";
import { Refund } from "./refund.type.js";

const ResourceResolver = createResourceResolver({
  type: Payment,
  api: "payment",
  rest: paymentRest,
  store: (ctx) => ctx.services.payments.store,
});

@Resolver(() => Payment)
export class PaymentResolver extends ResourceResolver {
  @Authorized(write("payment"))
  @Mutation(() => Payment, { description: "Records a payment against a billing account (TMF676 POST /payment)" })
  createPayment(
    @Arg("input", () => PaymentAttributes) input: PaymentAttributes,
    @Arg("idempotencyKey", () => String, { nullable: true, description: IDEMPOTENCY_KEY_DOC }) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.payments.create(input, idempotencyKey ? { key: idempotencyKey, owner: ctx.principal.id } : null, ctx.baseUrl);
  }

  @FieldResolver(() => AccountRef, { nullable: true })
  account(@Root() payment: Payment, @Ctx() ctx: Context) {
    return withHref(payment.account, billingAccountRest, ctx);
  }

  @Extensions({ maxItems: MAX_PAYMENT_ITEMS })
  @FieldResolver(() => [PaymentItem], { nullable: true })
  paymentItem(@Root() payment: Payment, @Ctx() ctx: Context) {
    return payment.paymentItem ?? ctx.services.payments.itemsOfPayment(ctx.loaders, payment.id);
  }

  @Extensions({ navigation: true })
  @Authorized(read("account"))
  @FieldResolver(() => BillingAccount, { nullable: true, description: "The billing account this payment is recorded against" })
  billingAccount(@Root() payment: Payment, @Ctx() ctx: Context) {
    return payment.account ? ctx.loaders.byId(ctx.services.accounts.store).load(payment.account.id) : null;
  }

  @Extensions({ navigation: true })
  @Authorized(read("payment"))
  @FieldResolver(() => [Refund], { description: "Refunds made against this payment" })
  refunds(@Root() payment: Payment, @Args(() => NavigationPageArgs) page: Page, @Ctx() ctx: Context) {
    return ctx.services.refunds.refundsOfPayment(ctx.loaders, payment.id, checkNavigationPage(page));
  }
}
