import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { mandatoryDoc, TMF_DOC } from "../../tmf/extensible.type.js";
import type { Decimal } from "../../db/decimal.js";
import { AccountCore, PartyAccountCore } from "./account-core.type.js";
import type { LedgerColumns } from "./account-balance.type.js";

/** PartyAccount_Create.required and SettlementAccount_Create.required in TMF666. */
export const PARTY_ACCOUNT_MANDATORY = ["name", "relatedParty"] as const satisfies readonly (keyof PartyAccountCore)[];
/** FinancialAccount_Create.required in TMF666. */
export const FINANCIAL_ACCOUNT_MANDATORY = ["name"] as const satisfies readonly (keyof AccountCore)[];

const PARTY_ACCOUNT_DOC = "Account used for billing or for settlement purposes concerning a given party (an organization or an individual)";
const SETTLEMENT_ACCOUNT_DOC =
  "A party account used for settlement purposes. It includes a description of the bill structure (frequency, presentation media, format and so on)";
const FINANCIAL_ACCOUNT_DOC =
  "An account of money owed by a party to another entity in exchange for goods or services that have been delivered or used; it aggregates the party accounts that refer to it";
const inputDoc = (doc: string, type: string, mandatory: readonly string[]) => `${doc} (TMF666 ${type}_Create / _Update; ${mandatoryDoc(mandatory)})`;

/** TMF666 PartyAccount attributes a client may write. */
@InputType("PartyAccountInput", { description: inputDoc(PARTY_ACCOUNT_DOC, "PartyAccount", PARTY_ACCOUNT_MANDATORY) })
@ObjectType({ simpleResolvers: true, description: inputDoc(PARTY_ACCOUNT_DOC, "PartyAccount", PARTY_ACCOUNT_MANDATORY) })
export class PartyAccountAttributes extends PartyAccountCore {}

@ObjectType("PartyAccount", { simpleResolvers: true, description: PARTY_ACCOUNT_DOC })
export class PartyAccount extends PartyAccountAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
  @Field(() => DateTimeScalar, { description: "Date of last modification of the account (server-set)" }) lastModified!: Date;
}

/** TMF666 SettlementAccount attributes a client may write. */
@InputType("SettlementAccountInput", { description: inputDoc(SETTLEMENT_ACCOUNT_DOC, "SettlementAccount", PARTY_ACCOUNT_MANDATORY) })
@ObjectType({ simpleResolvers: true, description: inputDoc(SETTLEMENT_ACCOUNT_DOC, "SettlementAccount", PARTY_ACCOUNT_MANDATORY) })
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

/** TMF666 FinancialAccount attributes a client may write. */
@InputType("FinancialAccountInput", { description: inputDoc(FINANCIAL_ACCOUNT_DOC, "FinancialAccount", FINANCIAL_ACCOUNT_MANDATORY) })
@ObjectType({ simpleResolvers: true, description: inputDoc(FINANCIAL_ACCOUNT_DOC, "FinancialAccount", FINANCIAL_ACCOUNT_MANDATORY) })
export class FinancialAccountAttributes extends AccountCore {}

@ObjectType("FinancialAccount", { simpleResolvers: true, description: FINANCIAL_ACCOUNT_DOC })
export class FinancialAccount extends FinancialAccountAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
  @Field(() => DateTimeScalar, { description: "Date of last modification of the account (server-set)" }) lastModified!: Date;
}
