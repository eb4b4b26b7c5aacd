import {
  FINANCIAL_ACCOUNT_MANDATORY, FinancialAccount, FinancialAccountAttributes, PARTY_ACCOUNT_MANDATORY, PartyAccount, PartyAccountAttributes,
  SettlementAccount, SettlementAccountAttributes,
} from "./party-account.type.js";
import type { Relation, ResourceDescription } from "../../resource/description.js";
import { billFormatResource, billingCycleSpecificationResource, billPresentationMediaResource } from "./bill-structure.resource.js";
import { tmf666Resource } from "./tmf666-resource.js";

// TMF666's other accounts. Their events are the v4 swagger's: state and attribute changes of the
// party and settlement accounts; create, changes and delete of financial accounts.

/** A reference an account (billing, party, settlement) holds to another TMF666 resource of the gateway. */
export interface AccountReference {
  /** Its path in the account (`billStructure.format`); `list`: a list of references there. */
  path: string;
  list?: true;
  to: () => ResourceDescription;
  /** The GraphQL navigation that follows it, when there is one. */
  navigation?: { name: string; description: string };
}

/**
 * Every reference an account holds, stated once: the checks of a write and the refusal of a
 * referred resource's delete (account-references.ts), the `href`s and the navigations derive from it.
 */
export const ACCOUNT_REFERENCES: readonly AccountReference[] = [
  { path: "financialAccount", to: () => financialAccountResource, navigation: { name: "aggregatedIn", description: "The financial account its financialAccount refers to" } },
  {
    path: "billStructure.cycleSpecification",
    to: () => billingCycleSpecificationResource,
    navigation: { name: "billingCycleSpecification", description: "The billing cycle specification its billStructure.cycleSpecification refers to" },
  },
  { path: "billStructure.format", to: () => billFormatResource, navigation: { name: "billFormat", description: "The bill format its billStructure.format refers to" } },
  { path: "billStructure.presentationMedia", list: true, to: () => billPresentationMediaResource },
];

/** What a party account's references navigate to (GraphQL), through the references themselves. */
export const PARTY_ACCOUNT_RELATIONS: Relation[] = ACCOUNT_REFERENCES.flatMap(({ path, to, navigation }) => (navigation ? [{ ...navigation, to, column: path }] : []));

/** The account's own references (not inside its billStructure): their `href`s are derived. */
export const ACCOUNT_HREF_REFERENCES: ResourceDescription["references"] = Object.fromEntries(ACCOUNT_REFERENCES.filter((r) => !r.path.includes(".")).map((r) => [r.path, r.to]));

const accountStorage = (table: string) => ({ table, updatedAt: "lastModified", foreignKeys: {}, indexed: ["name"] });

/** TMF666 PartyAccount. */
export const partyAccountResource = tmf666Resource({
  name: "PartyAccount", type: PartyAccount, input: PartyAccountAttributes, collection: "partyAccount", what: "party account",
  mandatory: PARTY_ACCOUNT_MANDATORY, storage: accountStorage("party_account"), events: { state: "state" },
  references: ACCOUNT_HREF_REFERENCES,
  relations: PARTY_ACCOUNT_RELATIONS,
});

/** TMF666 SettlementAccount: the account of a partner; payments and refunds book on it as on a billing account. */
export const settlementAccountResource = tmf666Resource({
  name: "SettlementAccount", type: SettlementAccount, input: SettlementAccountAttributes, collection: "settlementAccount", what: "settlement account",
  mandatory: PARTY_ACCOUNT_MANDATORY, storage: { ...accountStorage("settlement_account"), internal: ["currency", "balanceValue", "createdAt"] }, events: { state: "state" },
  references: ACCOUNT_HREF_REFERENCES,
  relations: PARTY_ACCOUNT_RELATIONS,
});

/** TMF666 FinancialAccount: its balance is the sum of the billing and settlement accounts that name it as their financialAccount. */
export const financialAccountResource = tmf666Resource({
  name: "FinancialAccount", type: FinancialAccount, input: FinancialAccountAttributes, collection: "financialAccount", what: "financial account",
  mandatory: FINANCIAL_ACCOUNT_MANDATORY, storage: accountStorage("financial_account"), events: { create: true, delete: true, state: "state" },
  deleteNote: "no billing account refers to",
});
