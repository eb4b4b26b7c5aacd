// l. scale: the data of the scale phase, in a database of its own, in set-based SQL like bench/seed.ts.
// `customers` customers (every tenth Pending, like bench/seed.ts), and ONE billing account (owned by
// the first customer) holding `payments` payments; its balance is minus their sum. Called first with
// 1,000 and 1,000 (the 1k reads), then grown to 1,000,000 and 1,000,000 by adding the rows after them.
import pg from "pg";

const CUSTOMERS_SQL = (from: number, to: number) => `
INSERT INTO customer (id, name, status, "validFor", "engagedParty", characteristic, "contactMedium", "atType", "createdAt", "updatedAt")
SELECT gen_random_uuid(), 'Customer ' || g,
  CASE WHEN g % 10 = 0 THEN 'Pending' ELSE 'Approved' END,
  jsonb_build_object('startDateTime', '2020-01-01T00:00:00.000Z'),
  jsonb_build_object('id', 'ind-' || g, 'name', 'Individual ' || g, 'atReferredType', 'Individual'),
  jsonb_build_array(jsonb_build_object('name', 'segment', 'valueType', 'string', 'value', CASE WHEN g % 3 = 0 THEN 'business' ELSE 'residential' END)),
  jsonb_build_array(jsonb_build_object('mediumType', 'email', 'preferred', true,
    'characteristic', jsonb_build_object('contactType', 'home', 'emailAddress', 'customer' || g || '@example.com'))),
  'Customer', timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute', timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute'
FROM generate_series(${from}, ${to}) g`;

const ACCOUNT_SQL = (accountId: string) => `
INSERT INTO billing_account (id, "customerId", name, "accountType", state, "paymentStatus", "ratingType", "relatedParty", "atType", currency, "balanceValue", "lastModified", "createdAt")
SELECT '${accountId}', c.id, 'Scale account', 'residential', 'active', 'due', 'postpaid',
  jsonb_build_array(jsonb_build_object('id', c.id::text, 'name', c.name, 'role', 'customer', 'atReferredType', 'Customer')),
  'BillingAccount', 'EUR', 0, c."createdAt", c."createdAt"
FROM customer c WHERE c.name = 'Customer 1'`;

const PAYMENTS_SQL = (accountId: string, from: number, to: number) => `
INSERT INTO payment (id, "accountId", "accountRef", description, "paymentDate", status, "statusDate", "totalAmountValue", "totalAmountUnit", "paymentMethod", "atType", "createdAt")
SELECT gen_random_uuid(), '${accountId}', '{}'::jsonb, 'Payment ' || p, timestamptz '2024-01-01 00:00:00+00' + p * interval '1 second', 'done',
  timestamptz '2024-01-01 00:00:00+00' + p * interval '1 second', ((p % 5000) + 100) / 100.0, 'EUR',
  jsonb_build_object('id', 'pm-1', 'name', 'Visa ****0001', 'atReferredType', 'BankCard'), 'Payment', timestamptz '2024-01-01 00:00:00+00' + p * interval '1 second'
FROM generate_series(${from}, ${to}) p`;

const BALANCE_SQL = (accountId: string) =>
  `UPDATE billing_account SET "balanceValue" = -(SELECT COALESCE(sum("totalAmountValue"), 0) FROM payment WHERE "accountId" = '${accountId}') WHERE id = '${accountId}'`;

export const SCALE_ACCOUNT_ID = "5ca1e000-0000-4000-8000-000000000001";

/** Adds customers and payments until there are `customers` and `payments` (the first call also creates the account); returns the seconds it took. */
export async function growScaleData(
  url: string,
  have: { customers: number; payments: number },
  want: { customers: number; payments: number },
): Promise<number> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(CUSTOMERS_SQL(have.customers + 1, want.customers));
    if (have.customers === 0) await client.query(ACCOUNT_SQL(SCALE_ACCOUNT_ID));
    await client.query(PAYMENTS_SQL(SCALE_ACCOUNT_ID, have.payments + 1, want.payments));
    await client.query(BALANCE_SQL(SCALE_ACCOUNT_ID));
    await client.query("COMMIT");
    await client.query("VACUUM ANALYZE customer, payment, billing_account");
    const counts = (
      await client.query<{ customers: number; payments: number }>(
        `SELECT (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM payment WHERE "accountId" = '${SCALE_ACCOUNT_ID}')::int AS payments`,
      )
    ).rows[0]!;
    if (counts.customers !== want.customers || counts.payments !== want.payments) {
      throw new Error(`scale seed: ${counts.customers} customers and ${counts.payments} payments, ${want.customers} and ${want.payments} expected`);
    }
    return (Date.now() - started) / 1000;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}
