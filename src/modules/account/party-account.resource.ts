import { ACCOUNT_REFERENCES, PARTY_ACCOUNT_RELATIONS } from "./account-references.resource.js";
import { PARTY_ACCOUNT_MANDATORY, PartyAccount, PartyAccountAttributes } from "./party-account.type.js";
import { accountStorage, tmf666Resource } from "./tmf666-resource.js";

/** TMF666 PartyAccount. Its events are the v4 swagger's: its state changes and attribute changes. */
export const partyAccountResource = tmf666Resource({
  name: "PartyAccount",
  type: PartyAccount,
  input: PartyAccountAttributes,
  collection: "partyAccount",
  what: "party account",
  mandatory: PARTY_ACCOUNT_MANDATORY,
  storage: accountStorage("party_account"),
  events: { state: "state" },
  references: ACCOUNT_REFERENCES,
  relations: PARTY_ACCOUNT_RELATIONS,
});
