import type { Db } from "../../db/database.js";
import type { Outbox } from "../../events/outbox.js";
import { badInput, unprocessable } from "../../errors.js";
import { checkMoney, sameCurrency } from "../common/money.rules.js";
import type { Money } from "../../tmf/money.type.js";
import type { RelatedParty } from "../../tmf/refs.type.js";
import type { CustomerService } from "../customer/customer.service.js";
import type { Sql } from "../../db/sql.js";
import { checkAccountReferences } from "./account-references.js";
import type { PartyAccountCore } from "./account-core.type.js";
import type { LedgerColumns } from "./account-balance.type.js";
import type { SettlementAccount } from "./settlement-account.type.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { billingAccountResource } from "./billing-account.resource.js";
import type { BillingAccount, BillingAccountAttributes } from "./billing-account.type.js";

/** A credit limit is money in an ISO 4217 currency, not negative (every TMF666 account that has one). */
export function checkCreditLimit(limit: Money | null | undefined): void {
  if (!limit) return;
  checkMoney(limit, "creditLimit");
  if (limit.value!.isNegative()) throw badInput("creditLimit.value must not be negative");
}

/** The rules of an account that books nothing itself (party, settlement, financial accounts): its credit limit's. */
export const creditLimitRules = (candidate: { creditLimit?: Money | null }) => {
  checkCreditLimit(candidate.creditLimit);
  return {};
};

/** A party account's rules: its credit limit's, and its references name resources of the gateway. */
export async function partyAccountRules(candidate: PartyAccountCore, _current: unknown, tx: Sql): Promise<Record<string, never>> {
  checkCreditLimit(candidate.creditLimit);
  await checkAccountReferences(candidate, tx);
  return {};
}

/**
 * The currency of an account bookings are made on (billing, settlement): a credit limit must be in
 * it once the account has one; before that, the credit limit's unit fixes it (else the first
 * booking does). Returns the `currency` column to write, if any.
 */
export function ledgerCurrency(limit: Money | null | undefined, current: (LedgerColumns & { id: string }) | undefined, what: string): Record<string, unknown> {
  if (limit && current?.currency && !sameCurrency(current.currency, limit.unit!)) {
    throw unprocessable(`creditLimit.unit ${limit.unit} differs from the currency ${current.currency} of ${what} ${current.id}`, "Currency mismatch");
  }
  return current?.currency ? {} : { currency: limit?.unit?.toUpperCase() ?? null };
}

/** A settlement account's rules: a party account's, and a booked account's currency. */
export async function settlementAccountRules(candidate: SettlementAccount, current: SettlementAccount | undefined, tx: Sql): Promise<Record<string, unknown>> {
  await partyAccountRules(candidate, current, tx);
  return ledgerCurrency(candidate.creditLimit, current, "settlement account");
}

export class BillingAccountService {
  readonly store: ResourceStore<BillingAccount>;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
    private readonly customers: CustomerService,
  ) {
    this.store = new ResourceStore(db, billingAccountResource);
  }

  /** The account's currency is its credit limit's, when given; otherwise its first booking's. */
  async create(input: BillingAccountAttributes, baseUrl: string): Promise<BillingAccount> {
    const columns = await this.rules(input);
    return this.db.transaction(async (tx) => {
      await checkAccountReferences(input, tx);
      const account = await this.store.insert(tx, input, columns);
      await this.outbox.record(tx, baseUrl, "Create", this.store, account);
      return account;
    });
  }

  /**
   * A merge patch, under the same rules as a create. The account row is locked first, so a booking
   * that would fix its currency meanwhile waits for the patch (and then sees its credit limit).
   */
  update(id: string, patch: BillingAccountAttributes, baseUrl: string): Promise<BillingAccount> {
    return this.db.transaction(async (tx) => {
      await this.store.lock(tx, id);
      const rules = async (next: BillingAccount) => {
        await checkAccountReferences(next, tx);
        return this.rules(next, next, "relatedParty" in patch);
      };
      const { before, after } = await this.store.patch(tx, id, patch, rules);
      await this.outbox.recordChange(tx, baseUrl, this.store, before, after);
      return after;
    });
  }

  /** An account with payments, refunds or bills cannot be deleted (409): money history is kept. */
  async delete(id: string, baseUrl: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const account = await this.store.remove(tx, id);
      await this.outbox.record(tx, baseUrl, "Delete", this.store, account);
    });
  }

  /**
   * The rules of an account's attributes, for a create (`current` absent) and for the patched
   * account of an update; returns the service-owned columns they decide. A credit limit is money in
   * an ISO 4217 currency, not negative, in the account's currency once it has one (else it fixes
   * it). The customer among the related parties must exist, and an account's customer may change
   * but not disappear.
   */
  private async rules(candidate: BillingAccountAttributes, current?: BillingAccount, partiesChanged = true): Promise<Record<string, unknown>> {
    checkCreditLimit(candidate.creditLimit);
    const columns = ledgerCurrency(candidate.creditLimit, current, "billing account");
    if (partiesChanged) {
      columns.customerId = await this.owningCustomerId(candidate.relatedParty);
      if (current?.customerId && !columns.customerId) {
        throw unprocessable(
          `relatedParty must keep naming the customer of billing account ${current.id} (role or @referredType Customer)`,
          "Customer required",
        );
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
