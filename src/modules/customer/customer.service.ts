import type { Db } from "../../db/database.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { customerAttributes } from "./customer.inputs.js";
import { CUSTOMER_MANDATORY, type Customer, type CustomerAttributes } from "./customer.type.js";

export class CustomerService {
  readonly store: ResourceStore<Customer>;

  constructor(db: Db) {
    this.store = new ResourceStore<Customer>(db, (d) => d.customer, { attributes: customerAttributes, foreignKeys: {} }, "Customer");
  }

  create(input: CustomerAttributes): Promise<Customer> {
    return this.store.insert(input, CUSTOMER_MANDATORY);
  }

  /** Customer_Update keeps engagedParty mandatory; name cannot be removed either. */
  update(id: string, patch: CustomerAttributes): Promise<Customer> {
    return this.store.patch(id, patch, CUSTOMER_MANDATORY);
  }

  /** A customer who still has billing accounts cannot be deleted (409). */
  delete(id: string): Promise<void> {
    return this.store.remove(id);
  }
}
