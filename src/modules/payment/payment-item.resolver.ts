import { Authorized, Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import { read } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { CustomerBill } from "../bill/bill.type.js";
import { PaymentItem } from "./payment-item.type.js";

@Resolver(() => PaymentItem)
export class PaymentItemResolver {
  @Extensions({ navigation: true })
  @Authorized(read("bill"))
  @FieldResolver(() => CustomerBill, { nullable: true, description: "The customer bill this item pays, if it pays one" })
  bill(@Root() item: PaymentItem, @Ctx() ctx: Context) {
    return item.billId ? ctx.loaders.byId(ctx.services.bills.store).load(item.billId) : null;
  }
}
