// The floor of a payment: the same booking as raw SQL from 50 pg connections on one account, as a
// lock-first transaction or as one autocommit statement: what PostgreSQL on this disk allows for
// bookings on one row committed one at a time.
import pg from "pg";

export interface CommitFloor {
  transactionsPerSec: number;
  transactions: number;
  durationSec: number;
  latencyMs: { p50: number; p99: number };
  statements: string;
}

/**
 * BEGIN; lock the account row; insert the payment; add to the balance; COMMIT — what a payment must
 * do at least — from `connections` concurrent clients on one account, for `seconds` (or the same as
 * one autocommit statement). Every transaction queues on the row lock and holds it through its COMMIT
 * (WAL flush), so this is the rate PostgreSQL on this disk allows for serialised bookings on one account.
 */
export async function commitFloor(url: string, account: string, connections: number, seconds: number, oneStatement = false): Promise<CommitFloor> {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  pool.on("error", () => undefined);
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  const writer = async () => {
    const client = await pool.connect();
    try {
      while (Date.now() < deadline) {
        const t = performance.now();
        if (oneStatement) {
          // Autocommit, one round trip: the row lock is held only for the execution and the WAL flush.
          await client.query({
            name: "book",
            text: `WITH account AS (UPDATE billing_account SET "balanceValue" = "balanceValue" - 1.00 WHERE id = $1::uuid RETURNING id)
                   INSERT INTO payment (id, "accountId", "accountRef", status, "totalAmountValue", "totalAmountUnit", "paymentMethod", "atType")
                   SELECT gen_random_uuid(), id, '{}', 'done', 1.00, 'EUR', '{"name":"card"}', 'Payment' FROM account`,
            values: [account],
          });
          latencies.push(performance.now() - t);
          continue;
        }
        await client.query("BEGIN");
        await client.query({ name: "lock", text: `SELECT id::text, currency FROM billing_account WHERE id = $1::uuid FOR UPDATE`, values: [account] });
        await client.query({
          name: "insert",
          text: `INSERT INTO payment (id, "accountId", "accountRef", status, "totalAmountValue", "totalAmountUnit", "paymentMethod", "atType")
                 VALUES (gen_random_uuid(), $1::uuid, '{}', 'done', 1.00, 'EUR', '{"name":"card"}', 'Payment')`,
          values: [account],
        });
        await client.query({ name: "post", text: `UPDATE billing_account SET "balanceValue" = "balanceValue" - 1.00 WHERE id = $1::uuid`, values: [account] });
        await client.query("COMMIT");
        latencies.push(performance.now() - t);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: connections }, writer));
  const durationSec = (Date.now() - started) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0) * 10) / 10;
  return {
    transactionsPerSec: Math.round(latencies.length / durationSec),
    transactions: latencies.length,
    durationSec,
    latencyMs: { p50: pct(0.5), p99: pct(0.99) },
    statements: oneStatement
      ? "one autocommit statement: WITH (UPDATE balance) INSERT payment (prepared, raw pg)"
      : "BEGIN; SELECT … FOR UPDATE; INSERT payment; UPDATE balance; COMMIT (prepared, raw pg)",
  };
}
