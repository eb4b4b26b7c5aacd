import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible, mandatoryDoc } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { AccountRef, ChannelRef, PaymentRef, RelatedParty } from "../../tmf/refs.type.js";
import { PaymentMethodRefOrValue } from "./payment-method.type.js";

/** Refund_Create.required in TMF676. */
export const REFUND_MANDATORY = ["account", "paymentMethod", "totalAmount"] as const satisfies readonly (keyof RefundAttributes)[];
/** What a create needs here: the swagger's, plus the payment the money is given back from (the ledger's rule). */
export const REFUND_CREATE_MANDATORY = [...REFUND_MANDATORY, "payment"] as const satisfies readonly (keyof RefundAttributes)[];

const REFUND_DOC = "The Refund resource represents a performed Refund";
const REFUND_INPUT_DOC = `${REFUND_DOC} (TMF676 Refund_Create; ${mandatoryDoc(REFUND_CREATE_MANDATORY)})`;

/** TMF676 Refund attributes a client may write (Refund_Create). */
@InputType("RefundInput", { description: REFUND_INPUT_DOC })
@ObjectType({ simpleResolvers: true, description: REFUND_INPUT_DOC })
export class RefundAttributes extends Extensible {
  @Field(() => String, {
    nullable: true,
    description: "Authorization code retrieved from an external payment gateway that could be used for conciliation",
  })
  authorizationCode?: string | null;
  @Field(() => String, { nullable: true, description: "Unique identifier in the client for the refund in case it is needed to correlate" })
  correlatorId?: string | null;
  @Field(() => String, { nullable: true, description: "Text describing the contents of the refund" }) description?: string | null;
  @Field(() => String, { nullable: true, description: "Screen name of the refund" }) name?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date when the refund was performed (default: now)" })
  refundDate?: string | Date | null;
  @Field(() => AccountRef, { nullable: true, description: "Reference to the billing account the money goes back to" })
  account?: AccountRef | null;
  @Field(() => PaymentRef, { nullable: true, description: "Reference to the payment being refunded" }) payment?: PaymentRef | null;
  @Field(() => Money, { nullable: true, description: "Amount to be refunded (net of taxes)" }) amount?: Money | null;
  @Field(() => Money, { nullable: true, description: "Tax applied" }) taxAmount?: Money | null;
  @Field(() => Money, { nullable: true, description: "Amount to be refunded (including taxes)" }) totalAmount?: Money | null;
  @Field(() => ChannelRef, { nullable: true, description: "The channel the refund was made through" }) channel?: ChannelRef | null;
  @Field(() => PaymentMethodRefOrValue, { nullable: true, description: "The payment method the money is given back with, by reference or by value" })
  paymentMethod?: PaymentMethodRefOrValue | null;
  @Field(() => RelatedParty, { nullable: true, description: "The party who requested the refund" }) requestor?: RelatedParty | null;
}

@ObjectType("Refund", {
  simpleResolvers: true,
  description: `${REFUND_DOC}. It contains both information about the refund and the payment method used to perform it`,
})
export class Refund extends RefundAttributes {
  @Field(() => ID, { description: "Unique identifier of the refund (server-assigned)" }) id!: string;
  @Field(() => String, { description: "Status of the refund (server-set)" }) status!: string;
  @Field(() => DateTimeScalar, { description: "Date when the status was recorded (server-set)" }) statusDate!: Date;
}
