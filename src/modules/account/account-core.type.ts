import { Field, InputType, ObjectType } from "type-graphql";
import { Extensible, mandatoryDoc } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { FinancialAccountRef, PaymentMethodRef, RelatedParty } from "../../tmf/refs.type.js";
import { BillStructure } from "./bill-structure.type.js";
import { JsonScalar } from "../../tmf/scalars.js";

// The attributes TMF666's accounts share, declared once: every account (FinancialAccount's
// attributes), and the party accounts' (PartyAccount, BillingAccount, SettlementAccount) on top.

const CORE_DOC = "What every TMF666 account has";
const PARTY_DOC = "What TMF666's party accounts have";

/** The description of an account's input type: its TMF666 create/update schemas and what they require. */
export const accountInputDoc = (doc: string, type: string, mandatory: readonly string[]) =>
  `${doc} (TMF666 ${type}_Create / _Update; ${mandatoryDoc(mandatory)})`;

/** What every TMF666 account has (the attributes of FinancialAccount a client may write). */
@InputType({ description: CORE_DOC })
@ObjectType({ simpleResolvers: true, description: CORE_DOC })
export abstract class AccountCore extends Extensible {
  @Field(() => String, { nullable: true, description: "Name of the account" }) name?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "A categorization of an account, such as individual, joint, and so forth, whose instances share some of the same characteristics",
  })
  accountType?: string | null;
  @Field(() => String, { nullable: true, description: "Detailed description of the account" }) description?: string | null;
  @Field(() => String, { nullable: true, description: "Contains the lifecycle state such as: Active, Closed, Suspended and so on" })
  state?: string | null;
  @Field(() => Money, { nullable: true, description: "The maximum amount of money that may be charged on an account" })
  creditLimit?: Money | null;
  @Field(() => [RelatedParty], { nullable: true, description: "Parties of the account; the one with @referredType or role Customer is the owning customer" })
  relatedParty?: RelatedParty[] | null;
  @Field(() => JsonScalar, {
    nullable: true,
    description: "TMF666 Contact[] (open structure): individuals or organizations used as contact points for the account",
  })
  contact?: unknown;
  @Field(() => JsonScalar, { nullable: true, description: "TMF666 AccountRelationship[] (open structure): significant connections to other accounts" })
  accountRelationship?: unknown;
  @Field(() => JsonScalar, {
    nullable: true,
    description: "TMF666 TaxExemptionCertificate[] (open structure): tax exemptions granted to the party by tax jurisdictions",
  })
  taxExemption?: unknown;
}

/** What the party accounts (PartyAccount, BillingAccount, SettlementAccount) add to every account's attributes. */
@InputType({ description: PARTY_DOC })
@ObjectType({ simpleResolvers: true, description: PARTY_DOC })
export abstract class PartyAccountCore extends AccountCore {
  @Field(() => String, { nullable: true, description: "The condition of the account, such as due, paid, in arrears" })
  paymentStatus?: string | null;
  @Field(() => PaymentMethodRef, { nullable: true, description: "The payment method used by default to settle the bills of the account" })
  defaultPaymentMethod?: PaymentMethodRef | null;
  @Field(() => FinancialAccountRef, { nullable: true, description: "The account receivable this account is aggregated in" })
  financialAccount?: FinancialAccountRef | null;
  @Field(() => BillStructure, { nullable: true, description: "The cycle specification, format and presentation media of the account's bills" })
  billStructure?: BillStructure | null;
  @Field(() => JsonScalar, { nullable: true, description: "TMF666 PaymentPlan[] (open structure): plans to spread payments" })
  paymentPlan?: unknown;
}
