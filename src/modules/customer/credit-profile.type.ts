import { Field, InputType, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible } from "../../tmf/extensible.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";

@ObjectType("CreditProfile", { simpleResolvers: true, description: "Credit profile for the party (containing credit scoring, …)" })
@InputType("CreditProfileInput")
export class CreditProfile extends Extensible {
  @Field(() => DateTimeScalar, { description: "The date the profile was established" }) creditProfileDate!: string;
  @Field(() => Int, { nullable: true }) creditRiskRating?: number | null;
  @Field(() => Int, { nullable: true }) creditScore?: number | null;
  @Field(() => TimePeriod) validFor!: TimePeriod;
}
