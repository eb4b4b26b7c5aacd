import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Extensible, mandatoryDoc, ObjectAndInputType, TMF_DOC } from "../../tmf/extensible.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";

// TMF666's bill structure resources: what a billing account's billStructure refers to.

/** BillingCycleSpecification_Create.required, BillFormat_Create.required and BillPresentationMedia_Create.required in TMF666. */
export const NAME_MANDATORY = ["name"] as const;

const CYCLE_DOC = "A detailed description of when to initiate a billing cycle and the various sub steps of a billing cycle";
const FORMAT_DOC = "A detailed description of the way in which a bill is presented";
const MEDIA_DOC = "A mean of communicating a bill, supported by the associated bill format. For example, post mail, email, web page";
const inputDoc = (doc: string, type: string) => `${doc} (TMF666 ${type}_Create / _Update; ${mandatoryDoc(NAME_MANDATORY)})`;

@InputType("BillingCycleSpecificationInput", { description: inputDoc(CYCLE_DOC, "BillingCycleSpecification") })
@ObjectType({ simpleResolvers: true, description: inputDoc(CYCLE_DOC, "BillingCycleSpecification") })
export class BillingCycleSpecificationAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "A short descriptive name" }) name?: string | null;
  @Field(() => String, { nullable: true, description: "An explanation regarding this billing cycle specification" }) description?: string | null;
  @Field(() => String, { nullable: true, description: "Frequency of the billing cycle (monthly for instance)" }) frequency?: string | null;
  @Field(() => String, { nullable: true, description: "A billing time period. It can be recurring, for example: week, month, quarter of year, year" })
  billingPeriod?: string | null;
  @Field(() => Int, {
    nullable: true,
    description: "An offset of a billing/settlement date, in days with regard to the start of the billing/settlement period",
  })
  billingDateShift?: number | null;
  @Field(() => Int, {
    nullable: true,
    description: "An offset, in days, of a date through which charges previously received by the billing system will appear on the bill",
  })
  chargeDateOffset?: number | null;
  @Field(() => Int, {
    nullable: true,
    description: "An offset, in days, of a date through which credits previously received by the billing system will appear on the bill",
  })
  creditDateOffset?: number | null;
  @Field(() => Int, { nullable: true, description: "An offset of a customer bill mailing date, in days with regard to the start of the BillingPeriod" })
  mailingDateOffset?: number | null;
  @Field(() => Int, { nullable: true, description: "An offset of a payment due date, in days with regard to the start of the BillingPeriod" })
  paymentDueDateOffset?: number | null;
  @Field(() => TimePeriod, { nullable: true, description: "The period for which the billing specification cycle is valid" }) validFor?: TimePeriod | null;
}

@ObjectType("BillingCycleSpecification", { simpleResolvers: true, description: CYCLE_DOC })
export class BillingCycleSpecification extends BillingCycleSpecificationAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
}

@InputType("BillFormatInput", { description: inputDoc(FORMAT_DOC, "BillFormat") })
@ObjectType({ simpleResolvers: true, description: inputDoc(FORMAT_DOC, "BillFormat") })
export class BillFormatAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "Name of the bill format" }) name?: string | null;
  @Field(() => String, { nullable: true, description: "Description of the bill format" }) description?: string | null;
}

@ObjectType("BillFormat", { simpleResolvers: true, description: FORMAT_DOC })
export class BillFormat extends BillFormatAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
}

@InputType("BillPresentationMediaInput", { description: inputDoc(MEDIA_DOC, "BillPresentationMedia") })
@ObjectType({ simpleResolvers: true, description: inputDoc(MEDIA_DOC, "BillPresentationMedia") })
export class BillPresentationMediaAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "Name of the bill presentation media" }) name?: string | null;
  @Field(() => String, { nullable: true, description: "Description of the bill presentation media" }) description?: string | null;
}

@ObjectType("BillPresentationMedia", { simpleResolvers: true, description: MEDIA_DOC })
export class BillPresentationMedia extends BillPresentationMediaAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
}

// A billing account's billStructure refers to those resources, or describes them in place (TMF666 *RefOrValue).

@ObjectAndInputType("BillingCycleSpecificationRefOrValue", `${CYCLE_DOC}: by reference (id) or by value`)
export class BillingCycleSpecificationRefOrValue extends BillingCycleSpecificationAttributes {
  @Field(() => String, { nullable: true, description: `${TMF_DOC.id} of a billing cycle specification of this gateway (checked when written)` }) id?:
    | string
    | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.href }) href?: string | null;
  @Field(() => Int, { nullable: true, description: "An offset of a billing date, in days" }) dateShift?: number | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.atReferredType }) atReferredType?: string | null;
}

@ObjectAndInputType("BillFormatRefOrValue", `${FORMAT_DOC}: by reference (id) or by value`)
export class BillFormatRefOrValue extends BillFormatAttributes {
  @Field(() => String, { nullable: true, description: `${TMF_DOC.id} of a bill format of this gateway (checked when written)` }) id?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.href }) href?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.atReferredType }) atReferredType?: string | null;
}

@ObjectAndInputType("BillPresentationMediaRefOrValue", `${MEDIA_DOC}: by reference (id) or by value`)
export class BillPresentationMediaRefOrValue extends BillPresentationMediaAttributes {
  @Field(() => String, { nullable: true, description: `${TMF_DOC.id} of a bill presentation media of this gateway (checked when written)` }) id?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.href }) href?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.atReferredType }) atReferredType?: string | null;
}

@ObjectAndInputType("BillStructure", "The structure of the bills of an account: their cycle specification, format and presentation media")
export class BillStructure extends Extensible {
  @Field(() => BillingCycleSpecificationRefOrValue, { nullable: true, description: "When the account's bills are produced" })
  cycleSpecification?: BillingCycleSpecificationRefOrValue | null;
  @Field(() => BillFormatRefOrValue, { nullable: true, description: "How the account's bills are presented" }) format?: BillFormatRefOrValue | null;
  @Field(() => [BillPresentationMediaRefOrValue], { nullable: true, description: "How the account's bills are communicated" })
  presentationMedia?: BillPresentationMediaRefOrValue[] | null;
}
