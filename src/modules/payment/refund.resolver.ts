import { Authorized, Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import { read } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import { accountManagement } from "../account/account.resource.js";
import { BillingAccount } from "../account/account.type.js";
import { paymentManagement, refundResource } from "./payment.resource.js";
import { Payment } from "./payment.type.js";
import { Refund } from "./refund.type.js";

@Resolver(() => Refund)
export class RefundResolver extends createResourceResolver(refundResource, (s) => s.refunds) {
  @Extensions({ navigation: true })
  @Authorized(read(accountManagement.scope))
  @FieldResolver(() => BillingAccount, { nullable: true, description: "The billing account credited by this refund" })
  billingAccount(@Root() refund: Refund, @Ctx() ctx: Context) {
    return ctx.loaders.one(ctx.services.accounts.store, refund.account?.id);
  }

  @Extensions({ navigation: true })
  @Authorized(read(paymentManagement.scope))
  @FieldResolver(() => Payment, { nullable: true, description: "The payment this refund gives money back from" })
  refundedPayment(@Root() refund: Refund, @Ctx() ctx: Context) {
    return ctx.loaders.one(ctx.services.payments.store, refund.payment?.id);
  }
}
