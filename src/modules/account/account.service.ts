import { prismaSql, TRANSACTION_OPTIONS, type Db } from "../../db/database.js";
import { recordChange } from "../../events/outbox.js";
import { unprocessable } from "../../errors.js";
import { checkMoney } from "../common/money.rules.js";
import type { Loaders } from "../../graphql/loaders.js";
import { ResourceStore } from "../../resource/resource-store.js";
import type { RelatedParty } from "../common/refs.type.js";
import type { CustomerService } from "../customer/customer.service.js";
import { attributesOf } from "../../resource/attributes.js";
import { BILLING_ACCOUNT_MANDATORY, BillingAccount, type BillingAccountAttributes } from "./account.type.js";

export class AccountService {
  readonly store: ResourceStore<BillingAccount>;

  constructor(
    private readonly db: Db,
    private readonly customers: CustomerService,
  ) {
    this.store = new ResourceStore<BillingAccount>(db, (d) => d.billingAccount,
      { table: "billing_account", updatedAt: "lastModified", attributes: attributesOf(BillingAccount), foreignKeys: {}, internal: ["customerId", "currency", "balanceValue", "createdAt"] },
      "BillingAccount",
    );
  }

  /** The account's currency is its credit limit's, when given; otherwise its first booking's. */
  async create(input: BillingAccountAttributes): Promise<BillingAccount> {
    if (input.creditLimit) checkMoney(input.creditLimit, "creditLimit");
    return this.store.insert(input, BILLING_ACCOUNT_MANDATORY, {
      customerId: await this.owningCustomerId(input.relatedParty),
      currency: input.creditLimit?.unit?.toUpperCase() ?? null,
    });
  }

  update(id: string, patch: BillingAccountAttributes, baseUrl: string): Promise<BillingAccount> {
    const extra = async (next: BillingAccount) =>
      "relatedParty" in patch ? { customerId: await this.owningCustomerId(next.relatedParty) } : {};
    return this.db.prisma.$transaction(async (tx) => {
      const { before, after } = await this.store.patch(id, patch, BILLING_ACCOUNT_MANDATORY, extra, tx);
      await recordChange(prismaSql(tx), baseUrl, this.store, before, after, "state");
      return after;
    }, TRANSACTION_OPTIONS);
  }

  /** An account with payments, refunds or bills cannot be deleted (409): money history is kept. */
  async delete(id: string): Promise<void> {
    await this.store.remove(id);
  }

  accountsOfCustomer(loaders: Loaders, customerId: string): Promise<BillingAccount[]> {
    return loaders.manyBy(this.store, "customerId", (a) => a.customerId).load(customerId);
  }

  /**
   * The related party that is the account's customer (`@referredType` or `role` "Customer") becomes
   * the foreign key; it must exist. Accounts of parties not managed here have no customer.
   */
  private async owningCustomerId(parties: RelatedParty[] | null | undefined): Promise<string | null> {
    const party = parties?.find((p) => p.atReferredType?.toLowerCase() === "customer" || p.role?.toLowerCase() === "customer");
    if (!party) return null;
    if (!(await this.customers.store.findById(party.id))) {
      throw unprocessable(`relatedParty refers to customer ${party.id}, which does not exist`, "Unknown customer");
    }
    return party.id;
  }
}
