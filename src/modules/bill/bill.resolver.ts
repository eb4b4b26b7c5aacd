import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { read, write } from "../../auth/scopes.js";
import type { Context } from "../../graphql/context.js";
import { withHref } from "../../graphql/ref-href.js";
import { AppliedPaymentPageArgs, checkNavigationPage } from "../../graphql/page.args.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import type { Page } from "../../resource/resource-store.js";
import { billingAccountRest } from "../account/account.rest.js";
import { BillingAccount } from "../account/account.type.js";
import { BillingAccountRef } from "../../tmf/refs.type.js";
import { paymentRest } from "../payment/payment.rest.js";
import { customerBillRest } from "./bill.rest.js";
import { AppliedPayment, CustomerBill, CustomerBillAttributes, CustomerBillUpdate } from "./bill.type.js";

const ResourceResolver = createResourceResolver({
  type: CustomerBill,
  api: "bill",
  rest: customerBillRest,
  store: (ctx) => ctx.services.bills.store,
});

@Resolver(() => CustomerBill)
export class BillResolver extends ResourceResolver {
  @Authorized(write("bill"))
  @Mutation(() => CustomerBill, { description: "Records a customer bill on a billing account (extension to TMF678)" })
  createCustomerBill(@Arg("input", () => CustomerBillAttributes) input: CustomerBillAttributes, @Ctx() ctx: Context) {
    return ctx.services.bills.create(input, ctx.baseUrl);
  }

  @Authorized(write("bill"))
  @Mutation(() => CustomerBill, { description: "Changes the state or bill cycle of a customer bill (TMF678 PATCH)" })
  updateCustomerBill(@Arg("id", () => ID) id: string, @Arg("patch", () => CustomerBillUpdate) patch: CustomerBillUpdate, @Ctx() ctx: Context) {
    return ctx.services.bills.update(id, patch, ctx.baseUrl);
  }

  // A TMF678 attribute of the bill (not a navigation): reading it needs only bill:read. It grows
  // with every payment of the bill, so it is paged like a navigation list (and costed as one).
  @FieldResolver(() => [AppliedPayment], { description: "The payments applied to this bill (from payment items), a page at a time" })
  async appliedPayment(@Root() bill: CustomerBill, @Args(() => AppliedPaymentPageArgs) page: Page, @Ctx() ctx: Context): Promise<AppliedPayment[]> {
    const items = await ctx.services.payments.itemsPayingBill(ctx.loaders, bill.id, checkNavigationPage(page));
    return items.map((item) => ({ appliedAmount: item.totalAmount!, payment: withHref({ id: item.paymentId }, paymentRest, ctx)! }));
  }

  @FieldResolver(() => BillingAccountRef, { nullable: true })
  billingAccount(@Root() bill: CustomerBill, @Ctx() ctx: Context) {
    return withHref(bill.billingAccount, billingAccountRest, ctx);
  }

  @Extensions({ navigation: true })
  @Authorized(read("account"))
  @FieldResolver(() => BillingAccount, { nullable: true, description: "The billing account the bill is issued on" })
  account(@Root() bill: CustomerBill, @Ctx() ctx: Context) {
    return bill.billingAccount ? ctx.loaders.byId(ctx.services.accounts.store).load(bill.billingAccount.id) : null;
  }
}
