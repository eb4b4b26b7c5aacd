import { Resolver } from "type-graphql";
import { createResourceResolver } from "../../graphql/resource.resolver.js";
import { customerResource } from "./customer.resource.js";
import { Customer } from "./customer.type.js";

/** Everything of a customer derives from its description (its accounts: the account's relation). */
@Resolver(() => Customer)
export class CustomerResolver extends createResourceResolver(customerResource, (s) => s.customers) {}
