import type { Db } from "../../db/database.js";
import type { Outbox } from "../../events/outbox.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { customerResource } from "./customer.resource.js";
import type { Customer, CustomerAttributes } from "./customer.type.js";

export class CustomerService {
  readonly store: ResourceStore<Customer>;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
  ) {
    this.store = new ResourceStore(db, customerResource);
  }

  create(input: CustomerAttributes, baseUrl: string): Promise<Customer> {
    return this.db.transaction(async (tx) => {
      const customer = await this.store.insert(tx, input);
      await this.outbox.record(tx, baseUrl, "Create", this.store, customer);
      return customer;
    });
  }

  /** A merge patch; Customer_Update keeps engagedParty mandatory, and name cannot be removed either. */
  update(id: string, patch: CustomerAttributes, baseUrl: string): Promise<Customer> {
    return this.db.transaction(async (tx) => {
      const { before, after } = await this.store.patch(tx, id, patch);
      await this.outbox.recordChange(tx, baseUrl, this.store, before, after);
      return after;
    });
  }

  /** A customer who still has billing accounts cannot be deleted (409). */
  async delete(id: string, baseUrl: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const customer = await this.store.remove(tx, id);
      await this.outbox.record(tx, baseUrl, "Delete", this.store, customer);
    });
  }
}
