import type { Db } from "../../db/database.js";
import type { Outbox } from "../../events/outbox.js";
import { billingAccountResource } from "../account/billing-account.resource.js";
import { financialAccountResource } from "../account/financial-account.resource.js";
import { partyAccountResource } from "../account/party-account.resource.js";
import { settlementAccountResource } from "../account/settlement-account.resource.js";
import { CrudService } from "../common/crud.service.js";
import { customerResource } from "./customer.resource.js";
import type { Customer } from "./customer.type.js";

/** The accounts of this gateway (TMF666) a customer's `account` references may name. */
const ACCOUNTS = () => [billingAccountResource, partyAccountResource, settlementAccountResource, financialAccountResource];

/**
 * Customers: their rules are their type's and their contracts'; an account reference without the
 * `name` or `@referredType` v4 shows is given them by the account it names, when the gateway holds it.
 */
export class CustomerService extends CrudService<Customer> {
  constructor(db: Db, outbox: Outbox) {
    super(db, outbox, customerResource, undefined, undefined, { account: ACCOUNTS });
  }
}
