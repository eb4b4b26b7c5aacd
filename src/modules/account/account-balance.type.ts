import { Field, ObjectType } from "type-graphql";
import { Extensible } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";

/** TMF666 AccountBalance (server-computed): `receivableBalance` = bills due − payments + refunds. */
@ObjectType("AccountBalance", { simpleResolvers: true })
export class AccountBalance extends Extensible {
  @Field(() => String, { description: "receivableBalance; negative means the customer is in credit" }) balanceType!: string;
  @Field(() => Money) amount!: Money;
  @Field(() => TimePeriod) validFor!: TimePeriod;
}
