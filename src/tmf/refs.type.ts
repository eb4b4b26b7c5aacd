import { Field, InputType, ObjectType } from "type-graphql";
import { EntityRefBase } from "./extensible.type.js";

// The TMF reference types. They share EntityRef's shape; distinct names keep the schema aligned with
// the swaggers (AccountRef, RelatedParty, …) and let each grow on its own.

@ObjectType("EntityRef", { simpleResolvers: true })
@InputType("EntityRefInput")
export class EntityRef extends EntityRefBase {}

@ObjectType("AccountRef", { simpleResolvers: true })
@InputType("AccountRefInput")
export class AccountRef extends EntityRefBase {
  @Field(() => String, { nullable: true, description: "Detailed description of the account" })
  description?: string | null;
}

@ObjectType("RelatedParty", { simpleResolvers: true, description: "A party (individual or organization) related to an entity, with its role" })
@InputType("RelatedPartyInput")
export class RelatedParty extends EntityRefBase {
  @Field(() => String, { nullable: true, description: "Role played by the related party" })
  role?: string | null;
}

@ObjectType("AgreementRef", { simpleResolvers: true })
@InputType("AgreementRefInput")
export class AgreementRef extends EntityRefBase {}

@ObjectType("PaymentMethodRef", { simpleResolvers: true })
@InputType("PaymentMethodRefInput")
export class PaymentMethodRef extends EntityRefBase {}

@ObjectType("ChannelRef", { simpleResolvers: true })
@InputType("ChannelRefInput")
export class ChannelRef extends EntityRefBase {}

@ObjectType("PaymentRef", { simpleResolvers: true })
@InputType("PaymentRefInput")
export class PaymentRef extends EntityRefBase {}

@ObjectType("ResourceRef", { simpleResolvers: true })
@InputType("ResourceRefInput")
export class ResourceRef extends EntityRefBase {}

@ObjectType("BillingAccountRef", { simpleResolvers: true })
@InputType("BillingAccountRefInput")
export class BillingAccountRef extends EntityRefBase {}

@ObjectType("BillCycleRef", { simpleResolvers: true })
@InputType("BillCycleRefInput")
export class BillCycleRef extends EntityRefBase {}

@ObjectType("FinancialAccountRef", { simpleResolvers: true })
@InputType("FinancialAccountRefInput")
export class FinancialAccountRef extends EntityRefBase {}
