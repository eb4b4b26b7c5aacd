import { FINANCIAL_ACCOUNT_MANDATORY, FinancialAccount, FinancialAccountAttributes } from "./financial-account.type.js";
import { accountStorage, tmf666Resource } from "./tmf666-resource.js";
import { ACCOUNT_V5 } from "./account-v5.shapes.js";

/** TMF666 FinancialAccount: its balance is the sum of the billing and settlement accounts that name it as their financialAccount. */
export const financialAccountResource = tmf666Resource({
  name: "FinancialAccount",
  type: FinancialAccount,
  input: FinancialAccountAttributes,
  collection: "financialAccount",
  what: "financial account",
  v5: ACCOUNT_V5,
  mandatory: FINANCIAL_ACCOUNT_MANDATORY,
  storage: accountStorage("financial_account"),
  events: { create: true, delete: true, state: "state" },
  deleteNote: "no billing account refers to",
});
