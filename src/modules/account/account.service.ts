import { billingAccountRest } from "./account.rest.js";
import { prismaSql, TRANSACTION_OPTIONS, type Db } from "../../db/database.js";
import { recordChange, recordEvent } from "../../events/outbox.js";
import { badInput, unprocessable } from "../../errors.js";
import { UUID } from "../../resource/storage.js";
import { checkMoney, sameCurrency } from "../common/money.rules.js";
import type { Loaders } from "../../graphql/loaders.js";
import { ResourceStore, type Page } from "../../resource/resource-store.js";
import type { RelatedParty } from "../../tmf/refs.type.js";
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
      { table: "billing_account", updatedAt: "lastModified", attributes: attributesOf(BillingAccount), foreignKeys: {}, indexed: ["name"], internal: ["customerId", "currency", "balanceValue", "createdAt"] },
      billingAccountRest,
    );
  }

  /** The account's currency is its credit limit's, when given; otherwise its first booking's. */
  /**
   * Creates an account with its BillingAccountCreateEvent (the v4 swagger names none for billing
   * accounts; the name is TMF666 v5's, and v4's for FinancialAccount).
   */
  async create(input: BillingAccountAttributes, baseUrl: string): Promise<BillingAccount> {
    const columns = await this.rules(input);
    return this.db.transaction(async (tx) => {
      const account = await this.store.insert(input, BILLING_ACCOUNT_MANDATORY, columns, tx);
      await recordEvent(tx, baseUrl, "BillingAccountCreateEvent", this.store, account);
      return account;
    });
  }

  /**
   * A merge patch, under the same rules as a create. The account row is locked first, so a booking
   * that would fix its currency meanwhile waits for the patch (and then sees its credit limit).
   */
  update(id: string, patch: BillingAccountAttributes, baseUrl: string): Promise<BillingAccount> {
    return this.db.prisma.$transaction(async (tx) => {
      if (UUID.test(id)) await prismaSql(tx).query(`SELECT 1 FROM billing_account WHERE id = $1::uuid FOR UPDATE`, [id]);
      const rules = (next: BillingAccount) => this.rules(next, next, "relatedParty" in patch);
      const { before, after } = await this.store.patch(id, patch, BILLING_ACCOUNT_MANDATORY, rules, tx);
      await recordChange(prismaSql(tx), baseUrl, this.store, before, after, "state");
      return after;
    }, TRANSACTION_OPTIONS);
  }

  /** An account with payments, refunds or bills cannot be deleted (409): money history is kept. */
  async delete(id: string, baseUrl: string): Promise<void> {
    await this.db.prisma.$transaction(async (tx) => {
      const account = await this.store.remove(id, tx);
      await recordEvent(prismaSql(tx), baseUrl, "BillingAccountDeleteEvent", this.store, account);
    }, TRANSACTION_OPTIONS);
  }

  /** A page of the customer's accounts, in creation order. */
  accountsOfCustomer(loaders: Loaders, customerId: string, page: Page): Promise<BillingAccount[]> {
    return loaders.manyBy(this.store, "customerId", (a) => a.customerId, page).load(customerId);
  }

  /**
   * The rules of an account's attributes, for a create (`current` absent) and for the patched
   * account of an update; returns the service-owned columns they decide. A credit limit is money in
   * an ISO 4217 currency, not negative, in the account's currency once it has one (else it fixes
   * it). The customer among the related parties must exist, and an account's customer may change
   * but not disappear.
   */
  private async rules(candidate: BillingAccountAttributes, current?: BillingAccount, partiesChanged = true): Promise<Record<string, unknown>> {
    const limit = candidate.creditLimit;
    if (limit) {
      checkMoney(limit, "creditLimit");
      if (limit.value!.isNegative()) throw badInput("creditLimit.value must not be negative");
      if (current?.currency && !sameCurrency(current.currency, limit.unit!)) {
        throw unprocessable(`creditLimit.unit ${limit.unit} differs from the currency ${current.currency} of billing account ${current.id}`, "Currency mismatch");
      }
    }
    const columns: Record<string, unknown> = {};
    if (!current?.currency) columns.currency = limit?.unit?.toUpperCase() ?? null;
    if (partiesChanged) {
      columns.customerId = await this.owningCustomerId(candidate.relatedParty);
      if (current?.customerId && !columns.customerId) {
        throw unprocessable(`relatedParty must keep naming the customer of billing account ${current.id} (role or @referredType Customer)`, "Customer required");
      }
    }
    return columns;
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
