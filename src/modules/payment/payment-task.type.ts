import { Field, ID, InputType, ObjectType } from "type-graphql";
import { EntityRefBase, Extensible, ObjectAndInputType, TMF_DOC } from "../../tmf/extensible.type.js";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { PaymentAttributes } from "./payment.type.js";

// TMF676's payment tasks. The v4.0.0 swagger spells their attributes with a trailing space
// ("authorizePaymentDate "): the intended names are served (README, swagger errata).

export const TASK_STATES = ["acknowledged", "inProgress", "done", "rejected"] as const;

const TASK_STATE_DOC = `Current state of the task (server-set): ${TASK_STATES.join(", ")}; a task is decided when it is created`;
const STATE_REASON_DOC = "Why the task was rejected (extension to TMF676)";

/** TMF676 PaymentRefOrValue: the payment a task is about, described in full (by value); once made, with its id. */
@ObjectAndInputType("PaymentRefOrValue", "A payment by value (what to pay, from which account, how); its id and href once the payment is made")
export class PaymentRefOrValue extends PaymentAttributes {
  @Field(() => String, { nullable: true, description: `${TMF_DOC.id} of the payment, once made (server-set)` }) id?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.href }) href?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.atReferredType }) atReferredType?: string | null;
}

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
