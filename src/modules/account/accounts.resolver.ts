import { Ctx, Extensions, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { withHref } from "../../graphql/ref-href.js";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import { restOf, type ResourceDescription } from "../../resource/description.js";
import { AccountBalance, receivableBalance } from "./account-balance.type.js";
import { financialAccountResource, partyAccountResource, settlementAccountResource } from "./accounts.resource.js";
import { billFormatResource, billingCycleSpecificationResource, billPresentationMediaResource } from "./bill-structure.resource.js";
import {
  BillFormat, BillFormatRefOrValue, BillingCycleSpecification, BillingCycleSpecificationRefOrValue, BillPresentationMedia,
  BillPresentationMediaRefOrValue, BillStructure,
} from "./bill-structure.type.js";
import { FinancialAccount, PartyAccount, SettlementAccount } from "./party-account.type.js";

// TMF666's other resources: everything derives from their descriptions.

@Resolver(() => PartyAccount)
export class PartyAccountResolver extends createResourceResolver(partyAccountResource, (s) => s.partyAccounts) {}

@Resolver(() => SettlementAccount)
export class SettlementAccountResolver extends createResourceResolver(settlementAccountResource, (s) => s.settlementAccounts) {
  @Extensions({ reads: [] }) // the ledger columns: always read
  @FieldResolver(() => [AccountBalance], { description: "receivableBalance: refunds − payments booked on the account (negative: the partner is in credit)" })
  accountBalance(@Root() account: SettlementAccount): AccountBalance[] {
    return receivableBalance(account);
  }
}

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
    description: "receivableBalance per currency: the sum of the balances of the billing and settlement accounts whose financialAccount is this account",
  })
  accountBalance(@Root() account: FinancialAccount, @Ctx() ctx: Context): Promise<AccountBalance[]> {
    const service = ctx.services.financialAccounts;
    return ctx.loaders.computedBy("FinancialAccount.accountBalance", (ids) => service.balances(ids), account.id);
  }
}

/** A bill structure's part as given, with the href of the resource it refers to when it refers to one. */
function refOrValue<R extends { id?: string | null }>(part: R | null | undefined, target: ResourceDescription, ctx: Context): R | null {
  return part?.id ? (withHref(part as R & { id: string }, restOf(target), ctx) as R) : (part ?? null);
}

/** The parts of an account's bill structure that refer to TMF666 resources carry their href. */
@Resolver(() => BillStructure)
export class BillStructureResolver {
  @FieldResolver(() => BillingCycleSpecificationRefOrValue, { nullable: true, description: "When the account's bills are produced" })
  cycleSpecification(@Root() structure: BillStructure, @Ctx() ctx: Context) {
    return refOrValue(structure.cycleSpecification, billingCycleSpecificationResource, ctx);
  }

  @FieldResolver(() => BillFormatRefOrValue, { nullable: true, description: "How the account's bills are presented" })
  format(@Root() structure: BillStructure, @Ctx() ctx: Context) {
    return refOrValue(structure.format, billFormatResource, ctx);
  }

  @FieldResolver(() => [BillPresentationMediaRefOrValue], { nullable: true, description: "How the account's bills are communicated" })
  presentationMedia(@Root() structure: BillStructure, @Ctx() ctx: Context) {
    return structure.presentationMedia?.map((media) => refOrValue(media, billPresentationMediaResource, ctx)) ?? null;
  }
}
