import { Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import { AccountBalance, receivableBalance } from "./account-balance.type.js";
import { SettlementAccount } from "./settlement-account.type.js";

/** A settlement account's own field beside those of its description: its balance, from the ledger columns. */
@Resolver(() => SettlementAccount)
export class SettlementAccountFields {
  @Extensions({ reads: [] }) // the ledger columns: always read
  @FieldResolver(() => [AccountBalance], { description: "receivableBalance: refunds − payments booked on the account (negative: the partner is in credit)" })
  accountBalance(@Root() account: SettlementAccount): AccountBalance[] {
    return receivableBalance(account);
  }
}
