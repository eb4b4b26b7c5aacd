import { Arg, Authorized, Ctx, Extensions, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { read, write } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { IDEMPOTENCY_KEY_DOC } from "../common/idempotency.js";
import { withHref } from "../../graphql/ref-href.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import { billingAccountRest } from "../account/account.rest.js";
import { BillingAccount } from "../account/account.type.js";
import { AccountRef, PaymentRef } from "../../tmf/refs.type.js";
import { paymentRest, refundRest } from "./payment.rest.js";
import { Payment } from "./payment.type.js";
import { Refund, RefundAttributes } from "./refund.type.js";

const ResourceResolver = createResourceResolver({
  type: Refund,
  api: "payment",
  rest: refundRest,
  store: (ctx) => ctx.services.refunds.store,
});

@Resolver(() => Refund)
export class RefundResolver extends ResourceResolver {
  @Authorized(write("payment"))
  @Mutation(() => Refund, { description: "Gives money back to a billing account (TMF676 POST /refund)" })
  createRefund(
    @Arg("input", () => RefundAttributes) input: RefundAttributes,
    @Arg("idempotencyKey", () => String, { nullable: true, description: IDEMPOTENCY_KEY_DOC }) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.refunds.create(input, idempotencyKey ? { key: idempotencyKey, owner: ctx.principal.id } : null, ctx.baseUrl);
  }

  @FieldResolver(() => AccountRef, { nullable: true })
  account(@Root() refund: Refund, @Ctx() ctx: Context) {
    return withHref(refund.account, billingAccountRest, ctx);
  }

  @FieldResolver(() => PaymentRef, { nullable: true })
  payment(@Root() refund: Refund, @Ctx() ctx: Context) {
    return withHref(refund.payment, paymentRest, ctx);
  }

  @Extensions({ navigation: true })
  @Authorized(read("account"))
  @FieldResolver(() => BillingAccount, { nullable: true, description: "The billing account credited by this refund" })
  billingAccount(@Root() refund: Refund, @Ctx() ctx: Context) {
    return refund.account ? ctx.loaders.byId(ctx.services.accounts.store).load(refund.account.id) : null;
  }

  @Extensions({ navigation: true })
  @Authorized(read("payment"))
  @FieldResolver(() => Payment, { nullable: true, description: "The payment this refund gives money back from" })
  refundedPayment(@Root() refund: Refund, @Ctx() ctx: Context) {
    return refund.payment ? ctx.loaders.byId(ctx.services.payments.store).load(refund.payment.id) : null;
  }
}
