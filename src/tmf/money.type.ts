import { Field } from "type-graphql";
import type { Decimal } from "../db/decimal.js";
import { ObjectAndInputType } from "./extensible.type.js";
import { DecimalScalar } from "./scalars.js";

@ObjectAndInputType("Money", "A base / value business entity used to represent money")
export class Money {
  @Field(() => String, { nullable: true, description: "Currency (ISO4217 norm uses 3 letters to define the currency)" })
  unit?: string | null;

  // TMF666's wording: TMF676/678 say "positive", but a balance may be negative.
  @Field(() => DecimalScalar, {
    nullable: true,
    description: "A signed number (exact decimal), the meaning of the sign is according to the context of the API that uses this Data type",
  })
  value?: Decimal | null;
}
