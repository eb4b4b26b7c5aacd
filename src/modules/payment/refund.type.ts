import { Field, ID, InputType, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { AccountRef, ChannelRef, PaymentRef, RelatedParty } from "../../tmf/refs.type.js";
import { PaymentMethodRefOrValue } from "./payment-method.type.js";

/** TMF676 Refund attributes a client may write (Refund_Create). */
@InputType("RefundInput", { description: "TMF676 Refund_Create (account, paymentMethod and totalAmount are mandatory)" })
@ObjectType()
export class RefundAttributes extends Extensible {
  @Field(() => String, { nullable: true }) authorizationCode?: string | null;
  @Field(() => String, { nullable: true }) correlatorId?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date when the refund was performed (default: now)" })
  refundDate?: string | Date | null;
  @Field(() => AccountRef, { nullable: true, description: "The billing account the money goes back to" }) account?: AccountRef | null;
  @Field(() => PaymentRef, { nullable: true, description: "The payment being refunded" }) payment?: PaymentRef | null;
  @Field(() => Money, { nullable: true }) amount?: Money | null;
  @Field(() => Money, { nullable: true }) taxAmount?: Money | null;
  @Field(() => Money, { nullable: true }) totalAmount?: Money | null;
  @Field(() => ChannelRef, { nullable: true }) channel?: ChannelRef | null;
  @Field(() => PaymentMethodRefOrValue, { nullable: true }) paymentMethod?: PaymentMethodRefOrValue | null;
  @Field(() => RelatedParty, { nullable: true, description: "The party who requested the refund" }) requestor?: RelatedParty | null;
}

/** Refund_Create.required in TMF676. */
export const REFUND_MANDATORY = ["account", "paymentMethod", "totalAmount"] as const satisfies readonly (keyof RefundAttributes)[];
/** What a create needs here: the swagger's, plus the payment the money is given back from (the ledger's rule). */
export const REFUND_CREATE_MANDATORY = [...REFUND_MANDATORY, "payment"] as const satisfies readonly (keyof RefundAttributes)[];

@ObjectType("Refund", { simpleResolvers: true, description: "TMF676: money given back to a billing account, usually against a payment" })
export class Refund extends RefundAttributes {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "Status of the refund (server-set)" }) status!: string;
  @Field(() => DateTimeScalar, { description: "When the status was last set (server-set)" }) statusDate!: Date;
}
