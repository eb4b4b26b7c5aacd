import { Field } from "type-graphql";
import { ObjectAndInputType } from "./extensible.type.js";
import { DateTimeScalar } from "./scalars.js";

@ObjectAndInputType("TimePeriod", "A period of time, either as a deadline (endDateTime only) a startDateTime only, or both")
export class TimePeriod {
  @Field(() => DateTimeScalar, { nullable: true, description: "Start of the time period, using IETF-RFC-3339 format" })
  startDateTime?: string | Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "End of the time period, using IETF-RFC-3339 format" })
  endDateTime?: string | Date | null;
}
