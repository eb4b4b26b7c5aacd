import { Field, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar } from "./scalars.js";

@ObjectType("TimePeriod", { simpleResolvers: true, description: "A period of time, either as a deadline (endDateTime only) a startDateTime only, or both" })
@InputType("TimePeriodInput")
export class TimePeriod {
  @Field(() => DateTimeScalar, { nullable: true, description: "Start of the time period" })
  startDateTime?: string | Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "End of the time period" })
  endDateTime?: string | Date | null;
}
