import type { Db } from "../../db/database.js";
import type { Outbox } from "../../events/outbox.js";
import { CrudService } from "../common/crud.service.js";
import { customerResource } from "./customer.resource.js";
import type { Customer } from "./customer.type.js";

/** Customers: their rules are their type's and their swagger's (Customer_Update keeps engagedParty mandatory). */
export class CustomerService extends CrudService<Customer> {
  constructor(db: Db, outbox: Outbox) {
    super(db, outbox, customerResource);
  }
}
