import { customerRest } from "./customer.rest.js";
import { prismaSql, TRANSACTION_OPTIONS, type Db } from "../../db/database.js";
import { recordChange, recordEvent } from "../../events/outbox.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { attributesOf } from "../../resource/attributes.js";
import { CUSTOMER_MANDATORY, Customer, type CustomerAttributes } from "./customer.type.js";

export class CustomerService {
  readonly store: ResourceStore<Customer>;

  constructor(private readonly db: Db) {
    this.store = new ResourceStore<Customer>(db, (d) => d.customer, { table: "customer", updatedAt: "updatedAt", attributes: attributesOf(Customer), foreignKeys: {}, indexed: ["name"] }, customerRest);
  }

  create(input: CustomerAttributes, baseUrl: string): Promise<Customer> {
    return this.db.transaction(async (tx) => {
      const customer = await this.store.insert(input, CUSTOMER_MANDATORY, {}, tx);
      await recordEvent(tx, baseUrl, "CustomerCreateEvent", this.store, customer);
      return customer;
    });
  }

  /** Customer_Update keeps engagedParty mandatory; name cannot be removed either. */
  update(id: string, patch: CustomerAttributes, baseUrl: string): Promise<Customer> {
    return this.db.prisma.$transaction(async (tx) => {
      const { before, after } = await this.store.patch(id, patch, CUSTOMER_MANDATORY, undefined, tx);
      await recordChange(prismaSql(tx), baseUrl, this.store, before, after, "status");
      return after;
    }, TRANSACTION_OPTIONS);
  }

  /** A customer who still has billing accounts cannot be deleted (409). */
  async delete(id: string, baseUrl: string): Promise<void> {
    await this.db.prisma.$transaction(async (tx) => {
      const customer = await this.store.remove(id, tx);
      await recordEvent(prismaSql(tx), baseUrl, "CustomerDeleteEvent", this.store, customer);
    }, TRANSACTION_OPTIONS);
  }
}
