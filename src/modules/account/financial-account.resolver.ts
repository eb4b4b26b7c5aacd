import { Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import type { AppContext } from "../context.js";
import { AccountBalance } from "./account-balance.type.js";
import { FinancialAccount } from "./financial-account.type.js";

/** A financial account's own field: its balance, the sum of the billing accounts under it. */
@Resolver(() => FinancialAccount)
export class FinancialAccountFields {
  @Extensions({ reads: [] })
  @FieldResolver(() => [AccountBalance], {
    description: "receivableBalance per currency: the sum of the balances of the billing and settlement accounts whose financialAccount is this account",
  })
  accountBalance(@Root() account: FinancialAccount, @Ctx() ctx: AppContext): Promise<AccountBalance[]> {
    const service = ctx.services.financialAccounts;
    return ctx.loaders.computedBy("FinancialAccount.accountBalance", (ids) => service.balances(ids), account.id);
  }
}
