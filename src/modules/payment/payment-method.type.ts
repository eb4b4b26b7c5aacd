import { Field } from "type-graphql";
import { DateTimeScalar } from "../../tmf/scalars.js";
import { Extensible, ObjectAndInputType, TMF_DOC } from "../../tmf/extensible.type.js";
import { ResourceRef } from "../../tmf/refs.type.js";
import { PaymentMethodCommon } from "../payment-method/payment-method-common.type.js";

/** TMF676 PaymentMethodRefOrValue: a reference to a stored payment method (TMF670, by its id), or the method itself. */
@ObjectAndInputType("PaymentMethodRefOrValue", "Link to the resource that holds information about the payment mean used to complete the operation")
export class PaymentMethodRefOrValue extends PaymentMethodCommon {
  @Field(() => String, { nullable: true, description: TMF_DOC.id }) id?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.href }) href?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.atReferredType }) atReferredType?: string | null;
}

@ObjectAndInputType(
  "PointOfInteraction",
  "POI consists of hardware and software which enables a Cardholder and/or an Acceptor to perform a Local Card transaction",
)
export class PointOfInteraction extends Extensible {
  @Field(() => String, { nullable: true, description: TMF_DOC.id }) id?: string | null;
  @Field(() => String, { nullable: true, description: TMF_DOC.href }) href?: string | null;
  @Field(() => String, { nullable: true, description: "Key entry code that tells the processor how the transaction was captured" })
  modeOfEntry?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The reference number used to identify a given transaction that allow the Acceptor or Acquirer to keep track of their transactions",
  })
  retrievalReferenceNumber?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Date time related to the POI transaction" }) transactionDate?: string | null;
  @Field(() => ResourceRef, { nullable: true, description: "A POI is a Physical POI or a Remote POI, as a resource" })
  resource?: ResourceRef | null;
}
