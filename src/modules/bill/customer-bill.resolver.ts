import { Args, Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import type { AppContext } from "../context.js";
import { withHref } from "../../graphql/ref-href.js";
import { AppliedPaymentPageArgs, checkNavigationPage } from "../../graphql/page.args.js";
import { restOf } from "../../resource/description.js";
import type { Page } from "../../resource/resource-store.js";
import { collectionPath } from "../../tmf/rest-resource.js";
import { JsonScalar } from "../../tmf/scalars.js";
import { paymentResource } from "../payment/payment.resource.js";
import { billDocumentRef } from "./customer-bill.document.js";
import { customerBillResource } from "./customer-bill.resource.js";
import { AppliedPayment, CustomerBill } from "./customer-bill.type.js";

@Resolver(() => CustomerBill)
/** A bill's own fields beside those of its description. */
export class CustomerBillFields {
  // TMF678's conformance profile makes billDocument mandatory: every bill has its rendered PDF first
  // (a reference, the bytes made on request), then the documents recorded with it, if any.
  @Extensions({ reads: ["billDocument", "billNo"] }) // its name shows the bill number
  @FieldResolver(() => JsonScalar, {
    nullable: true,
    description: `TMF678 AttachmentRefOrValue[]: the documents of the bill, first the bill as a PDF (GET <bill href>/document), then those recorded with it`,
  })
  billDocument(@Root() bill: CustomerBill, @Ctx() ctx: AppContext): unknown[] {
    const billHref = `${ctx.baseUrl}${collectionPath(restOf(customerBillResource))}/${bill.id}`;
    return [billDocumentRef(bill, billHref), ...(Array.isArray(bill.billDocument) ? bill.billDocument : [])];
  }

  // A TMF678 attribute of the bill (not a navigation): reading it needs only bill:read. It grows
  // with every payment of the bill, so it is paged like a navigation list (and costed as one).
  @Extensions({ reads: [] }) // the ledger columns / the id: always read
  @FieldResolver(() => [AppliedPayment], { description: "The payments applied to this bill (from payment items), a page at a time" })
  async appliedPayment(@Root() bill: CustomerBill, @Args(() => AppliedPaymentPageArgs) page: Page, @Ctx() ctx: AppContext): Promise<AppliedPayment[]> {
    const items = await ctx.loaders.relation(ctx.services.payments.items, "billId", bill.id, checkNavigationPage(page));
    return items.map((item) => ({ appliedAmount: item.totalAmount!, payment: withHref({ id: item.paymentId }, restOf(paymentResource), ctx)! }));
  }
}
