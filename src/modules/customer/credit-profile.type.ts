import { Field, Int } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible, ObjectAndInputType } from "../../tmf/extensible.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";

@ObjectAndInputType("CreditProfile", "Credit profile for the party (containing credit scoring, …)")
export class CreditProfile extends Extensible {
  @Field(() => String, { nullable: true, description: "Identifier of the credit profile (TMF v5)" }) id?: string | null;
  @Field(() => String, { nullable: true, description: "Hyperlink reference of the credit profile (TMF v5)" }) href?: string | null;
  // Nullable: TMF629 v4 requires creditProfileDate and validFor, v5 neither.
  @Field(() => DateTimeScalar, { nullable: true, description: "The date the profile was established (TMF629 v4 requires it)" })
  creditProfileDate?: string | null;
  @Field(() => Int, { nullable: true, description: "This is an integer whose value is used to rate the risk" })
  creditRiskRating?: number | null;
  @Field(() => Int, {
    nullable: true,
    description:
      "A measure of a person or organizations creditworthiness calculated on the basis of a combination of factors such as their income and credit history",
  })
  creditScore?: number | null;
  @Field(() => TimePeriod, { nullable: true, description: "The period for which the profile is valid (TMF629 v4 requires it)" }) validFor?: TimePeriod | null;
}
