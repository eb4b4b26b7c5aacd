import {
  FINANCIAL_ACCOUNT_MANDATORY, FinancialAccount, FinancialAccountAttributes, PARTY_ACCOUNT_MANDATORY, PartyAccount, PartyAccountAttributes,
  SettlementAccount, SettlementAccountAttributes,
} from "./party-account.type.js";
import type { Relation } from "../../resource/description.js";
import { billFormatResource, billingCycleSpecificationResource } from "./bill-structure.resource.js";
import { tmf666Resource } from "./tmf666-resource.js";

// TMF666's other accounts. Their events are the v4 swagger's: state and attribute changes of the
// party and settlement accounts; create, changes and delete of financial accounts.

/** What a party account's references navigate to (GraphQL), through the references themselves. */
export const PARTY_ACCOUNT_RELATIONS: Relation[] = [
  { name: "aggregatedIn", description: "The financial account its financialAccount refers to", to: () => financialAccountResource, column: "financialAccount" },
  {
    name: "billingCycleSpecification",
    description: "The billing cycle specification its billStructure.cycleSpecification refers to",
    to: () => billingCycleSpecificationResource,
    column: "billStructure.cycleSpecification",
  },
  { name: "billFormat", description: "The bill format its billStructure.format refers to", to: () => billFormatResource, column: "billStructure.format" },
];

const accountStorage = (table: string) => ({ table, updatedAt: "lastModified", foreignKeys: {}, indexed: ["name"] });

/** TMF666 PartyAccount. */
export const partyAccountResource = tmf666Resource({
  name: "PartyAccount", type: PartyAccount, input: PartyAccountAttributes, collection: "partyAccount", what: "party account",
  mandatory: PARTY_ACCOUNT_MANDATORY, storage: accountStorage("party_account"), events: { state: "state" },
  references: { financialAccount: () => financialAccountResource },
  relations: PARTY_ACCOUNT_RELATIONS,
});

/** TMF666 SettlementAccount: the account of a partner; payments and refunds book on it as on a billing account. */
export const settlementAccountResource = tmf666Resource({
  name: "SettlementAccount", type: SettlementAccount, input: SettlementAccountAttributes, collection: "settlementAccount", what: "settlement account",
  mandatory: PARTY_ACCOUNT_MANDATORY, storage: { ...accountStorage("settlement_account"), internal: ["currency", "balanceValue", "createdAt"] }, events: { state: "state" },
  references: { financialAccount: () => financialAccountResource },
  relations: PARTY_ACCOUNT_RELATIONS,
});

/** TMF666 FinancialAccount: its balance is the sum of the billing and settlement accounts that name it as their financialAccount. */
export const financialAccountResource = tmf666Resource({
  name: "FinancialAccount", type: FinancialAccount, input: FinancialAccountAttributes, collection: "financialAccount", what: "financial account",
  mandatory: FINANCIAL_ACCOUNT_MANDATORY, storage: accountStorage("financial_account"), events: { create: true, delete: true, state: "state" },
  deleteNote: "no billing account refers to",
});
