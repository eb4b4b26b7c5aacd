import { Resolver } from "type-graphql";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import { refundResource } from "./payment.resource.js";
import { Refund } from "./refund.type.js";

/** Everything of a refund derives from its description. */
@Resolver(() => Refund)
export class RefundResolver extends createResourceResolver(refundResource, (s) => s.refunds) {}
