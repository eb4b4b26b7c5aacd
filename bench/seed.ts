// A realistic data set, written in a few set-based SQL statements (seconds, not minutes): customers
// with contact media and characteristics, ~1.5 billing accounts each (the owning customer in
// relatedParty, as the product stores it), two bills per account, a few payments per account and a
// refund on every tenth account. Stored JSON uses the GraphQL names (atType, atReferredType), as the
// product writes it. Every account's balance is bills − payments + refunds.
import pg from "pg";

export interface SeedResult {
  customers: number;
  accounts: number;
  bills: number;
  payments: number;
  refunds: number;
  seconds: number;
  /** Every customer id, in a shuffled (deterministic) order: the by-id load rotates over them. */
  customerIds: string[];
  /** The account the concurrent payment writers all pay into (owned by the last customer). */
  paymentAccountId: string;
}

const SEED_SQL = (customers: number) => `
CREATE TEMP TABLE seed_customer ON COMMIT DROP AS
  SELECT g, gen_random_uuid() AS id, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute' AS ts
  FROM generate_series(1, ${customers}) g;

INSERT INTO customer (id, name, status, "validFor", "engagedParty", characteristic, "contactMedium", "atType", "createdAt", "updatedAt")
SELECT c.id,
  'Customer ' || c.g,
  CASE WHEN c.g % 10 = 0 THEN 'Pending' ELSE 'Approved' END,
  jsonb_build_object('startDateTime', to_char((timestamptz '2020-01-01 00:00:00+00' + c.g * interval '3 hours') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
  jsonb_build_object('id', 'ind-' || c.g, 'name', 'Individual ' || c.g, 'atReferredType', 'Individual'),
  jsonb_build_array(jsonb_build_object('name', 'segment', 'valueType', 'string', 'value', CASE WHEN c.g % 3 = 0 THEN 'business' ELSE 'residential' END)),
  jsonb_build_array(
    jsonb_build_object('mediumType', 'email', 'preferred', true,
      'characteristic', jsonb_build_object('contactType', 'home', 'emailAddress', 'customer' || c.g || '@example.com')),
    jsonb_build_object('mediumType', 'mobile', 'preferred', false,
      'characteristic', jsonb_build_object('contactType', 'mobile', 'phoneNumber', '+33 6 ' || lpad(((c.g * 7919) % 100000000)::text, 8, '0')))),
  'Customer', c.ts, c.ts
FROM seed_customer c;

CREATE TEMP TABLE seed_account ON COMMIT DROP AS
  SELECT row_number() OVER (ORDER BY c.g, n) AS k, c.g, n, c.id AS customer_id, gen_random_uuid() AS id, c.ts + n * interval '1 second' AS ts
  FROM seed_customer c CROSS JOIN LATERAL generate_series(1, CASE WHEN c.g % 2 = 0 THEN 2 ELSE 1 END) n;

INSERT INTO billing_account (id, "customerId", name, "accountType", state, "paymentStatus", "ratingType", "relatedParty",
  "atType", currency, "balanceValue", "lastModified", "createdAt")
SELECT a.id, a.customer_id, 'Account ' || a.g || '.' || a.n, 'residential', 'active', 'due', 'postpaid',
  jsonb_build_array(jsonb_build_object('id', a.customer_id::text, 'name', 'Customer ' || a.g, 'role', 'customer', 'atReferredType', 'Customer')),
  'BillingAccount', 'EUR', 0, a.ts, a.ts
FROM seed_account a;

INSERT INTO customer_bill (id, "billingAccountId", "billingAccountRef", "billNo", "billDate", category, "paymentDueDate", state, "runType",
  "amountDueValue", "amountDueUnit", "remainingAmountValue", "remainingAmountUnit", "billingPeriod", "atType", "lastUpdate", "createdAt")
SELECT gen_random_uuid(), a.id, '{}'::jsonb, 'B-' || a.k || '-' || m, a.ts + m * interval '30 days', 'normal', a.ts + m * interval '45 days', 'new', 'onCycle',
  x.amount, 'EUR', x.amount, 'EUR',
  jsonb_build_object('startDateTime', to_char((a.ts + (m - 1) * interval '30 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                     'endDateTime', to_char((a.ts + m * interval '30 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
  'CustomerBill', a.ts + m * interval '30 days', a.ts + m * interval '30 days'
FROM seed_account a CROSS JOIN generate_series(1, 2) m
CROSS JOIN LATERAL (SELECT round((((a.k * 31 + m * 17) % 9000) + 1000) / 100.0, 2)::numeric(20, 4) AS amount) x;

INSERT INTO payment (id, "accountId", "accountRef", description, "paymentDate", status, "statusDate", "totalAmountValue", "totalAmountUnit",
  "paymentMethod", "atType", "createdAt")
SELECT gen_random_uuid(), a.id, '{}'::jsonb, 'Payment ' || p || ' of account ' || a.k, a.ts + p * interval '20 days', 'done', a.ts + p * interval '20 days',
  x.amount, 'EUR',
  jsonb_build_object('id', 'pm-' || a.k, 'name', 'Visa ****' || lpad((a.k % 10000)::text, 4, '0'), 'atReferredType', 'BankCard'),
  'Payment', a.ts + p * interval '20 days'
FROM seed_account a CROSS JOIN LATERAL generate_series(1, 1 + (a.k % 5)::int) p
CROSS JOIN LATERAL (SELECT round((((a.k * 13 + p * 7) % 5000) + 100) / 100.0, 2)::numeric(20, 4) AS amount) x;

INSERT INTO refund (id, "accountId", "accountRef", "paymentId", "paymentRef", description, "refundDate", status, "statusDate",
  "totalAmountValue", "totalAmountUnit", "paymentMethod", "atType", "createdAt")
SELECT gen_random_uuid(), p."accountId", '{}'::jsonb, p.id, '{}'::jsonb, 'Partial refund', p."paymentDate" + interval '2 days', 'done',
  p."paymentDate" + interval '2 days', round(p."totalAmountValue" / 2, 2), 'EUR', p."paymentMethod", 'Refund', p."paymentDate" + interval '2 days'
FROM (SELECT DISTINCT ON ("accountId") * FROM payment ORDER BY "accountId", "createdAt", id) p
JOIN seed_account a ON a.id = p."accountId"
WHERE a.k % 10 = 0;

UPDATE billing_account b SET "balanceValue" =
    COALESCE((SELECT sum("amountDueValue") FROM customer_bill WHERE "billingAccountId" = b.id), 0)
  - COALESCE((SELECT sum("totalAmountValue") FROM payment WHERE "accountId" = b.id), 0)
  + COALESCE((SELECT sum("totalAmountValue") FROM refund WHERE "accountId" = b.id), 0);
`;

/** Accounts whose stored balance differs from bills − payments + refunds (0 when the ledger is exact). */
export const LEDGER_MISMATCHES_SQL = `
SELECT count(*)::int AS n FROM billing_account b WHERE b."balanceValue" <>
    COALESCE((SELECT sum("amountDueValue") FROM customer_bill WHERE "billingAccountId" = b.id), 0)
  - COALESCE((SELECT sum("totalAmountValue") FROM payment WHERE "accountId" = b.id), 0)
  + COALESCE((SELECT sum("totalAmountValue") FROM refund WHERE "accountId" = b.id), 0)`;

export async function seed(url: string, customers: number): Promise<SeedResult> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(SEED_SQL(customers));
    await client.query("COMMIT");
    await client.query("VACUUM ANALYZE");
    const counts = (
      await client.query<Record<string, number>>(`SELECT
        (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM billing_account)::int AS accounts,
        (SELECT count(*) FROM customer_bill)::int AS bills, (SELECT count(*) FROM payment)::int AS payments,
        (SELECT count(*) FROM refund)::int AS refunds`)
    ).rows[0]!;
    const mismatches = (await client.query<{ n: number }>(LEDGER_MISMATCHES_SQL)).rows[0]!.n;
    if (mismatches) throw new Error(`seed: ${mismatches} account balances differ from bills − payments + refunds`);
    // md5 order: a fixed pseudo-random permutation, so consecutive requests hit unrelated rows/pages.
    const ids = (await client.query<{ id: string }>(`SELECT id::text FROM customer ORDER BY md5(id::text)`)).rows.map((r) => r.id);
    const account = (await client.query<{ id: string }>(`SELECT id::text FROM billing_account ORDER BY "createdAt" DESC, id LIMIT 1`)).rows[0]!.id;
    return {
      customers: counts.customers!,
      accounts: counts.accounts!,
      bills: counts.bills!,
      payments: counts.payments!,
      refunds: counts.refunds!,
      seconds: (Date.now() - started) / 1000,
      customerIds: ids,
      paymentAccountId: account,
    };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}
