import { Prisma } from "../../generated/prisma/client.js";
import type { DbClient } from "../../db/database.js";
import type { Decimal } from "../../db/decimal.js";
import { badInput, unprocessable } from "../../errors.js";
import { UUID } from "../../resource/storage.js";
import { sameCurrency } from "../common/money.rules.js";
import type { Money } from "../common/money.type.js";

export interface BookedAccount {
  id: string;
  currency: string | null;
}

const currencyMismatch = (accountId: string, currency: string | null, unit: string, attribute: string) =>
  unprocessable(`${attribute}.unit ${unit} differs from the currency ${currency ?? "(another booking's)"} of billing account ${accountId}`, "Currency mismatch");

/**
 * The money side of a billing account. A booking (bill, payment, refund) checks the account first,
 * writes its rows, and posts to the balance LAST, in the same transaction: the atomic
 * `balance = balance + delta` never loses an update, and the account row stays locked only from that
 * statement to the commit, so bookings on one account queue for as short a time as possible.
 */
export class AccountLedger {
  /** The account a booking refers to; unknown → 422 (nothing is written), other currency → 422. */
  async check(tx: DbClient, accountId: string | null | undefined, money: Money, attribute = "account", moneyAttribute = "totalAmount"): Promise<BookedAccount> {
    if (!accountId) throw badInput(`${attribute}.id is mandatory`);
    const rows = UUID.test(accountId)
      ? await tx.$queryRaw<BookedAccount[]>`SELECT id::text, currency FROM billing_account WHERE id = ${accountId}::uuid`
      : [];
    const account = rows[0];
    if (!account) throw unprocessable(`${attribute}.id ${accountId} is not a known billing account`, "Unknown billing account");
    if (account.currency && !sameCurrency(account.currency, money.unit!)) {
      throw currencyMismatch(account.id, account.currency, money.unit!, moneyAttribute);
    }
    return account;
  }

  /**
   * Adds `delta` (positive: owed by the customer) to the receivable balance. The first booking fixes
   * the account's currency; a booking in another currency (even one racing the first) is a 422.
   */
  async post(tx: DbClient, account: BookedAccount, delta: Decimal, unit: string, attribute: string): Promise<void> {
    const updated = await tx.$executeRaw`UPDATE billing_account
      SET "balanceValue" = "balanceValue" + ${new Prisma.Decimal(delta)}::numeric, currency = COALESCE(currency, ${unit.toUpperCase()})
      WHERE id = ${account.id}::uuid AND (currency IS NULL OR currency = ${unit.toUpperCase()})`;
    if (updated !== 1) throw currencyMismatch(account.id, account.currency, unit, attribute);
  }
}
