// The account the list scenario reads ("100 payments of one account", product vs PostGraphile): the
// seed gives every account 1–5 payments, so one account gets LIST_EXTRA_PAYMENTS more, written before
// the servers start. It is the account in the middle of the creation order: not among the nested
// read's first 50 customers, nor the payment phase's last two accounts. Its balance is lowered by
// the sum of the added payments, so the ledger (bills − payments + refunds) stays exact.
import pg from "pg";
import { LEDGER_MISMATCHES_SQL } from "./seed.js";

export const LIST_EXTRA_PAYMENTS = 120;

export interface ListAccount {
  accountId: string;
  /** Payments of the account after the addition (the list reads the first 100 in creation order). */
  payments: number;
}

const ADD_PAYMENTS_SQL = `
WITH acc AS (
  SELECT id, "createdAt" AS ts FROM billing_account ORDER BY "createdAt", id
  OFFSET (SELECT count(*) / 2 FROM billing_account) LIMIT 1
), ins AS (
  INSERT INTO payment (id, "accountId", "accountRef", description, "paymentDate", status, "statusDate", "totalAmountValue",
    "totalAmountUnit", "paymentMethod", "atType", "createdAt")
  SELECT gen_random_uuid(), acc.id, '{}'::jsonb, 'Portal payment ' || p, acc.ts + p * interval '1 day', 'done', acc.ts + p * interval '1 day',
    round((((p * 37) % 9000) + 100) / 100.0, 2)::numeric(20, 4), 'EUR',
    jsonb_build_object('id', 'pm-list', 'name', 'Visa ****4242', 'atReferredType', 'BankCard'), 'Payment',
    acc.ts + p * interval '1 day' + interval '1 second'
  FROM acc CROSS JOIN generate_series(1, $1::int) p
  RETURNING "accountId", "totalAmountValue"
)
UPDATE billing_account b SET "balanceValue" = b."balanceValue" - s.total
FROM (SELECT "accountId", sum("totalAmountValue") AS total FROM ins GROUP BY 1) s
WHERE b.id = s."accountId"
RETURNING b.id::text AS id`;

export async function addListAccount(url: string): Promise<ListAccount> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const accountId = (await client.query<{ id: string }>(ADD_PAYMENTS_SQL, [LIST_EXTRA_PAYMENTS])).rows[0]!.id;
    await client.query("ANALYZE payment");
    const payments = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM payment WHERE "accountId" = $1`, [accountId])).rows[0]!.n;
    const mismatches = (await client.query<{ n: number }>(LEDGER_MISMATCHES_SQL)).rows[0]!.n;
    if (mismatches) throw new Error(`list account: ${mismatches} account balances differ from bills − payments + refunds`);
    return { accountId, payments };
  } finally {
    await client.end().catch(() => undefined);
  }
}
