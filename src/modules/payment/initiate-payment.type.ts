import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Extensible } from "../../tmf/extensible.type.js";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { AuthorizePaymentRef } from "./authorize-payment.type.js";
import { STATE_REASON_DOC, TASK_STATE_DOC } from "./payment-task.type.js";
import { PaymentRefOrValue } from "./payment.type.js";

const INITIATE_DOC = "A task that makes a payment, of an authorization or directly: the Payment is created when the task completes";

@InputType("InitiatePaymentInput", { description: `${INITIATE_DOC} (TMF676 InitiatePayment_Create; authorizedPayment, initiatedPayment or both)` })
@ObjectType({ simpleResolvers: true, description: `${INITIATE_DOC} (TMF676 InitiatePayment_Create)` })
export class InitiatePaymentAttributes extends Extensible {
  @Field(() => DateTimeScalar, { nullable: true, description: "Date of the operation initiate payment" }) initiatePaymentDate?: string | Date | null;
  @Field(() => AuthorizePaymentRef, { nullable: true, description: "The authorization the payment is made of" }) authorizedPayment?: AuthorizePaymentRef | null;
  @Field(() => PaymentRefOrValue, {
    nullable: true,
    description: "The payment to make, by value (by default the authorization's); once made, with the id of the Payment created",
  })
  initiatedPayment?: PaymentRefOrValue | null;
}

@ObjectType("InitiatePayment", { simpleResolvers: true, description: INITIATE_DOC })
export class InitiatePayment extends InitiatePaymentAttributes {
  @Field(() => ID, { description: "The identifier of the task (server-assigned)" }) id!: string;
  @Field(() => String, { description: TASK_STATE_DOC }) state!: string;
  @Field(() => String, { nullable: true, description: STATE_REASON_DOC }) stateReason?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date when the payment was made (server-set)" }) initiatedPaymentDate?: Date | null;
}
