import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// Money rules, proven on real PostgreSQL with real concurrency: parallel HTTP requests, and after every
// scenario the books reconcile to the cent (balance = bills due − payments + refunds; bill remainders).

const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
const REFUNDS = "/tmf-api/paymentManagement/v4/refund";
const ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount";
const BILLS = "/tmf-api/customerBillManagement/v4/customerBill";

let server: TestServer;
let customerId: string;

async function newAccount(unit = "EUR") {
  const res = await server.request("POST", ACCOUNTS, {
    name: "Ledger test",
    relatedParty: [{ id: customerId, name: "Ledger customer", role: "customer", "@referredType": "Customer" }],
    creditLimit: { unit, value: 1000 },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const pay = (accountId: string, value: number | string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  server.request(
    "POST",
    PAYMENTS,
    { account: { id: accountId }, paymentMethod: { name: "card", "@type": "BankCard" }, totalAmount: { unit: "EUR", value }, ...extra },
    headers,
  );

const bill = async (accountId: string, value: number) => {
  const res = await server.request("POST", BILLS, { billingAccount: { id: accountId }, amountDue: { unit: "EUR", value } });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

/** Recomputes the books from the rows with SQL arithmetic (NUMERIC) and compares with what the API says. */
async function reconcile(accountId: string) {
  const { rows } = await server.db.pool.query(
    `SELECT
       (SELECT COALESCE(SUM("amountDueValue"), 0) FROM customer_bill WHERE "billingAccountId" = $1)
     - (SELECT COALESCE(SUM("totalAmountValue"), 0) FROM payment WHERE "accountId" = $1)
     + (SELECT COALESCE(SUM("totalAmountValue"), 0) FROM refund WHERE "accountId" = $1) AS expected,
       (SELECT "balanceValue" FROM billing_account WHERE id = $1) AS stored,
       (SELECT COUNT(*) FROM customer_bill b WHERE b."billingAccountId" = $1 AND b."remainingAmountValue" <>
          b."amountDueValue" - COALESCE((SELECT SUM(i."totalAmountValue") FROM payment_item i WHERE i."billId" = b.id), 0)) AS bad_bills,
       (SELECT COUNT(*) FROM payment p WHERE p."accountId" = $1 AND
          (SELECT COALESCE(SUM(r."totalAmountValue"), 0) FROM refund r WHERE r."paymentId" = p.id) > p."totalAmountValue") AS over_refunded`,
    [accountId],
  );
  const books = rows[0] as { expected: string; stored: string; bad_bills: string; over_refunded: string };
  expect(books.stored).toBe(books.expected);
  expect(Number(books.bad_bills)).toBe(0);
  expect(Number(books.over_refunded)).toBe(0);
  const account = await server.request("GET", `${ACCOUNTS}/${accountId}?fields=accountBalance`);
  const balance = account.body.accountBalance?.[0];
  expect(balance?.balanceType).toBe("receivableBalance");
  expect(balance?.amount.value).toBe(Number(books.expected));
  return Number(books.expected);
}

beforeAll(async () => {
  server = await startTestServer();
  const customer = await server.request("POST", "/tmf-api/customerManagement/v4/customer", {
    name: "Ledger customer",
    engagedParty: { id: "p-ledger", "@referredType": "Individual" },
  });
  customerId = customer.body.id;
});
afterAll(() => server?.close());

describe("money that is never wrong", () => {
  it("50 concurrent payments on one account: 50 rows and an exact balance", async () => {
    const accountId = await newAccount();
    await bill(accountId, 500);
    const amounts = Array.from({ length: 50 }, (_, i) => (i % 7) + 1 + 0.01 * (i % 10));
    const results = await Promise.all(amounts.map((v) => pay(accountId, v)));
    expect(results.map((r) => r.status)).toEqual(amounts.map(() => 201));
    const { rows } = await server.db.pool.query(`SELECT COUNT(*)::int AS n FROM payment WHERE "accountId" = $1`, [accountId]);
    expect(rows[0].n).toBe(50);
    const paid = amounts.reduce((sum, v) => sum + Math.round(v * 100), 0);
    expect(Math.round((await reconcile(accountId)) * 100)).toBe(50_000 - paid);
  });

  it("concurrent payments and bills on several accounts at once: every account exact", async () => {
    const accounts = await Promise.all([newAccount(), newAccount(), newAccount()]);
    const work = accounts.flatMap((accountId, a) =>
      Array.from({ length: 20 }, (_, i) =>
        i % 5 === 0 ? bill(accountId, 10 + a) : pay(accountId, (i % 9) + 1 + 0.25 * a).then((r) => expect(r.status).toBe(201)),
      ),
    );
    await Promise.all(work);
    for (const [a, accountId] of accounts.entries()) {
      const paid = Array.from({ length: 20 }, (_, i) => i)
        .filter((i) => i % 5 !== 0)
        .reduce((sum, i) => sum + Math.round(((i % 9) + 1 + 0.25 * a) * 100), 0);
      expect(Math.round((await reconcile(accountId)) * 100)).toBe(4 * (10 + a) * 100 - paid);
    }
  });

  it("concurrent first bookings in two currencies: one currency wins, the others are refused, nothing of them is written", async () => {
    // No credit limit: the account's currency is fixed by its first booking. Concurrent bookings are
    // committed in groups; a group with a refused booking is retried booking by booking.
    const res = await server.request("POST", ACCOUNTS, {
      name: "No currency yet",
      relatedParty: [{ id: customerId, name: "Ledger customer", role: "customer", "@referredType": "Customer" }],
    });
    const accountId = res.body.id as string;
    const units = Array.from({ length: 30 }, (_, i) => (i % 6 === 5 ? "USD" : "EUR"));
    const results = await Promise.all(
      units.map((unit, i) =>
        server.request("POST", PAYMENTS, {
          account: { id: accountId },
          paymentMethod: { name: "card", "@type": "BankCard" },
          totalAmount: { unit, value: i + 1 },
        }),
      ),
    );
    const accepted = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    const winner = accepted[0]!.body.totalAmount.unit as string;
    expect(accepted.every((r) => r.body.totalAmount.unit === winner)).toBe(true);
    expect(units.filter((u) => u === winner)).toHaveLength(accepted.length);
    expect(refused.map((r) => [r.status, r.body.reason])).toEqual(refused.map(() => [422, "Currency mismatch"]));
    const { rows } = await server.db.pool.query(`SELECT id::text FROM payment WHERE "accountId" = $1 ORDER BY id`, [accountId]);
    expect(rows.map((r: { id: string }) => r.id)).toEqual(accepted.map((r) => r.body.id as string).sort());
    const { rows: events } = await server.db.pool.query(
      `SELECT COUNT(*)::int AS n FROM event WHERE "resourceType" = 'Payment' AND resource->'account'->>'id' = $1`,
      [accountId],
    );
    expect(events[0].n).toBe(accepted.length);
    const paid = accepted.reduce((sum, r) => sum + Math.round(r.body.totalAmount.value * 100), 0);
    expect(Math.round((await reconcile(accountId)) * 100)).toBe(-paid);
  });

  it("sums decimals exactly: ten payments of 0.1 and one of 0.2 leave a balance of exactly -1.2", async () => {
    const accountId = await newAccount();
    await Promise.all([...Array.from({ length: 10 }, () => pay(accountId, 0.1)), pay(accountId, "0.2")]);
    expect(await reconcile(accountId)).toBe(-1.2);
    const { rows } = await server.db.pool.query(`SELECT "balanceValue"::text AS v FROM billing_account WHERE id = $1`, [accountId]);
    expect(rows[0].v).toBe("-1.2000");
  });

  it("applies payment items to bills: partial, settled, never below zero, the rest as credit", async () => {
    const accountId = await newAccount();
    const billA = await bill(accountId, 100);
    const billB = await bill(accountId, 40);
    const item = (id: string, value: number) => ({ item: { id, "@referredType": "CustomerBill" }, totalAmount: { unit: "EUR", value } });
    const first = await pay(accountId, 150, { paymentItem: [item(billA, 60), item(billB, 40)] });
    expect(first.status).toBe(201);
    const a = (await server.request("GET", `${BILLS}/${billA}`)).body;
    const b = (await server.request("GET", `${BILLS}/${billB}`)).body;
    expect(a).toMatchObject({ state: "partiallyPaid", remainingAmount: { value: 40 } });
    expect(b).toMatchObject({ state: "settled", remainingAmount: { value: 0 } });
    expect(a.appliedPayment).toEqual([{ appliedAmount: { unit: "EUR", value: 60 }, payment: { id: first.body.id, href: first.body.href } }]);
    expect(await reconcile(accountId)).toBe(-10); // 140 due − 150 paid: 10 of credit

    const over = await pay(accountId, 50, { paymentItem: [item(billA, 50)] });
    expect(over.status).toBe(422);
    expect(over.body.message).toMatch(/only 40 left/);
    const tooMany = await pay(accountId, 10, { paymentItem: [item(billA, 6), item(billA, 5)] });
    expect(tooMany.status).toBe(400);
    expect(await reconcile(accountId)).toBe(-10);
    expect((await server.request("GET", `${BILLS}/${billA}?fields=remainingAmount`)).body.remainingAmount.value).toBe(40);
  });

  it("refuses amounts that do not add up, a foreign currency, too many decimals", async () => {
    const accountId = await newAccount();
    const bad = [
      pay(accountId, 11.6, { amount: { unit: "EUR", value: 10 }, taxAmount: { unit: "EUR", value: 1.5 } }),
      pay(accountId, 1.001),
      pay(accountId, 0),
    ];
    for (const res of await Promise.all(bad)) expect(res.status).toBe(400);
    const usd = await server.request("POST", PAYMENTS, {
      account: { id: accountId },
      paymentMethod: { name: "c", "@type": "BankCard" },
      totalAmount: { unit: "USD", value: 5 },
    });
    expect(usd.status).toBe(422);
    expect(usd.body.reason).toBe("Currency mismatch");
    const ok = await pay(accountId, 11.6, { amount: { unit: "eur", value: 10 }, taxAmount: { unit: "EUR", value: 1.6 } });
    expect(ok.status).toBe(201);
    const yen = await newAccount("JPY");
    expect(
      (
        await server.request("POST", PAYMENTS, {
          account: { id: yen },
          paymentMethod: { name: "c", "@type": "BankCard" },
          totalAmount: { unit: "jpy", value: 1.5 },
        })
      ).status,
    ).toBe(400);
    expect(await reconcile(accountId)).toBe(-11.6);
  });

  it("refunds racing on one payment never exceed it", async () => {
    const accountId = await newAccount();
    const payment = (await pay(accountId, 100)).body;
    const refund = (value: number) =>
      server.request("POST", REFUNDS, {
        account: { id: accountId },
        payment: { id: payment.id },
        paymentMethod: { name: "card", "@type": "BankCard" },
        totalAmount: { unit: "EUR", value },
      });
    const results = await Promise.all(Array.from({ length: 12 }, () => refund(10)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status === 422)).toHaveLength(2);
    expect(results.find((r) => r.status === 422)!.body.reason).toBe("Refund exceeds payment");
    expect(await reconcile(accountId)).toBe(0);
    const noPayment = await server.request("POST", REFUNDS, {
      account: { id: accountId },
      paymentMethod: { name: "c", "@type": "BankCard" },
      totalAmount: { unit: "EUR", value: 1 },
    });
    expect(noPayment.status).toBe(400);
  });

  it("Idempotency-Key: a repeat returns the first payment, concurrent repeats create one, another body is refused", async () => {
    const accountId = await newAccount();
    const key = { "idempotency-key": `pay-${Date.now()}` };
    const results = await Promise.all(Array.from({ length: 8 }, () => pay(accountId, 25, {}, key)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const again = await pay(accountId, 25, {}, key);
    expect(again.body.id).toBe(results[0]!.body.id);
    const different = await pay(accountId, 26, {}, key);
    expect(different.status).toBe(422);
    const { rows } = await server.db.pool.query(`SELECT COUNT(*)::int AS n FROM payment WHERE "accountId" = $1`, [accountId]);
    expect(rows[0].n).toBe(1);
    expect(await reconcile(accountId)).toBe(-25);

    const viaGraphql = await server.graphql<{ a: { id: string }; b: { id: string } }>(
      `mutation ($input: PaymentInput!) {
        a: createPayment(input: $input, idempotencyKey: "gql-1") { id }
        b: createPayment(input: $input, idempotencyKey: "gql-1") { id }
      }`,
      { input: { account: { id: accountId }, paymentMethod: { name: "card", atType: "BankCard" }, totalAmount: { unit: "EUR", value: 5 } } },
    );
    expect(viaGraphql.data!.a.id).toBe(viaGraphql.data!.b.id);
    expect(await reconcile(accountId)).toBe(-30);
  });
});
