import { Field } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible, ObjectAndInputType, TMF_DOC } from "../../tmf/extensible.type.js";
import { AccountRef, RelatedParty, ResourceRef } from "../../tmf/refs.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";

@ObjectAndInputType("RelatedPlace", "A Place and an associated role as installation address, delivery address, etc.")
export class RelatedPlace extends Extensible {
  @Field(() => String, { nullable: true, description: "Unique identifier of the place" }) id?: string | null;
  @Field(() => String, { nullable: true, description: "Unique reference of the place" }) href?: string | null;
  @Field(() => String, { nullable: true, description: "A user-friendly name for the place, such as [Paris Store], [London Store], [Main Home]" })
  name?: string | null;
  @Field(() => String, { nullable: true, description: "Role of the place, such as: [home delivery], [shop retrieval]" })
  role?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.atReferredType }) atReferredType?: string | null;
}

/** TMF676 PaymentMethodRefOrValue: a reference to a stored payment method, or the method itself. */
@ObjectAndInputType("PaymentMethodRefOrValue", "Link to the resource that holds information about the payment mean used to complete the operation")
export class PaymentMethodRefOrValue extends Extensible {
  @Field(() => String, { nullable: true, description: TMF_DOC.id }) id?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.href }) href?: string | null;
  @Field(() => String, { nullable: true, description: "Friendly name assigned to the payment method" }) name?: string | null;
  @Field(() => String, { nullable: true, description: "Text description of the contents of the payment method" })
  description?: string | null;
  @Field(() => String, { nullable: true, description: "Authorization code provided by a financial institution" })
  authorizationCode?: string | null;
  @Field(() => Boolean, { nullable: true, description: "If the method is the preferred one by the owner" }) isPreferred?: boolean | null;
  @Field(() => String, { nullable: true, description: "Status of the payment method" }) status?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "The last time the payment method status changed" })
  statusDate?: string | null;
  @Field(() => String, { nullable: true, description: "The reason for the last status change" }) statusReason?: string | null;
  @Field(() => [AccountRef], {
    nullable: true,
    description: "Reference to the accounts that are linked to the payment method. May be a party account or a financial account",
  })
  account?: AccountRef[] | null;
  @Field(() => RelatedParty, { nullable: true, description: "Reference to the customer or party that owns that payment method or can use it" })
  relatedParty?: RelatedParty | null;
  @Field(() => RelatedPlace, {
    nullable: true,
    description: "Reference to a place for billing or delivery address, if different to that of the related party",
  })
  relatedPlace?: RelatedPlace | null;
  @Field(() => TimePeriod, { nullable: true, description: "Date interval in which the payment method is valid" }) validFor?: TimePeriod | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.atReferredType }) atReferredType?: string | null;
}

@ObjectAndInputType(
  "PointOfInteraction",
  "POI consists of hardware and software which enables a Cardholder and/or an Acceptor to perform a Local Card transaction",
)
export class PointOfInteraction extends Extensible {
  @Field(() => String, { nullable: true, description: TMF_DOC.id }) id?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.href }) href?: string | null;
  @Field(() => String, { nullable: true, description: "Key entry code that tells the processor how the transaction was captured" })
  modeOfEntry?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The reference number used to identify a given transaction that allow the Acceptor or Acquirer to keep track of their transactions",
  })
  retrievalReferenceNumber?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date time related to the POI transaction" }) transactionDate?: string | null;
  @Field(() => ResourceRef, { nullable: true, description: "A POI is a Physical POI or a Remote POI, as a resource" })
  resource?: ResourceRef | null;
}
