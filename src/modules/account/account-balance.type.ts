import { Field, ObjectType } from "type-graphql";
import { Extensible } from "../common/extensible.type.js";
import { Money } from "../common/money.type.js";
import { TimePeriod } from "../common/time-period.type.js";

/** TMF666 AccountBalance (server-computed): `receivableBalance` = bills due − payments + refunds. */
@ObjectType("AccountBalance", { simpleResolvers: true })
export class AccountBalance extends Extensible {
  @Field(() => String, { description: "receivableBalance; negative means the customer is in credit" }) balanceType!: string;
  @Field(() => Money) amount!: Money;
  @Field(() => TimePeriod) validFor!: TimePeriod;
}
