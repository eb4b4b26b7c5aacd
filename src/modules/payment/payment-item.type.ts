import { Field, InputType, ObjectType } from "type-graphql";
import { Extensible } from "../../tmf/extensible.type.js";
import { Money } from "../../tmf/money.type.js";
import { EntityRef } from "../../tmf/refs.type.js";

/** TMF676 PaymentItem: the part of a payment applied to one item (typically a CustomerBill). */
@InputType("PaymentItemInput")
@ObjectType()
export class PaymentItemAttributes extends Extensible {
  @Field(() => Money, { nullable: true }) amount?: Money | null;
  @Field(() => Money, { nullable: true }) taxAmount?: Money | null;
  @Field(() => Money, { nullable: true }) totalAmount?: Money | null;
  @Field(() => EntityRef, { description: "What is paid, e.g. a CustomerBill (@referredType CustomerBill)" }) item!: EntityRef;
}

@ObjectType("PaymentItem", { simpleResolvers: true })
export class PaymentItem extends PaymentItemAttributes {
  /** Row id (internal; TMF's optional PaymentItem.id is not exposed). */
  id!: string;
  /** The customer bill this item pays, when `item` refers to one (not a TMF attribute). */
  billId?: string | null;
  /** The payment this item belongs to (internal). */
  paymentId!: string;
}
