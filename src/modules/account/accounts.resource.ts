import {
  FINANCIAL_ACCOUNT_MANDATORY, FinancialAccount, FinancialAccountAttributes, PARTY_ACCOUNT_MANDATORY, PartyAccount, PartyAccountAttributes,
  SettlementAccount, SettlementAccountAttributes,
} from "./party-account.type.js";
import { tmf666Resource } from "./tmf666-resource.js";

// TMF666's other accounts. Their events are the v4 swagger's: state and attribute changes of the
// party and settlement accounts; create, changes and delete of financial accounts.

const accountStorage = (table: string) => ({ table, updatedAt: "lastModified", foreignKeys: {}, indexed: ["name"] });

/** TMF666 PartyAccount. */
export const partyAccountResource = tmf666Resource({
  name: "PartyAccount", type: PartyAccount, input: PartyAccountAttributes, collection: "partyAccount", what: "party account",
  mandatory: PARTY_ACCOUNT_MANDATORY, storage: accountStorage("party_account"), events: { state: "state" },
  references: { financialAccount: () => financialAccountResource },
});

/** TMF666 SettlementAccount: the account of a partner. */
export const settlementAccountResource = tmf666Resource({
  name: "SettlementAccount", type: SettlementAccount, input: SettlementAccountAttributes, collection: "settlementAccount", what: "settlement account",
  mandatory: PARTY_ACCOUNT_MANDATORY, storage: accountStorage("settlement_account"), events: { state: "state" },
  references: { financialAccount: () => financialAccountResource },
});

/** TMF666 FinancialAccount: its balance is the sum of the billing accounts that name it as their financialAccount. */
export const financialAccountResource = tmf666Resource({
  name: "FinancialAccount", type: FinancialAccount, input: FinancialAccountAttributes, collection: "financialAccount", what: "financial account",
  mandatory: FINANCIAL_ACCOUNT_MANDATORY, storage: accountStorage("financial_account"), events: { create: true, delete: true, state: "state" },
  deleteNote: "no billing account refers to",
});
