import { Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import { AccountBalance, receivableBalance } from "./account-balance.type.js";
import { BillingAccount } from "./billing-account.type.js";

/** A billing account's own field beside those of its description: its balance, computed from the ledger columns. */
@Resolver(() => BillingAccount)
export class BillingAccountFields {
  @Extensions({ reads: [] }) // the ledger columns / the id: always read
  @FieldResolver(() => [AccountBalance], { description: "receivableBalance: bills due − payments + refunds (negative: credit)" })
  accountBalance(@Root() account: BillingAccount): AccountBalance[] {
    return receivableBalance(account);
  }
}
