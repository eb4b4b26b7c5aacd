import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import type { Decimal } from "../../db/decimal.js";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { FinancialAccountRef, PaymentMethodRef, RelatedParty } from "../../tmf/refs.type.js";

/** TMF666 BillingAccount attributes a client may write (BillingAccount_Create / _Update). */
@InputType("BillingAccountInput", { description: "TMF666 BillingAccount attributes (create: name and relatedParty are mandatory)" })
@ObjectType()
export class BillingAccountAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "Name of the account" }) name?: string | null;
  @Field(() => String, { nullable: true, description: "A categorization of an account, such as individual, joint, and so forth" })
  accountType?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
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
  @Field(() => PaymentMethodRef, { nullable: true }) defaultPaymentMethod?: PaymentMethodRef | null;
  @Field(() => FinancialAccountRef, { nullable: true }) financialAccount?: FinancialAccountRef | null;
  @Field(() => GraphQLJSON, { nullable: true, description: "TMF666 Contact[] (open structure)" }) contact?: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: "TMF666 AccountRelationship[] (open structure)" }) accountRelationship?: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: "TMF666 BillStructure (open structure)" }) billStructure?: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: "TMF666 PaymentPlan[] (open structure)" }) paymentPlan?: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: "TMF666 TaxExemptionCertificate[] (open structure)" }) taxExemption?: unknown;
}

/** BillingAccount_Create.required in TMF666. */
export const BILLING_ACCOUNT_MANDATORY = ["name", "relatedParty"] as const satisfies readonly (keyof BillingAccountAttributes)[];

@ObjectType("BillingAccount", { simpleResolvers: true, description: "TMF666: an account used for billing purposes, owned by a customer" })
export class BillingAccount extends BillingAccountAttributes {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar, { description: "Date of last modification of the account (server-set)" }) lastModified!: Date;
  /** Foreign key of the owning customer, derived from relatedParty (not a TMF attribute). */
  customerId?: string | null;
  /** Ledger columns behind `accountBalance` (see ledger.ts). */
  currency?: string | null;
  balanceValue?: Decimal;
}
