import { Field } from "type-graphql";
import { ENTITY_REF_DOC, EntityRefBase, ObjectAndInputType } from "./extensible.type.js";

// The TMF reference types. They share EntityRef's shape; distinct names keep the schema aligned with
// the swaggers (AccountRef, RelatedParty, …) and let each grow on its own.

@ObjectAndInputType("EntityRef", ENTITY_REF_DOC)
export class EntityRef extends EntityRefBase {}

@ObjectAndInputType("AccountRef", "Account reference. An account may be a party account or a financial account")
export class AccountRef extends EntityRefBase {
  @Field(() => String, { nullable: true, description: "Detailed description of the account" })
  description?: string | null;
}

@ObjectAndInputType("RelatedParty", "Related Entity reference. A related party defines party or party role linked to a specific entity")
export class RelatedParty extends EntityRefBase {
  @Field(() => String, { nullable: true, description: "Role played by the related party" })
  role?: string | null;
}

@ObjectAndInputType(
  "RelatedPartyOrPartyRole",
  "A party or party role related to an entity, with the role it plays there (TMF v5 RelatedPartyOrPartyRole, flattened as v4's RelatedParty: a party role reference adds partyId and partyName)",
)
export class RelatedPartyOrPartyRole extends RelatedParty {
  @Field(() => String, { nullable: true, description: "Identifier of the engaged party of a party role reference" })
  partyId?: string | null;
  @Field(() => String, { nullable: true, description: "Name of the engaged party of a party role reference" })
  partyName?: string | null;
}

@ObjectAndInputType(
  "PartyRoleSpecificationRef",
  "Party role specification reference. A party role specification gives additional details on the part played by a party in a given context",
)
export class PartyRoleSpecificationRef extends EntityRefBase {}

@ObjectAndInputType("GeographicAddressRef", "Reference to a geographic address (TMF673)")
export class GeographicAddressRef extends EntityRefBase {}

@ObjectAndInputType(
  "AgreementRef",
  "Agreement reference. An agreement represents a contract or arrangement, either written or verbal and sometimes enforceable by law",
)
export class AgreementRef extends EntityRefBase {}

@ObjectAndInputType("PaymentMethodRef", "PaymentMethod reference. A payment method defines a specific mean of payment (e.g direct debit)")
export class PaymentMethodRef extends EntityRefBase {}

@ObjectAndInputType("ChannelRef", "The channel to which the resource refers, e.g. channel for selling product offerings, channel for opening a trouble ticket")
export class ChannelRef extends EntityRefBase {}

@ObjectAndInputType(
  "PaymentRef",
  "If an immediate payment has been done at the product order submission, the payment information are captured and stored (as a reference) in the order",
)
export class PaymentRef extends EntityRefBase {}

// TMF676 gives ResourceRef no description.
@ObjectAndInputType("ResourceRef", "Reference to a resource (TMF639), e.g. the physical or remote terminal of a point of interaction")
export class ResourceRef extends EntityRefBase {}

@ObjectAndInputType("BillingAccountRef", "BillingAccount reference. A BillingAccount is a detailed description of a bill structure")
export class BillingAccountRef extends EntityRefBase {}

// TMF678's description of BillCycleRef is a placeholder ("....").
@ObjectAndInputType("BillCycleRef", "Reference to the bill cycle (billing cycle specification) a bill was produced in")
export class BillCycleRef extends EntityRefBase {}

@ObjectAndInputType(
  "FinancialAccountRef",
  "AccountReceivable reference. An account of money owed by a party to another entity in exchange for goods or services that have been delivered or used",
)
export class FinancialAccountRef extends EntityRefBase {}
