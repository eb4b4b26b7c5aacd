import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { AccountRef, ChannelRef, RelatedParty } from "../../tmf/refs.type.js";
import { PaymentItem, PaymentItemAttributes } from "./payment-item.type.js";
import { PaymentMethodRefOrValue, PointOfInteraction } from "./payment-method.type.js";

/** Most paymentItem entries of one payment (each may pay a bill: the GraphQL cost counts them). */
export const MAX_PAYMENT_ITEMS = 100;

/** TMF676 Payment attributes a client may write (Payment_Create). */
@InputType("PaymentInput", { description: "TMF676 Payment_Create (account, paymentMethod and totalAmount are mandatory)" })
@ObjectType()
export class PaymentAttributes extends Extensible {
  @Field(() => String, { nullable: true, description: "Authorization code retrieved from an external payment gateway" })
  authorizationCode?: string | null;
  @Field(() => String, { nullable: true, description: "Unique identifier in the client for the payment" })
  correlatorId?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => AccountRef, { nullable: true, description: "The billing account the payment is recorded against" })
  account?: AccountRef | null;
  @Field(() => Money, { nullable: true, description: "Amount to be paid (net of taxes)" }) amount?: Money | null;
  @Field(() => Money, { nullable: true, description: "Tax applied" }) taxAmount?: Money | null;
  @Field(() => Money, { nullable: true, description: "Amount paid, taxes included" }) totalAmount?: Money | null;
  @Field(() => ChannelRef, { nullable: true }) channel?: ChannelRef | null;
  @Field(() => [PaymentItemAttributes], { nullable: true, description: "Parts of the payment applied to customer bills" })
  paymentItem?: PaymentItemAttributes[] | null;
  @Field(() => PaymentMethodRefOrValue, { nullable: true }) paymentMethod?: PaymentMethodRefOrValue | null;
  @Field(() => PointOfInteraction, { nullable: true }) pointOfInteraction?: PointOfInteraction | null;
  @Field(() => [RelatedParty], { nullable: true }) relatedParty?: RelatedParty[] | null;
}

export const PAYMENT_MANDATORY = ["account", "paymentMethod", "totalAmount"] as const satisfies readonly (keyof PaymentAttributes)[];

@ObjectType("Payment", { simpleResolvers: true, description: "TMF676: an amount paid by a customer, recorded against a billing account" })
export class Payment extends PaymentAttributes {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar, { description: "When the payment was recorded (server-set)" }) paymentDate!: Date;
  @Field(() => String, { description: "Status of the payment (server-set)" }) status!: string;
  @Field(() => DateTimeScalar, { description: "When the status was last set (server-set)" }) statusDate!: Date;
  @Field(() => [PaymentItem], { nullable: true, description: "Parts of the payment applied to customer bills" })
  override paymentItem?: PaymentItem[] | null = undefined;
}
