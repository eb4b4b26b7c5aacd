import { Field, ObjectType } from "type-graphql";
import { Extensible } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";

/** TMF666 AccountBalance (server-computed): `receivableBalance` = bills due − payments + refunds. */
@ObjectType("AccountBalance", { simpleResolvers: true, description: "Balances linked to the account" })
export class AccountBalance extends Extensible {
  @Field(() => String, {
    description: "Type of the balance: here receivableBalance (bills due − payments + refunds; negative means the customer is in credit)",
  })
  balanceType!: string;
  @Field(() => Money, { description: "Balance amount" }) amount!: Money;
  @Field(() => TimePeriod, { description: "Balance validity period (from the account's creation)" }) validFor!: TimePeriod;
}
