import { Field, InputType, ObjectType } from "type-graphql";
import { Extensible } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { EntityRef } from "../../tmf/refs.type.js";

const PAYMENT_ITEM_DOC =
  "The paymentItem is the result of lettering process. It enables to assign automatically or manually part of incoming payment amount to a bill";

/** TMF676 PaymentItem: the part of a payment applied to one item (typically a CustomerBill). */
@InputType("PaymentItemInput", { description: PAYMENT_ITEM_DOC })
@ObjectType({ simpleResolvers: true, description: PAYMENT_ITEM_DOC })
export class PaymentItemAttributes extends Extensible {
  @Field(() => Money, { nullable: true, description: "Amount to be paid (net of taxes)" }) amount?: Money | null;
  @Field(() => Money, { nullable: true, description: "Tax applied" }) taxAmount?: Money | null;
  @Field(() => Money, { nullable: true, description: "Amount to be paid (including taxes)" }) totalAmount?: Money | null;
  @Field(() => EntityRef, { description: "What is paid, e.g. a CustomerBill (@referredType CustomerBill)" }) item!: EntityRef;
}

@ObjectType("PaymentItem", { simpleResolvers: true, description: PAYMENT_ITEM_DOC })
export class PaymentItem extends PaymentItemAttributes {
  /** Row id (internal; TMF's optional PaymentItem.id is not exposed). */
  id!: string;
  /** The customer bill this item pays, when `item` refers to one (not a TMF attribute). */
  billId?: string | null;
  /** The payment this item belongs to (internal). */
  paymentId!: string;
}
