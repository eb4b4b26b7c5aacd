import type { Decimal } from "../../db/decimal.js";
import { sqlState } from "../../db/pg-errors.js";
import { Transaction, type PoolSql, type Row, type Sql, type Statement } from "../../db/sql.js";
import { referredResource, type ResourceDescription } from "../../resource/description.js";
import { referenceGone } from "../../resource/resource-store.js";
import { UUID } from "../../resource/storage.js";
import { badInput, unprocessable } from "../../errors.js";
import { sameCurrency } from "../common/money.rules.js";
import type { Money } from "../../tmf/money.type.js";
import { billingAccountResource } from "./billing-account.resource.js";

/** An account as a booking sees it: which kind it is, its id and currency (null before its first booking or credit limit). */
export interface BookedAccount {
  id: string;
  currency: string | null;
  /** The TMF type of the account: BillingAccount or SettlementAccount. */
  kind: string;
  /** Its table, where post_to_balance posts. */
  table: string;
}

/** A reference to the account a booking is made on (a bill's billingAccount, a payment's account). */
export interface AccountReference {
  id?: string | null;
  atReferredType?: string | null;
}

/** Raised by post_to_balance (see `posting`) when the account has another currency. */
const OTHER_CURRENCY = "TMF01";

const words = (kind: string) => kind.replace(/(?<=[a-z])(?=[A-Z])/g, " ").toLowerCase();

const currencyMismatch = (account: BookedAccount, unit: string, attribute: string) =>
  unprocessable(
    `${attribute}.unit ${unit} differs from the currency ${account.currency ?? "(another booking's)"} of ${words(account.kind)} ${account.id}`,
    "Currency mismatch",
  );

/**
 * The money side of the accounts bookings are made on — billing accounts, and settlement accounts
 * for payments and refunds — under the same rules. A booking (bill, payment, refund) checks the
 * account first, then sends its rows and the posting to the balance LAST, with the COMMIT, in one
 * message: the atomic `balance = balance + delta` never loses an update, and the account row stays
 * locked only for that statement and the commit — never while this process is busy — so bookings
 * on one account queue for as short a time as possible.
 */
export class AccountLedger {
  /**
   * The account `ref` names among `kinds` (by its @referredType: the first kind by default), checked
   * for a booking of `money`: unknown → 422 (nothing is written), other currency → 422.
   */
  async check(
    sql: Sql,
    ref: AccountReference | null | undefined,
    money: Money,
    attribute = "account",
    moneyAttribute = "totalAmount",
    kinds: readonly ResourceDescription[] = [billingAccountResource],
  ): Promise<BookedAccount> {
    const account = await this.account(sql, ref, attribute, kinds);
    if (account.currency && !sameCurrency(account.currency, money.unit!)) throw currencyMismatch(account, money.unit!, moneyAttribute);
    return account;
  }

  /** The account `attribute` refers to (see `check`): its id is mandatory, an unknown one is a 422. */
  async account(
    sql: Sql,
    ref: AccountReference | null | undefined,
    attribute: string,
    kinds: readonly ResourceDescription[] = [billingAccountResource],
  ): Promise<BookedAccount> {
    if (!ref?.id) throw badInput(`${attribute}.id is mandatory`);
    const resource = referredResource(kinds, ref);
    const { table } = resource.storage;
    const [found] = UUID.test(ref.id)
      ? await sql.query<{ id: string; currency: string | null }>(`SELECT id::text, currency FROM "${table}" WHERE id = $1::uuid`, [ref.id])
      : [];
    if (!found) {
      const others = kinds.filter((kind) => kind !== resource).map((kind) => `a ${words(kind.name)} is named with @referredType ${kind.name}`);
      const hint = others.length ? ` (${others.join("; ")})` : "";
      throw unprocessable(`${attribute}.id ${ref.id} is not a known ${words(resource.name)}${hint}`, `Unknown ${words(resource.name)}`);
    }
    return { ...found, kind: resource.name, table };
  }

  /**
   * Commits a booking: its `writes`, then `delta` (positive: owed to the operator) added to the
   * account's receivable balance, in one message to PostgreSQL — as the tail of `tx`, or as a
   * transaction of its own. The first booking fixes the account's currency; a booking in another
   * currency (even one racing the first) is a 422 and nothing of it is committed. Returns the rows of each write.
   */
  async book(tx: Transaction | PoolSql, account: BookedAccount, writes: Statement[], delta: Decimal, unit: string, attribute: string): Promise<Row[][]> {
    const statements = [...writes, posting(account, delta, unit)];
    try {
      return await (tx instanceof Transaction ? tx.commitWith(statements) : tx.batch(statements, account.id));
    } catch (err) {
      if (sqlState(err) === OTHER_CURRENCY) throw currencyMismatch(account, unit, attribute);
      return referenceGone(err);
    }
  }
}

/**
 * Adds `delta` to the account's receivable balance, fixing its currency on the first booking
 * (post_to_balance, migration settlement_ledger: SQLSTATE TMF01 when the account has another one).
 */
function posting(account: BookedAccount, delta: Decimal, unit: string): Statement {
  return { text: `SELECT post_to_balance($1::uuid, $2::numeric, $3::text, $4::text)`, values: [account.id, delta, unit.toUpperCase(), account.table] };
}
