import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible, mandatoryDoc, ObjectAndInputType, TMF_DOC } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { AccountRef, ChannelRef, RelatedParty } from "../../tmf/refs.type.js";
import { PaymentItem, PaymentItemAttributes } from "./payment-item.type.js";
import { PaymentMethodRefOrValue, PointOfInteraction } from "./payment-method.type.js";

/** Most paymentItem entries of one payment (each may pay a bill: the GraphQL cost counts them). */
export const MAX_PAYMENT_ITEMS = 100;

export const PAYMENT_MANDATORY = ["account", "paymentMethod", "totalAmount"] as const satisfies readonly (keyof PaymentAttributes)[];

const PAYMENT_DOC = "The Payment resource represents a performed payment";
const PAYMENT_INPUT_DOC = `${PAYMENT_DOC} (TMF676 Payment_Create; ${mandatoryDoc(PAYMENT_MANDATORY)})`;
const PAYMENT_ITEMS_DOC = "Parts of the payment applied to customer bills";

/** TMF676 Payment attributes a client may write (Payment_Create). */
@InputType("PaymentInput", { description: PAYMENT_INPUT_DOC })
@ObjectType({ simpleResolvers: true, description: PAYMENT_INPUT_DOC })
export class PaymentAttributes extends Extensible {
  @Field(() => String, {
    nullable: true,
    description: "Authorization code retrieved from an external payment gateway that could be used for conciliation",
  })
  authorizationCode?: string | null;
  @Field(() => String, { nullable: true, description: "Unique identifier in the client for the payment in case it is needed to correlate" })
  correlatorId?: string | null;
  @Field(() => String, { nullable: true, description: "Text describing the contents of the payment" }) description?: string | null;
  @Field(() => String, { nullable: true, description: "Screen name of the payment" }) name?: string | null;
  @Field(() => AccountRef, { nullable: true, description: "Reference to the billing account the payment is recorded against" })
  account?: AccountRef | null;
  @Field(() => Money, { nullable: true, description: "Amount to be paid (net of taxes)" }) amount?: Money | null;
  @Field(() => Money, { nullable: true, description: "Tax applied" }) taxAmount?: Money | null;
  @Field(() => Money, { nullable: true, description: "Amount to be paid (including taxes)" }) totalAmount?: Money | null;
  @Field(() => ChannelRef, { nullable: true, description: "The channel the payment was made through" }) channel?: ChannelRef | null;
  @Field(() => [PaymentItemAttributes], { nullable: true, description: PAYMENT_ITEMS_DOC })
  paymentItem?: PaymentItemAttributes[] | null;
  @Field(() => PaymentMethodRefOrValue, { nullable: true, description: "The payment method used, by reference or by value" })
  paymentMethod?: PaymentMethodRefOrValue | null;
  @Field(() => PointOfInteraction, { nullable: true, description: "The point of interaction (terminal) the payment was made at" })
  pointOfInteraction?: PointOfInteraction | null;
  @Field(() => [RelatedParty], { nullable: true, description: "Parties related to the payment, with their role" })
  relatedParty?: RelatedParty[] | null;
}

@ObjectType("Payment", {
  simpleResolvers: true,
  description: `${PAYMENT_DOC}. It contains both information about the payment and the payment method used to perform it`,
})
export class Payment extends PaymentAttributes {
  @Field(() => ID, { description: "Unique identifier of the payment (server-assigned)" }) id!: string;
  @Field(() => DateTimeScalar, { description: "Date when the payment was performed (server-set: when it was recorded)" }) paymentDate!: Date;
  @Field(() => String, { description: "Status of the payment (server-set)" }) status!: string;
  @Field(() => DateTimeScalar, { description: "Date when the status was recorded (server-set)" }) statusDate!: Date;
  @Field(() => [PaymentItem], { nullable: true, description: PAYMENT_ITEMS_DOC })
  override paymentItem?: PaymentItem[] | null = undefined;
}

/** TMF676 PaymentRefOrValue: the payment a task is about, described in full (by value); once made, with its id. */
@ObjectAndInputType("PaymentRefOrValue", "A payment by value (what to pay, from which account, how); its id and href once the payment is made")
export class PaymentRefOrValue extends PaymentAttributes {
  @Field(() => String, { nullable: true, description: `${TMF_DOC.id} of the payment, once made (server-set)` }) id?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.href }) href?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.atReferredType }) atReferredType?: string | null;
}
