import type { Db } from "../../db/database.js";
import type { Decimal } from "../../db/decimal.js";
import type { Sql, Statement } from "../../db/sql.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { UUID } from "../../resource/storage.js";
import { authorizePaymentResource } from "./authorize-payment.resource.js";
import type { AuthorizePayment } from "./authorize-payment.type.js";

/** What an authorization may hold on a billing account: its credit limit (none: no ceiling), balance and open holds. */
export interface CreditPosition {
  limit: Decimal | null;
  balance: Decimal;
  held: Decimal;
  /** The currencies of the open holds (one at most, the account's). */
  heldUnits: string[];
}

/** An authorization as an initiation sees it, locked. */
export interface LockedAuthorization {
  state: string;
  accountId: string;
  holdOpen: boolean;
  holdValue: Decimal | null;
  holdUnit: string | null;
  authorizedPayment: Record<string, unknown>;
}

/** The authorizations' table, with the holds they keep on billing accounts. */
export class AuthorizationStore extends ResourceStore<AuthorizePayment> {
  constructor(db: Db) {
    super(db, authorizePaymentResource);
  }

  /**
   * The account's credit position, its row locked until `tx` ends: authorizations of the account
   * queue, so their holds never add up beyond the limit; bookings wait only for this short transaction.
   */
  async lockCredit(tx: Sql, accountId: string): Promise<CreditPosition> {
    const [account] = await tx.query<{ limit: Decimal | null; balance: Decimal }>(
      `SELECT "creditLimitValue" AS limit, "balanceValue" AS balance FROM billing_account WHERE id = $1::uuid FOR UPDATE`,
      [accountId],
    );
    // A statement of its own, after the lock: it sees the holds the transactions it waited for committed.
    const [holds] = await tx.query<{ held: Decimal; heldUnits: string[] }>(
      `SELECT coalesce(sum("holdValue"), 0) AS held, coalesce(array_agg(DISTINCT "holdUnit"), '{}') AS "heldUnits"
       FROM authorize_payment WHERE "accountId" = $1::uuid AND "holdOpen"`,
      [accountId],
    );
    return { ...account!, ...holds! };
  }

  /** The authorization, locked until `tx` ends (a second initiation of it waits, then finds its hold closed); undefined when unknown. */
  async lockForInitiation(tx: Sql, id: string): Promise<LockedAuthorization | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await tx.query<LockedAuthorization>(
      `SELECT state, "accountId"::text AS "accountId", "holdOpen", "holdValue", "holdUnit", "authorizedPayment" FROM authorize_payment WHERE id = $1::uuid FOR UPDATE`,
      [id],
    );
    return row;
  }

  /** The initiation that consumed the authorization's hold. */
  async initiatedBy(tx: Sql, id: string): Promise<string | undefined> {
    const [row] = await tx.query<{ id: string }>(`SELECT id::text FROM initiate_payment WHERE "authorizationId" = $1::uuid AND state = 'done' LIMIT 1`, [id]);
    return row?.id;
  }

  /** Closes the authorization's hold (the payment it held for is made). */
  closing(id: string): Statement {
    return { text: `UPDATE authorize_payment SET "holdOpen" = false WHERE id = $1::uuid`, values: [id] };
  }
}
