// e. payments: 50 concurrent writers POST payments on ONE billing account, a fixed number of requests
// (500 warm-up, then ≈ --duration seconds at the warm-up rate), so that every request is answered
// before the check: the account's balance must equal its starting balance minus the sum of the amounts
// of all 201-acknowledged payments, every acknowledged id must exist with that amount, no other payment
// may have appeared, and the account's ledger must still hold. Before it, the payment floor
// (bench/payment-floor.ts) on another account; during it, what the transactions wait for (bench/lock-waits.ts).
import type { AutocannonRequest } from "autocannon";
import pg from "pg";
import type { Service } from "../scripts/launch/service.mjs";
import { runLoad } from "./load.js";
import { sampleWaits, type WaitProfile } from "./lock-waits.js";
import { CONFIG, log, sleep } from "./options.js";
import { commitFloor, type CommitFloor } from "./payment-floor.js";
import type { BenchPostgres } from "./postgres.js";
import type { PhaseResult } from "./read-loads.js";
import { JSON_HEADERS, PAYMENT_PATH } from "./scenarios.js";
import { LEDGER_MISMATCHES_SQL, type SeedResult } from "./seed.js";

export type PaymentResult = PhaseResult & { check: Record<string, unknown>; waitProfile: WaitProfile };

/** The payment floor, then the product's payment run and its exact-balance check; problems are added to `failures`. */
export async function runPayments(
  db: BenchPostgres,
  product: Service,
  data: SeedResult,
  failures: string[],
): Promise<{ paymentResult: PaymentResult; commitFloorResult: CommitFloor[] }> {
  const pm = db.postmasterPid;
  const account = data.paymentAccountId;
  const check = new pg.Client({ connectionString: db.url });
  check.on("error", () => undefined);
  await check.connect();
  try {
    const state = async () =>
      (
        await check.query<{ balance: string; payments: number }>(
          `SELECT "balanceValue"::text AS balance, (SELECT count(*) FROM payment WHERE "accountId" = $1)::int AS payments
           FROM billing_account WHERE id = $1`,
          [account],
        )
      ).rows[0]!;
    // The floor first, on another account (the product's account stays untouched until its run).
    const floorAccount = (
      await check.query<{ id: string }>(`SELECT id::text FROM billing_account WHERE id <> $1 ORDER BY "createdAt" DESC, id LIMIT 1`, [account])
    ).rows[0]!.id;
    log(`e. payments floor: raw-SQL payment transactions, ${CONFIG.connections} writers on one account, 2 × 5 s`);
    const commitFloorResult = [
      await commitFloor(db.url, floorAccount, CONFIG.connections, 5),
      await commitFloor(db.url, floorAccount, CONFIG.connections, 5, true),
    ];
    for (const f of commitFloorResult)
      log(`e. payments floor: ${f.transactionsPerSec}/s, p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms — ${f.statements}`);
    const before = await state();
    const acked: { id: string; value: string }[] = [];
    const rejected: Record<string, number> = {};
    let rejectedSample = "";
    let n = 0;
    const paymentRequests = (): AutocannonRequest[] => [
      {
        method: "POST",
        path: PAYMENT_PATH,
        headers: JSON_HEADERS,
        setupRequest: (req) => {
          const cents = (n++ % 9999) + 1; // 0.01 … 99.99 EUR
          const value = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
          return {
            ...req,
            body: `{"account":{"id":"${account}"},"paymentMethod":{"id":"pm-bench","name":"Visa ****4242","@type":"PaymentMethodRef","@referredType":"BankCard"},"totalAmount":{"unit":"EUR","value":${value}}}`,
          };
        },
        onResponse: (status, body) => {
          if (status === 201) {
            const payment = JSON.parse(body) as { id: string; totalAmount: { value: number } };
            // The Decimal scalar writes the exact decimal's digits as a JSON number; String() gives them back.
            acked.push({ id: payment.id, value: String(payment.totalAmount.value) });
          } else {
            rejected[status] = (rejected[status] ?? 0) + 1;
            rejectedSample ||= `${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ];
    // Fixed request counts (not durations): the run ends only when every request is answered, so no
    // payment can be committed without its acknowledgement having been counted.
    log(`e. payments: warm-up, 500 POSTs on account ${account}`);
    const warm = await runLoad({
      url: product.url,
      connections: CONFIG.connections,
      amount: 500,
      timeout: 60,
      requests: paymentRequests(),
      serverPid: product.child.pid!,
      postmasterPid: pm,
    });
    const amount = Math.min(60_000, Math.max(1_000, Math.round(((warm.requestsPerSec || 100) * CONFIG.durationSec) / 100) * 100));
    log(
      `e. payments: ${amount} POSTs (~${CONFIG.durationSec} s at the warm-up rate of ${warm.requestsPerSec}/s), ${CONFIG.connections} writers on one account`,
    );
    const ackedBefore = acked.length;
    const waits = sampleWaits(db.url);
    const main = await runLoad({
      url: product.url,
      connections: CONFIG.connections,
      amount,
      timeout: 60,
      requests: paymentRequests(),
      serverPid: product.child.pid!,
      postmasterPid: pm,
    });
    const waitProfile = await waits.stop();
    log(
      `e. payments: PostgreSQL view: ${waitProfile.meanLockWaiters} transactions queued on the account lock on average; lock holder: ${JSON.stringify(waitProfile.holder)}; idle after: ${JSON.stringify(waitProfile.holderIdleAfter)} (% of samples)`,
    );
    await sleep(300);
    const after = await state();
    const ackedValues = acked.map((a) => a.value);
    const ackedIds = acked.map((a) => a.id);
    const verdict = (
      await check.query<{
        acked_sum: string;
        expected: string;
        balance_exact: boolean;
        db_count: number;
        db_sum: string;
        sums_equal: boolean;
        ledger_mismatches: number;
      }>(
        `WITH acked AS (SELECT COALESCE(sum(v::numeric), 0) AS s FROM unnest($1::text[]) v),
              db AS (SELECT count(*)::int AS n, COALESCE(sum("totalAmountValue"), 0) AS s FROM payment WHERE id = ANY($2::uuid[]) AND "accountId" = $4)
         SELECT acked.s::text AS acked_sum, ($3::numeric - acked.s)::text AS expected,
                ($3::numeric - acked.s) = (SELECT "balanceValue" FROM billing_account WHERE id = $4) AS balance_exact,
                db.n AS db_count, db.s::text AS db_sum, db.s = acked.s AS sums_equal,
                (${LEDGER_MISMATCHES_SQL.replace("FROM billing_account b WHERE", "FROM billing_account b WHERE b.id = $4 AND")}) AS ledger_mismatches
         FROM acked, db`,
        [ackedValues, ackedIds, before.balance, account],
      )
    ).rows[0]!;
    const newPayments = after.payments - before.payments;
    const exact =
      verdict.balance_exact && verdict.db_count === acked.length && newPayments === acked.length && verdict.sums_equal && verdict.ledger_mismatches === 0;
    const checkResult = {
      account,
      balanceBefore: before.balance,
      balanceAfter: after.balance,
      acknowledged201: acked.length,
      acknowledgedInMeasuredRun: acked.length - ackedBefore,
      acknowledgedSum: verdict.acked_sum,
      expectedBalance: verdict.expected,
      paymentsCreated: newPayments,
      acknowledgedFoundInDb: verdict.db_count,
      dbSumOfAcknowledged: verdict.db_sum,
      ledgerInvariantHolds: verdict.ledger_mismatches === 0,
      rejected,
      rejectedSample,
      exact,
    };
    log(
      `e. payments: ${main.requestsPerSec} acknowledged/s, p99 ${main.latencyMs.p99} ms; balance ${before.balance} → ${after.balance}, ` +
        `expected ${verdict.expected}: ${exact ? "EXACT" : "NOT EXACT"}`,
    );
    if (!exact) failures.push(`payments: balance not exact ${JSON.stringify(checkResult)}`);
    if (main.non2xx || main.errors || warm.non2xx || warm.errors) {
      failures.push(
        `payments: ${main.non2xx + warm.non2xx} non-2xx (${JSON.stringify(rejected)}; ${rejectedSample}), ${main.errors + warm.errors} errors (see bench/logs/product.log)`,
      );
    }
    const paymentResult: PaymentResult = {
      ...main,
      requestsDescription: `POST ${PAYMENT_PATH}, ${CONFIG.connections} writers, one account`,
      check: checkResult,
      waitProfile,
    };
    return { paymentResult, commitFloorResult };
  } finally {
    await check.end().catch(() => undefined);
  }
}
