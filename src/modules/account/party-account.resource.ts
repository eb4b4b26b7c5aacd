import { ACCOUNT_REFERENCES, PARTY_ACCOUNT_RELATIONS } from "./account-references.resource.js";
import { PARTY_ACCOUNT_MANDATORY, PartyAccount, PartyAccountAttributes } from "./party-account.type.js";
import { accountStorage, tmf666Resource } from "./tmf666-resource.js";
import { PARTY_ACCOUNT_V5 } from "./account-v5.shapes.js";

/** TMF666 PartyAccount. Its events are v5's (v4 names its state and attribute changes only), on both versions' hubs. */
export const partyAccountResource = tmf666Resource({
  name: "PartyAccount",
  type: PartyAccount,
  input: PartyAccountAttributes,
  collection: "partyAccount",
  what: "party account",
  v5: PARTY_ACCOUNT_V5,
  mandatory: PARTY_ACCOUNT_MANDATORY,
  storage: accountStorage("party_account"),
  events: { create: true, delete: true, state: "state" },
  references: ACCOUNT_REFERENCES,
  relations: PARTY_ACCOUNT_RELATIONS,
});
