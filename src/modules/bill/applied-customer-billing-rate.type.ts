import { Field, ID, InputType, ObjectType } from "type-graphql";
import type { Decimal } from "../../db/decimal.js";
import { Extensible, mandatoryDoc, ObjectAndInputType, TMF_DOC } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { BillingAccountRef } from "../../tmf/refs.type.js";
import { DateTimeScalar, DecimalScalar } from "../../tmf/scalars.js";
import { TimePeriod } from "../../tmf/time-period.type.js";
import { Characteristic } from "../common/characteristic.type.js";
import { CustomerBillRef, ProductRef } from "./bill-refs.type.js";

@ObjectAndInputType(
  "AppliedBillingTaxRate",
  "The applied billing tax rate represents taxes applied billing rate it refers to. It is calculated during the billing process",
)
export class AppliedBillingTaxRate extends Extensible {
  @Field(() => String, { nullable: true, description: "A categorization of the tax rate" }) taxCategory?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "Applied rate" }) taxRate?: Decimal | null;
  @Field(() => Money, { nullable: true, description: "Tax amount expressed in the given currency" }) taxAmount?: Money | null;
}

/** Recording a rate is an extension to TMF678 (which only reads them): what a rating system sends. */
export const RATE_MANDATORY = ["billingAccount", "taxIncludedAmount"] as const satisfies readonly (keyof AppliedCustomerBillingRateAttributes)[];

const RATE_DOC = "A customer bill displays applied billing rates created before or during the billing process";
const RATE_INPUT_DOC = `${RATE_DOC} (recorded unbilled by a rating system: extension to TMF678; ${mandatoryDoc(RATE_MANDATORY)})`;

@InputType("AppliedCustomerBillingRateInput", { description: RATE_INPUT_DOC })
@ObjectType({ simpleResolvers: true, description: RATE_INPUT_DOC })
export class AppliedCustomerBillingRateAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "Name of the customer applied billing rate" }) name?: string | null;
  @Field(() => String, { nullable: true, description: "Additional data to be displayed on the bill for this customer applied billing rate" })
  description?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Type of the applied billing rate: appliedBillingCharge (any kind of charge except taxation charges: recurringCharge, oneTimeCharge, usageCharge), appliedBillingCredit (any kind of credit: rebate or productAlteration) or appliedPenaltyCharge",
  })
  appliedBillingRateType?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Creation date of the applied billing rate" }) date?: string | Date | null;
  @Field(() => [AppliedBillingTaxRate], { nullable: true, description: "The taxes of the rate" }) appliedTax?: AppliedBillingTaxRate[] | null;
  @Field(() => BillingAccountRef, { nullable: true, description: "The billing account the rate is charged to" }) billingAccount?: BillingAccountRef | null;
  @Field(() => [Characteristic], { nullable: true, description: "Characteristics of the rate" }) characteristic?: Characteristic[] | null;
  @Field(() => TimePeriod, { nullable: true, description: "The period the rate covers" }) periodCoverage?: TimePeriod | null;
  @Field(() => ProductRef, { nullable: true, description: "The product the rate is charged for" }) product?: ProductRef | null;
  @Field(() => Money, { nullable: true, description: "Amount of the rate, taxes excluded" }) taxExcludedAmount?: Money | null;
  @Field(() => Money, { nullable: true, description: "Amount of the rate, taxes included: what it adds to the bill (negative for a credit)" })
  taxIncludedAmount?: Money | null;
}

@ObjectType("AppliedCustomerBillingRate", { simpleResolvers: true, description: RATE_DOC })
export class AppliedCustomerBillingRate extends AppliedCustomerBillingRateAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} of the rate (server-assigned)` }) id!: string;
  @Field(() => Boolean, { description: "Whether the rate is on a bill (server-set: once a bill on demand or a bill run bills it)" }) isBilled!: boolean;
  @Field(() => CustomerBillRef, { nullable: true, description: "The bill the rate is on, once billed" }) bill?: CustomerBillRef | null;
}
