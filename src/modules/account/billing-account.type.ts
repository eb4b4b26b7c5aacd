import { Field, ID, InputType, ObjectType } from "type-graphql";
import type { Decimal } from "../../db/decimal.js";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { mandatoryDoc, TMF_DOC } from "../../tmf/extensible.type.js";
import { PartyAccountCore } from "./account-core.type.js";

/** BillingAccount_Create.required in TMF666. */
export const BILLING_ACCOUNT_MANDATORY = ["name", "relatedParty"] as const satisfies readonly (keyof BillingAccountAttributes)[];

const BILLING_ACCOUNT_DOC = "A party account used for billing purposes";
const BILLING_ACCOUNT_INPUT_DOC = `${BILLING_ACCOUNT_DOC} (TMF666 BillingAccount_Create / _Update; ${mandatoryDoc(BILLING_ACCOUNT_MANDATORY)})`;

/** TMF666 BillingAccount attributes a client may write (BillingAccount_Create / _Update). */
@InputType("BillingAccountInput", { description: BILLING_ACCOUNT_INPUT_DOC })
@ObjectType({ simpleResolvers: true, description: BILLING_ACCOUNT_INPUT_DOC })
export class BillingAccountAttributes extends PartyAccountCore {
  @Field(() => String, { nullable: true, description: "Indicates whether the account follows a specific payment option such as prepaid or postpaid" })
  ratingType?: string | null;
}

@ObjectType("BillingAccount", {
  simpleResolvers: true,
  description: `${BILLING_ACCOUNT_DOC}. It includes a description of the bill structure (frequency, presentation media, format and so on)`,
})
export class BillingAccount extends BillingAccountAttributes {
  @Field(() => ID, { description: `${TMF_DOC.id} (server-assigned)` }) id!: string;
  @Field(() => DateTimeScalar, { description: "Date of last modification of the account (server-set)" }) lastModified!: Date;
  /** Foreign key of the owning customer, derived from relatedParty (not a TMF attribute). */
  customerId?: string | null;
  /** Ledger columns behind `accountBalance` (see ledger.ts). */
  currency?: string | null;
  balanceValue?: Decimal;
  createdAt?: Date;
}
