import { Field, ObjectType } from "type-graphql";
import type { Decimal } from "../../db/decimal.js";
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

/** The ledger columns of an account bookings are made on (see ledger.ts). */
export interface LedgerColumns {
  currency?: string | null;
  balanceValue?: Decimal;
  createdAt?: Date;
}

/** An account's receivableBalance, from its ledger columns: none before its currency is known. */
export function receivableBalance(account: LedgerColumns): AccountBalance[] {
  if (!account.currency) return [];
  return [
    { balanceType: "receivableBalance", amount: { unit: account.currency, value: account.balanceValue }, validFor: { startDateTime: account.createdAt } },
  ];
}
