import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { TMF_DOC } from "../../tmf/extensible.type.js";
import type { Decimal } from "../../db/decimal.js";
import { accountInputDoc, PartyAccountCore } from "./account-core.type.js";
import type { LedgerColumns } from "./account-balance.type.js";
import { PARTY_ACCOUNT_MANDATORY } from "./party-account.type.js";

const SETTLEMENT_ACCOUNT_DOC =
  "A party account used for settlement purposes. It includes a description of the bill structure (frequency, presentation media, format and so on)";

/** TMF666 SettlementAccount attributes a client may write. */
@InputType("SettlementAccountInput", { description: accountInputDoc(SETTLEMENT_ACCOUNT_DOC, "SettlementAccount", PARTY_ACCOUNT_MANDATORY) })
@ObjectType({ simpleResolvers: true, description: accountInputDoc(SETTLEMENT_ACCOUNT_DOC, "SettlementAccount", PARTY_ACCOUNT_MANDATORY) })
export class SettlementAccountAttributes extends PartyAccountCore {}

@ObjectType("SettlementAccount", { simpleResolvers: true, description: SETTLEMENT_ACCOUNT_DOC })
export class SettlementAccount extends SettlementAccountAttributes implements LedgerColumns {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
  @Field(() => DateTimeScalar, { description: "Date of last modification of the account (server-set)" }) lastModified!: Date;
  /** Ledger columns behind `accountBalance` (see ledger.ts). */
  currency?: string | null;
  balanceValue?: Decimal;
  createdAt?: Date;
}
