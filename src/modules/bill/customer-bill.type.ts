import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar, DecimalScalar, JsonScalar } from "../../tmf/scalars.js";
import type { Decimal } from "../../db/decimal.js";
import { Extensible, mandatoryDoc, ObjectAndInputType, TMF_DOC } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { BillCycleRef, BillingAccountRef, FinancialAccountRef, PaymentMethodRef, PaymentRef, RelatedParty } from "../../tmf/refs.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";

export const BILL_STATES = ["new", "onHold", "validated", "sent", "settled", "partiallyPaid"] as const;

/** Attributes described alike on the bill and on its update. */
const BILL_DOC = {
  state: `Status of the bill: one of ${BILL_STATES.join(", ")}`,
  billCycle: "The bill cycle the bill was produced in",
} as const;

@ObjectAndInputType("TaxItem", "A tax item is created for each tax rate and tax type used in the bill")
export class TaxItem extends Extensible {
  @Field(() => String, { nullable: true, description: "Tax category" }) taxCategory?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "Applied rate of the tax" }) taxRate?: Decimal | null;
  @Field(() => Money, { nullable: true, description: "Amount of tax expressed in the given currency" }) taxAmount?: Money | null;
}

@ObjectType("AppliedPayment", {
  simpleResolvers: true,
  description:
    "The applied payment is the result of lettering process. It enables to assign automatically or manually part of incoming payment amount to a bill",
})
export class AppliedPayment {
  @Field(() => Money, { description: "The part of the payment applied to this bill" }) appliedAmount!: Money;
  @Field(() => PaymentRef, { description: "The payment applied" }) payment!: PaymentRef;
}

export const BILL_MANDATORY = ["billingAccount", "amountDue"] as const satisfies readonly (keyof CustomerBillAttributes)[];

const BILL_INPUT_DOC = `The customer bill as a billing system records it (extension to TMF678; ${mandatoryDoc(BILL_MANDATORY)})`;

/** TMF678 CustomerBill essentials a billing system posts (creation is a documented extension). */
@InputType("CustomerBillInput", { description: BILL_INPUT_DOC })
@ObjectType({ simpleResolvers: true, description: BILL_INPUT_DOC })
export class CustomerBillAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "Bill reference known by the customer or the party and displayed on the bill" })
  billNo?: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Bill date, external customer view (in consequence: different to the production date of the bill)",
  })
  billDate?: string | Date | null;
  @Field(() => String, {
    nullable: true,
    description: "Category of the bill produced: normal, duplicate, interim, last, trial customer or credit note for example",
  })
  category?: string | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "Approximate date of the next bill production given for information (only used/meaningful for on cycle / regular bills)",
  })
  nextBillDate?: string | Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date at which the amount due should have been paid" })
  paymentDueDate?: string | Date | null;
  @Field(() => String, {
    nullable: true,
    description:
      "onCycle (a bill can be created as a result of a cycle run) or offCycle (a bill can be created as a result of other events such as customer request or account close)",
  })
  runType?: string | null;
  @Field(() => Money, { nullable: true, description: "Amount due for this bill, taxes included" }) amountDue?: Money | null;
  @Field(() => Money, { nullable: true, description: "Amount of the bill, taxes excluded" }) taxExcludedAmount?: Money | null;
  @Field(() => Money, { nullable: true, description: "Amount of the bill, taxes included" }) taxIncludedAmount?: Money | null;
  @Field(() => BillingAccountRef, { nullable: true, description: "Reference to the billing account the bill is issued on" })
  billingAccount?: BillingAccountRef | null;
  @Field(() => TimePeriod, { nullable: true, description: "The period the bill covers" }) billingPeriod?: TimePeriod | null;
  @Field(() => BillCycleRef, { nullable: true, description: BILL_DOC.billCycle }) billCycle?: BillCycleRef | null;
  @Field(() => PaymentMethodRef, {
    nullable: true,
    description: "Payment method of the bill (deprecated in TMF678: it can be obtained from the billing account)",
  })
  paymentMethod?: PaymentMethodRef | null;
  @Field(() => FinancialAccountRef, { nullable: true, description: "The financial account (account receivable) the bill is aggregated in" })
  financialAccount?: FinancialAccountRef | null;
  @Field(() => [RelatedParty], { nullable: true, description: "Parties related to the bill, with their role" })
  relatedParty?: RelatedParty[] | null;
  @Field(() => [TaxItem], { nullable: true, description: "The taxes of the bill, one item per tax rate and tax type" })
  taxItem?: TaxItem[] | null;
  @Field(() => JsonScalar, { nullable: true, description: "TMF678 AttachmentRefOrValue[] (open structure): the documents of the bill" })
  billDocument?: unknown;
}

/** TMF678 CustomerBill_Update: only the state and the bill cycle may change. */
@InputType("CustomerBillUpdateInput", { description: "The customer bill's attributes a TMF678 PATCH may change (CustomerBill_Update)" })
export class CustomerBillUpdate extends Extensible {
  @Field(() => String, { nullable: true, description: BILL_DOC.state }) state?: string | null;
  @Field(() => BillCycleRef, { nullable: true, description: BILL_DOC.billCycle }) billCycle?: BillCycleRef | null;
}

@ObjectType("CustomerBill", {
  simpleResolvers: true,
  description: "The customer bill. Can be a regular recurring bill or an extra bill on demand by the customer or the csp",
})
export class CustomerBill extends CustomerBillAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} of the bill (server-assigned)` }) id!: string;
  @Field(() => String, { description: BILL_DOC.state }) state!: string;
  @Field(() => Money, { description: "Amount still to be paid" }) remainingAmount!: Money;
  @Field(() => DateTimeScalar, { description: "Date of bill last update (server-set)" }) lastUpdate!: Date;
}
