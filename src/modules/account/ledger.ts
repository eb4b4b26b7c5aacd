import { Prisma } from "../../generated/prisma/client.js";
import type { DbClient } from "../../db/database.js";
import type { Decimal } from "../../db/decimal.js";
import { badInput, unprocessable } from "../../errors.js";
import { UUID } from "../../resource/storage.js";
import { sameCurrency } from "../common/money.rules.js";
import type { Money } from "../common/money.type.js";

export interface LockedAccount {
  id: string;
  currency: string | null;
}

/**
 * The money side of a billing account. Every booking (bill, payment, refund) runs inside one
 * transaction that first locks the account row: bookings on an account are serialised, so its
 * balance, its bills' remaining amounts and its payments' refundable amounts never lose an update.
 */
export class AccountLedger {
  /** Locks the account for the rest of the transaction; an unknown account is a 422 (nothing is written). */
  async lock(tx: DbClient, accountId: string | null | undefined, attribute = "account"): Promise<LockedAccount> {
    if (!accountId) throw badInput(`${attribute}.id is mandatory`);
    const rows = UUID.test(accountId)
      ? await tx.$queryRaw<LockedAccount[]>`SELECT id::text, currency FROM billing_account WHERE id = ${accountId}::uuid FOR UPDATE`
      : [];
    if (!rows[0]) throw unprocessable(`${attribute}.id ${accountId} is not a known billing account`, "Unknown billing account");
    return rows[0];
  }

  /** Every amount booked on an account is in the account's currency (fixed by its first booking). */
  checkCurrency(account: LockedAccount, money: Money, attribute: string): void {
    if (account.currency && !sameCurrency(account.currency, money.unit!)) {
      throw unprocessable(
        `${attribute}.unit ${money.unit} differs from the currency ${account.currency} of billing account ${account.id}`,
        "Currency mismatch",
      );
    }
  }

  /** Adds `delta` (positive: owed by the customer) to the receivable balance, in the caller's transaction. */
  async post(tx: DbClient, account: LockedAccount, delta: Decimal, unit: string): Promise<void> {
    await tx.$executeRaw`UPDATE billing_account
      SET "balanceValue" = "balanceValue" + ${new Prisma.Decimal(delta)}::numeric,
          currency = COALESCE(currency, ${unit.toUpperCase()})
      WHERE id = ${account.id}::uuid`;
  }
}
