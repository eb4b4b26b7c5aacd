import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DecimalScalar, DateTimeScalar } from "../../tmf/scalars.js";
import type { Decimal } from "../../db/decimal.js";
import { Extensible } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { BillCycleRef, BillingAccountRef, PaymentMethodRef, PaymentRef, RelatedParty } from "../../tmf/refs.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";

export const BILL_STATES = ["new", "onHold", "validated", "sent", "settled", "partiallyPaid"] as const;

@ObjectType("TaxItem", { simpleResolvers: true })
@InputType("TaxItemInput")
export class TaxItem extends Extensible {
  @Field(() => String, { nullable: true }) taxCategory?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) taxRate?: Decimal | null;
  @Field(() => Money, { nullable: true }) taxAmount?: Money | null;
}

@ObjectType("AppliedPayment", { simpleResolvers: true, description: "A payment (part) applied to this bill" })
export class AppliedPayment {
  @Field(() => Money) appliedAmount!: Money;
  @Field(() => PaymentRef) payment!: PaymentRef;
}

/** TMF678 CustomerBill essentials a billing system posts (creation is a documented extension). */
@InputType("CustomerBillInput", { description: "TMF678 CustomerBill (create: billingAccount and amountDue are mandatory)" })
@ObjectType()
export class CustomerBillAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "Bill reference known by the customer or the party" }) billNo?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) billDate?: string | Date | null;
  @Field(() => String, { nullable: true, description: "normal, duplicate, interim, last, trial, credit note…" }) category?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) nextBillDate?: string | Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) paymentDueDate?: string | Date | null;
  @Field(() => String, { nullable: true, description: "onCycle or offCycle" }) runType?: string | null;
  @Field(() => Money, { nullable: true, description: "Amount due for this bill, taxes included" }) amountDue?: Money | null;
  @Field(() => Money, { nullable: true }) taxExcludedAmount?: Money | null;
  @Field(() => Money, { nullable: true }) taxIncludedAmount?: Money | null;
  @Field(() => BillingAccountRef, { nullable: true, description: "The billing account the bill is issued on" })
  billingAccount?: BillingAccountRef | null;
  @Field(() => TimePeriod, { nullable: true }) billingPeriod?: TimePeriod | null;
  @Field(() => BillCycleRef, { nullable: true }) billCycle?: BillCycleRef | null;
  @Field(() => PaymentMethodRef, { nullable: true }) paymentMethod?: PaymentMethodRef | null;
  @Field(() => [RelatedParty], { nullable: true }) relatedParty?: RelatedParty[] | null;
  @Field(() => [TaxItem], { nullable: true }) taxItem?: TaxItem[] | null;
  @Field(() => GraphQLJSON, { nullable: true, description: "TMF678 AttachmentRefOrValue[] (open structure)" }) billDocument?: unknown;
}

export const BILL_MANDATORY = ["billingAccount", "amountDue"] as const satisfies readonly (keyof CustomerBillAttributes)[];

/** TMF678 CustomerBill_Update: only the state and the bill cycle may change. */
@InputType("CustomerBillUpdateInput")
export class CustomerBillUpdate extends Extensible {
  @Field(() => String, { nullable: true, description: `One of ${BILL_STATES.join(", ")}` }) state?: string | null;
  @Field(() => BillCycleRef, { nullable: true }) billCycle?: BillCycleRef | null;
}

@ObjectType("CustomerBill", { simpleResolvers: true, description: "TMF678: a bill issued to a customer on a billing account" })
export class CustomerBill extends CustomerBillAttributes {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: `Lifecycle state: ${BILL_STATES.join(", ")}` }) state!: string;
  @Field(() => Money, { description: "Amount still to be paid" }) remainingAmount!: Money;
  @Field(() => DateTimeScalar, { description: "Date of the last update (server-set)" }) lastUpdate!: Date;
}
