import { Field, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible, ObjectAndInputType, TMF_DOC } from "../../tmf/extensible.type.js";
import { AccountRef, RelatedParty } from "../../tmf/refs.type.js";
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

const COMMON_DOC = "What every payment method has, whatever its @type";

/**
 * What every payment method has, whatever its `@type`: the attributes of TMF676's
 * PaymentMethodRefOrValue (a method given by value in a payment) and of a TMF670 PaymentMethod.
 */
@ObjectType({ simpleResolvers: true, description: COMMON_DOC })
@InputType({ description: COMMON_DOC })
export class PaymentMethodCommon extends Extensible {
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
}
