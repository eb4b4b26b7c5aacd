import { Resolver } from "type-graphql";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import { authorizePaymentResource, initiatePaymentResource } from "./payment-task.resource.js";
import { AuthorizePayment, InitiatePayment } from "./payment-task.type.js";

// TMF676's tasks: everything derives from their descriptions.

@Resolver(() => AuthorizePayment)
export class AuthorizePaymentResolver extends createResourceResolver(authorizePaymentResource, (s) => s.paymentAuthorizations) {}

@Resolver(() => InitiatePayment)
export class InitiatePaymentResolver extends createResourceResolver(initiatePaymentResource, (s) => s.paymentInitiations) {}
