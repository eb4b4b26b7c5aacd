import { Field, InputType, ObjectType } from "type-graphql";
import { EntityRefBase } from "./extensible.type.js";

// The TMF reference types. They share EntityRef's shape; distinct names keep the schema aligned with
// the swaggers (AccountRef, RelatedParty, …) and let each grow on its own.

@ObjectType("EntityRef")
@InputType("EntityRefInput")
export class EntityRef extends EntityRefBase {}

@ObjectType("AccountRef")
@InputType("AccountRefInput")
export class AccountRef extends EntityRefBase {
  @Field(() => String, { nullable: true, description: "Detailed description of the account" })
  description?: string | null;
}

@ObjectType("RelatedParty", { description: "A party (individual or organization) related to an entity, with its role" })
@InputType("RelatedPartyInput")
export class RelatedParty extends EntityRefBase {
  @Field(() => String, { nullable: true, description: "Role played by the related party" })
  role?: string | null;
}

@ObjectType("AgreementRef")
@InputType("AgreementRefInput")
export class AgreementRef extends EntityRefBase {}

@ObjectType("PaymentMethodRef")
@InputType("PaymentMethodRefInput")
export class PaymentMethodRef extends EntityRefBase {}

@ObjectType("ChannelRef")
@InputType("ChannelRefInput")
export class ChannelRef extends EntityRefBase {}

@ObjectType("PaymentRef")
@InputType("PaymentRefInput")
export class PaymentRef extends EntityRefBase {}

@ObjectType("ResourceRef")
@InputType("ResourceRefInput")
export class ResourceRef extends EntityRefBase {}

@ObjectType("BillingAccountRef")
@InputType("BillingAccountRefInput")
export class BillingAccountRef extends EntityRefBase {}

@ObjectType("BillCycleRef")
@InputType("BillCycleRefInput")
export class BillCycleRef extends EntityRefBase {}

@ObjectType("FinancialAccountRef")
@InputType("FinancialAccountRefInput")
export class FinancialAccountRef extends EntityRefBase {}
