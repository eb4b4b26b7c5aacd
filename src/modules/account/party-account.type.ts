import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { TMF_DOC } from "../../tmf/extensible.type.js";
import { accountInputDoc, PartyAccountCore } from "./account-core.type.js";

/** PartyAccount_Create.required and SettlementAccount_Create.required in TMF666. */
export const PARTY_ACCOUNT_MANDATORY = ["name", "relatedParty"] as const satisfies readonly (keyof PartyAccountCore)[];

const PARTY_ACCOUNT_DOC = "Account used for billing or for settlement purposes concerning a given party (an organization or an individual)";

/** TMF666 PartyAccount attributes a client may write. */
@InputType("PartyAccountInput", { description: accountInputDoc(PARTY_ACCOUNT_DOC, "PartyAccount", PARTY_ACCOUNT_MANDATORY) })
@ObjectType({ simpleResolvers: true, description: accountInputDoc(PARTY_ACCOUNT_DOC, "PartyAccount", PARTY_ACCOUNT_MANDATORY) })
export class PartyAccountAttributes extends PartyAccountCore {}

@ObjectType("PartyAccount", { simpleResolvers: true, description: PARTY_ACCOUNT_DOC })
export class PartyAccount extends PartyAccountAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
  @Field(() => DateTimeScalar, { description: "Date of last modification of the account (server-set)" }) lastModified!: Date;
}
