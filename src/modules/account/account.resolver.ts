import { Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import { AccountBalance, receivableBalance } from "./account-balance.type.js";
import { billingAccountResource } from "./account.resource.js";
import { BillingAccount } from "./account.type.js";

/** A billing account's own field: its balance, computed from the ledger columns. */
@Resolver(() => BillingAccount)
export class AccountResolver extends createResourceResolver(billingAccountResource, (s) => s.accounts) {
  @Extensions({ reads: [] }) // the ledger columns / the id: always read
  @FieldResolver(() => [AccountBalance], { description: "receivableBalance: bills due − payments + refunds (negative: credit)" })
  accountBalance(@Root() account: BillingAccount): AccountBalance[] {
    return receivableBalance(account);
  }
}
