import { Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import { AccountBalance } from "./account-balance.type.js";
import { financialAccountResource, partyAccountResource, settlementAccountResource } from "./accounts.resource.js";
import { billFormatResource, billingCycleSpecificationResource, billPresentationMediaResource } from "./bill-structure.resource.js";
import { BillFormat, BillingCycleSpecification, BillPresentationMedia } from "./bill-structure.type.js";
import { FinancialAccount, PartyAccount, SettlementAccount } from "./party-account.type.js";

// TMF666's other resources: everything derives from their descriptions.

@Resolver(() => PartyAccount)
export class PartyAccountResolver extends createResourceResolver(partyAccountResource, (s) => s.partyAccounts) {}

@Resolver(() => SettlementAccount)
export class SettlementAccountResolver extends createResourceResolver(settlementAccountResource, (s) => s.settlementAccounts) {}

@Resolver(() => BillingCycleSpecification)
export class BillingCycleSpecificationResolver extends createResourceResolver(billingCycleSpecificationResource, (s) => s.billingCycleSpecifications) {}

@Resolver(() => BillFormat)
export class BillFormatResolver extends createResourceResolver(billFormatResource, (s) => s.billFormats) {}

@Resolver(() => BillPresentationMedia)
export class BillPresentationMediaResolver extends createResourceResolver(billPresentationMediaResource, (s) => s.billPresentationMedia) {}

/** A financial account's own field: its balance, the sum of the billing accounts under it. */
@Resolver(() => FinancialAccount)
export class FinancialAccountResolver extends createResourceResolver(financialAccountResource, (s) => s.financialAccounts) {
  @Extensions({ reads: [] })
  @FieldResolver(() => [AccountBalance], {
    description: "receivableBalance per currency: the sum of the balances of the billing accounts whose financialAccount is this account",
  })
  accountBalance(@Root() account: FinancialAccount, @Ctx() ctx: Context): Promise<AccountBalance[]> {
    const service = ctx.services.financialAccounts;
    return ctx.loaders.computedBy("FinancialAccount.accountBalance", (ids) => service.balances(ids), account.id);
  }
}
