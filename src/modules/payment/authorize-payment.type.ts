import { Field, ID, InputType, ObjectType } from "type-graphql";
import { EntityRefBase, Extensible, ObjectAndInputType } from "../../tmf/extensible.type.js";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { STATE_REASON_DOC, TASK_STATE_DOC } from "./payment-task.type.js";
import { PaymentRefOrValue } from "./payment.type.js";

@ObjectAndInputType("AuthorizePaymentRef", "Reference to an authorization of a payment (an authorizePayment task)")
export class AuthorizePaymentRef extends EntityRefBase {}

const AUTHORIZE_DOC = "A task that authorizes a payment: its amount is held on the billing account, within the account's credit limit";

@InputType("AuthorizePaymentInput", { description: `${AUTHORIZE_DOC} (TMF676 AuthorizePayment_Create; authorizedPayment is mandatory)` })
@ObjectType({ simpleResolvers: true, description: `${AUTHORIZE_DOC} (TMF676 AuthorizePayment_Create)` })
export class AuthorizePaymentAttributes extends Extensible {
  @Field(() => DateTimeScalar, { nullable: true, description: "Date of the operation authorize payment" }) authorizePaymentDate?: string | Date | null;
  @Field(() => PaymentRefOrValue, { nullable: true, description: "The payment to authorize, by value" }) authorizedPayment?: PaymentRefOrValue | null;
}

@ObjectType("AuthorizePayment", { simpleResolvers: true, description: AUTHORIZE_DOC })
export class AuthorizePayment extends AuthorizePaymentAttributes {
  @Field(() => ID, { description: "The identifier of the task (server-assigned)" }) id!: string;
  @Field(() => String, { description: TASK_STATE_DOC }) state!: string;
  @Field(() => String, { nullable: true, description: STATE_REASON_DOC }) stateReason?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date when the operation was authorized (server-set)" }) authorizedPaymentDate?: Date | null;
}
