import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Extensible, TMF_DOC } from "../../tmf/extensible.type.js";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { TimePeriod } from "../../tmf/time-period.type.js";
import { BillingCycleSpecificationAttributes } from "../account/bill-structure.type.js";
import { BillCycleSpecificationRef } from "./bill-refs.type.js";

/**
 * TMF678 BillCycleSpecification: TMF666's billing cycle specification seen through TMF678 (the
 * same attributes, the same rows), read-only there.
 */
@ObjectType("BillCycleSpecification", {
  simpleResolvers: true,
  description:
    "A detailed description of when to initiate a billing cycle and the various sub steps of a billing cycle (TMF678; written through TMF666 billingCycleSpecification)",
})
export class BillCycleSpecification extends BillingCycleSpecificationAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
}

const CYCLE_DOC = "A bill cycle: when a bill run happens, and the dates its bills carry";
const CYCLE_INPUT_DOC = `${CYCLE_DOC} (recorded by a billing system: extension to TMF678, which only reads them)`;

@InputType("BillCycleInput", { description: CYCLE_INPUT_DOC })
@ObjectType({ simpleResolvers: true, description: CYCLE_INPUT_DOC })
export class BillCycleAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "Name of the bill cycle" }) name?: string | null;
  @Field(() => String, { nullable: true, description: "Description of the bill cycle" }) description?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date of the bill run" }) billingDate?: string | Date | null;
  @Field(() => String, { nullable: true, description: "The billing period, e.g. month or quarter" }) billingPeriod?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date through which charges appear on the bills of the cycle" }) chargeDate?:
    | string
    | Date
    | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date through which credits appear on the bills of the cycle" }) creditDate?:
    | string
    | Date
    | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date the bills of the cycle are mailed" }) mailingDate?: string | Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date the bills of the cycle are due" }) paymentDueDate?: string | Date | null;
  @Field(() => BillCycleSpecificationRef, {
    nullable: true,
    description: "The bill cycle specification the cycle follows (TMF678 v4 spells it BillCycleSpecification: see the README's swagger errata)",
  })
  billCycleSpecification?: BillCycleSpecificationRef | null;
  @Field(() => TimePeriod, { nullable: true, description: "The period the bill cycle covers" }) validFor?: TimePeriod | null;
}

@ObjectType("BillCycle", { simpleResolvers: true, description: CYCLE_DOC })
export class BillCycle extends BillCycleAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} of the bill cycle (server-assigned)` }) id!: string;
}
