import type { Decimal } from "../../db/decimal.js";
import { sqlState } from "../../db/pg-errors.js";
import { Transaction, type PoolSql, type Row, type Sql, type Statement } from "../../db/sql.js";
import { referenceGone } from "../../resource/resource-store.js";
import { badInput, unprocessable } from "../../errors.js";
import { sameCurrency } from "../common/money.rules.js";
import type { Money } from "../../tmf/money.type.js";
import type { AccountStore, BookedAccount } from "./account.store.js";

export type { BookedAccount } from "./account.store.js";

/** Raised by post_to_balance (AccountStore.posting) when the account has another currency. */
const OTHER_CURRENCY = "TMF01";

const currencyMismatch = (accountId: string, currency: string | null, unit: string, attribute: string) =>
  unprocessable(`${attribute}.unit ${unit} differs from the currency ${currency ?? "(another booking's)"} of billing account ${accountId}`, "Currency mismatch");

/**
 * The money side of a billing account. A booking (bill, payment, refund) checks the account first,
 * then sends its rows and the posting to the balance LAST, with the COMMIT, in one message: the
 * atomic `balance = balance + delta` never loses an update, and the account row stays locked only
 * for that statement and the commit — never while this process is busy — so bookings on one account
 * queue for as short a time as possible.
 */
export class AccountLedger {
  constructor(private readonly accounts: AccountStore) {}

  /** The account a booking refers to; unknown → 422 (nothing is written), other currency → 422. */
  async check(sql: Sql, accountId: string | null | undefined, money: Money, attribute = "account", moneyAttribute = "totalAmount"): Promise<BookedAccount> {
    const account = await this.account(sql, accountId, attribute);
    if (account.currency && !sameCurrency(account.currency, money.unit!)) {
      throw currencyMismatch(account.id, account.currency, money.unit!, moneyAttribute);
    }
    return account;
  }

  /** The billing account `attribute` refers to: its id is mandatory, an unknown one is a 422. */
  async account(sql: Sql, accountId: string | null | undefined, attribute: string): Promise<BookedAccount> {
    if (!accountId) throw badInput(`${attribute}.id is mandatory`);
    const account = await this.accounts.bookedAccount(sql, accountId);
    if (!account) throw unprocessable(`${attribute}.id ${accountId} is not a known billing account`, "Unknown billing account");
    return account;
  }

  /**
   * Commits a booking: its `writes`, then `delta` (positive: owed by the customer) added to the
   * receivable balance, in one message to PostgreSQL — as the tail of `tx`, or as a transaction of
   * its own. The first booking fixes the account's currency; a booking in another currency (even one
   * racing the first) is a 422 and nothing of it is committed. Returns the rows of each write.
   */
  async book(tx: Transaction | PoolSql, account: BookedAccount, writes: Statement[], delta: Decimal, unit: string, attribute: string): Promise<Row[][]> {
    const statements = [...writes, this.accounts.posting(account.id, delta, unit)];
    try {
      return await (tx instanceof Transaction ? tx.commitWith(statements) : tx.batch(statements, account.id));
    } catch (err) {
      if (sqlState(err) === OTHER_CURRENCY) throw currencyMismatch(account.id, account.currency, unit, attribute);
      return referenceGone(err);
    }
  }
}
