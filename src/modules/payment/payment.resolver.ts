import { Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import type { AppContext } from "../context.js";
import { PaymentItem } from "./payment-item.type.js";
import { MAX_PAYMENT_ITEMS, Payment } from "./payment.type.js";

/** A payment's own field beside those of its description: its items, kept in a table of their own. */
@Resolver(() => Payment)
export class PaymentFields {
  @Extensions({ maxItems: MAX_PAYMENT_ITEMS })
  @FieldResolver(() => [PaymentItem], { nullable: true })
  paymentItem(@Root() payment: Payment, @Ctx() ctx: AppContext) {
    return payment.paymentItem ?? ctx.loaders.relation(ctx.services.payments.items, "paymentId", payment.id);
  }
}
