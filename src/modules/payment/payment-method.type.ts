import { Field, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible } from "../../tmf/extensible.type.js";
import { AccountRef, RelatedParty, ResourceRef } from "../../tmf/refs.type.js";
import { TimePeriod } from "../../tmf/time-period.type.js";

@ObjectType("RelatedPlace", { simpleResolvers: true })
@InputType("RelatedPlaceInput")
export class RelatedPlace extends Extensible {
  @Field(() => String, { nullable: true }) id?: string | null;
  @Field(() => String, { nullable: true }) href?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) role?: string | null;
  @Field(() => String, { nullable: true }) atReferredType?: string | null;
}

/** TMF676 PaymentMethodRefOrValue: a reference to a stored payment method, or the method itself. */
@ObjectType("PaymentMethodRefOrValue", { simpleResolvers: true })
@InputType("PaymentMethodRefOrValueInput")
export class PaymentMethodRefOrValue extends Extensible {
  @Field(() => String, { nullable: true }) id?: string | null;
  @Field(() => String, { nullable: true }) href?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) authorizationCode?: string | null;
  @Field(() => Boolean, { nullable: true }) isPreferred?: boolean | null;
  @Field(() => String, { nullable: true }) status?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) statusDate?: string | null;
  @Field(() => String, { nullable: true }) statusReason?: string | null;
  @Field(() => [AccountRef], { nullable: true }) account?: AccountRef[] | null;
  @Field(() => RelatedParty, { nullable: true }) relatedParty?: RelatedParty | null;
  @Field(() => RelatedPlace, { nullable: true }) relatedPlace?: RelatedPlace | null;
  @Field(() => TimePeriod, { nullable: true }) validFor?: TimePeriod | null;
  @Field(() => String, { nullable: true }) atReferredType?: string | null;
}

@ObjectType("PointOfInteraction", { simpleResolvers: true })
@InputType("PointOfInteractionInput")
export class PointOfInteraction extends Extensible {
  @Field(() => String, { nullable: true }) id?: string | null;
  @Field(() => String, { nullable: true }) href?: string | null;
  @Field(() => String, { nullable: true }) modeOfEntry?: string | null;
  @Field(() => String, { nullable: true }) retrievalReferenceNumber?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) transactionDate?: string | null;
  @Field(() => ResourceRef, { nullable: true }) resource?: ResourceRef | null;
}

