import type { Decimal } from "../../db/decimal.js";
import type { Sql, Statement } from "../../db/sql.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { UUID } from "../../resource/storage.js";
import type { Db } from "../../db/database.js";
import { billingAccountResource } from "./account.resource.js";
import type { BillingAccount } from "./account.type.js";

/** An account as a booking sees it: its id and currency (null before its first booking or credit limit). */
export interface BookedAccount {
  id: string;
  currency: string | null;
}

/** The billing accounts' table, with the ledger's own operations. */
export class AccountStore extends ResourceStore<BillingAccount> {
  constructor(db: Db) {
    super(db, billingAccountResource);
  }

  /** The account a booking refers to, or undefined. */
  async bookedAccount(sql: Sql, id: string): Promise<BookedAccount | undefined> {
    if (!UUID.test(id)) return undefined;
    return (await sql.query<BookedAccount>(`SELECT id::text, currency FROM billing_account WHERE id = $1::uuid`, [id]))[0];
  }

  /**
   * Adds `delta` to the account's receivable balance, fixing its currency on the first booking
   * (post_to_balance, migration balance_posting: SQLSTATE TMF01 when the account has another one).
   */
  posting(accountId: string, delta: Decimal, unit: string): Statement {
    return { text: `SELECT post_to_balance($1::uuid, $2::numeric, $3::text)`, values: [accountId, delta, unit.toUpperCase()] };
  }
}
