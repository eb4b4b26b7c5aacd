import { Authorized, Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import { read } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { customerBillManagement } from "../bill/bill.resource.js";
import { CustomerBill } from "../bill/bill.type.js";
import { PaymentItem } from "./payment-item.type.js";

@Resolver(() => PaymentItem)
export class PaymentItemResolver {
  @Extensions({ navigation: true })
  @Authorized(read(customerBillManagement.scope))
  @FieldResolver(() => CustomerBill, { nullable: true, description: "The customer bill this item pays, if it pays one" })
  bill(@Root() item: PaymentItem, @Ctx() ctx: Context) {
    return ctx.loaders.one(ctx.services.bills.store, item.billId);
  }
}
