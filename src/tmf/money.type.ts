import { Field, InputType, ObjectType } from "type-graphql";
import type { Decimal } from "../db/decimal.js";
import { DecimalScalar } from "./scalars.js";

@ObjectType("Money", { simpleResolvers: true, description: "A base / value business entity used to represent money" })
@InputType("MoneyInput")
export class Money {
  @Field(() => String, { nullable: true, description: "Currency (ISO4217 norm uses 3 letters to define the currency)" })
  unit?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "A positive floating point number (exact decimal)" })
  value?: Decimal | null;
}
