import { Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import { PaymentItem } from "./payment-item.type.js";
import { paymentResource } from "./payment.resource.js";
import { MAX_PAYMENT_ITEMS, Payment } from "./payment.type.js";

/** A payment's own field: its items, kept in a table of their own. */
@Resolver(() => Payment)
export class PaymentResolver extends createResourceResolver(paymentResource, (s) => s.payments) {
  @Extensions({ maxItems: MAX_PAYMENT_ITEMS })
  @FieldResolver(() => [PaymentItem], { nullable: true })
  paymentItem(@Root() payment: Payment, @Ctx() ctx: Context) {
    return payment.paymentItem ?? ctx.loaders.relation(ctx.services.payments.items, "paymentId", payment.id);
  }
}
