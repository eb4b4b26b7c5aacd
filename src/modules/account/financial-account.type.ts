import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { TMF_DOC } from "../../tmf/extensible.type.js";
import { AccountCore, accountInputDoc } from "./account-core.type.js";

/** FinancialAccount_Create.required in TMF666. */
export const FINANCIAL_ACCOUNT_MANDATORY = ["name"] as const satisfies readonly (keyof AccountCore)[];

const FINANCIAL_ACCOUNT_DOC =
  "An account of money owed by a party to another entity in exchange for goods or services that have been delivered or used; it aggregates the party accounts that refer to it";

/** TMF666 FinancialAccount attributes a client may write. */
@InputType("FinancialAccountInput", { description: accountInputDoc(FINANCIAL_ACCOUNT_DOC, "FinancialAccount", FINANCIAL_ACCOUNT_MANDATORY) })
@ObjectType({ simpleResolvers: true, description: accountInputDoc(FINANCIAL_ACCOUNT_DOC, "FinancialAccount", FINANCIAL_ACCOUNT_MANDATORY) })
export class FinancialAccountAttributes extends AccountCore {}

@ObjectType("FinancialAccount", { simpleResolvers: true, description: FINANCIAL_ACCOUNT_DOC })
export class FinancialAccount extends FinancialAccountAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
  @Field(() => DateTimeScalar, { description: "Date of last modification of the account (server-set)" }) lastModified!: Date;
}
