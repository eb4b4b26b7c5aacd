import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import type { Decimal } from "../../db/decimal.js";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible, mandatoryDoc, TMF_DOC } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { FinancialAccountRef, PaymentMethodRef, RelatedParty } from "../../tmf/refs.type.js";

/** BillingAccount_Create.required in TMF666. */
export const BILLING_ACCOUNT_MANDATORY = ["name", "relatedParty"] as const satisfies readonly (keyof BillingAccountAttributes)[];

const BILLING_ACCOUNT_DOC = "A party account used for billing purposes";
const BILLING_ACCOUNT_INPUT_DOC =
  `${BILLING_ACCOUNT_DOC} (TMF666 BillingAccount_Create / _Update; ${mandatoryDoc(BILLING_ACCOUNT_MANDATORY)})`;

/** TMF666 BillingAccount attributes a client may write (BillingAccount_Create / _Update). */
@InputType("BillingAccountInput", { description: BILLING_ACCOUNT_INPUT_DOC })
@ObjectType({ simpleResolvers: true, description: BILLING_ACCOUNT_INPUT_DOC })
export class BillingAccountAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "Name of the account" }) name?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "A categorization of an account, such as individual, joint, and so forth, whose instances share some of the same characteristics",
  })
  accountType?: string | null;
  @Field(() => String, { nullable: true, description: "Detailed description of the party account" }) description?: string | null;
  @Field(() => String, { nullable: true, description: "The condition of the account, such as due, paid, in arrears" })
  paymentStatus?: string | null;
  @Field(() => String, { nullable: true, description: "Indicates whether the account follows a specific payment option such as prepaid or postpaid" })
  ratingType?: string | null;
  @Field(() => String, { nullable: true, description: "Contains the lifecycle state such as: Active, Closed, Suspended and so on" })
  state?: string | null;
  @Field(() => Money, { nullable: true, description: "The maximum amount of money that may be charged on an account" })
  creditLimit?: Money | null;
  @Field(() => [RelatedParty], { nullable: true, description: "Parties of the account; the one with @referredType or role Customer is the owning customer" })
  relatedParty?: RelatedParty[] | null;
  @Field(() => PaymentMethodRef, { nullable: true, description: "The payment method used by default to settle the bills of the account" })
  defaultPaymentMethod?: PaymentMethodRef | null;
  @Field(() => FinancialAccountRef, { nullable: true, description: "The account receivable this billing account is aggregated in" })
  financialAccount?: FinancialAccountRef | null;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: "TMF666 Contact[] (open structure): individuals or organizations used as contact points for the account",
  })
  contact?: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: "TMF666 AccountRelationship[] (open structure): significant connections to other accounts" })
  accountRelationship?: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: "TMF666 BillStructure (open structure): the structure of the bill for the account" })
  billStructure?: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: "TMF666 PaymentPlan[] (open structure): plans to spread payments" })
  paymentPlan?: unknown;
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: "TMF666 TaxExemptionCertificate[] (open structure): tax exemptions granted to the party by tax jurisdictions",
  })
  taxExemption?: unknown;
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
}
