import { ACCOUNT_REFERENCES, PARTY_ACCOUNT_RELATIONS } from "./account-references.resource.js";
import { PARTY_ACCOUNT_MANDATORY } from "./party-account.type.js";
import { SettlementAccount, SettlementAccountAttributes } from "./settlement-account.type.js";
import { accountStorage, tmf666Resource } from "./tmf666-resource.js";
import { PARTY_ACCOUNT_V5 } from "./account-v5.shapes.js";

/** TMF666 SettlementAccount: the account of a partner; payments and refunds book on it as on a billing account. */
export const settlementAccountResource = tmf666Resource({
  name: "SettlementAccount",
  type: SettlementAccount,
  input: SettlementAccountAttributes,
  collection: "settlementAccount",
  what: "settlement account",
  v5: PARTY_ACCOUNT_V5,
  mandatory: PARTY_ACCOUNT_MANDATORY,
  storage: { ...accountStorage("settlement_account"), internal: ["currency", "balanceValue", "createdAt"] },
  events: { create: true, delete: true, state: "state" },
  references: ACCOUNT_REFERENCES,
  relations: PARTY_ACCOUNT_RELATIONS,
});
