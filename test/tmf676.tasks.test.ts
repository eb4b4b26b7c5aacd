import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// TMF676's payment tasks: an authorization holds its amount on the billing account within the
// account's credit limit (holds add up, even when they race); an initiation makes the payment of an
// authorization — once — or a payment directly, creating the Payment as it completes; refusals are
// rejected tasks that say why; idempotency as for payments.

const API = "/tmf-api/paymentManagement/v4";
const method = { id: "pm-1", name: "Visa ****4242", "@type": "BankCard" };

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function newAccount(creditLimit?: number): Promise<string> {
  const customer = await server.request("POST", "/tmf-api/customerManagement/v4/customer", {
    name: "Tasks",
    engagedParty: { id: "o", "@referredType": "Organization" },
  });
  const account = await server.request("POST", "/tmf-api/accountManagement/v4/billingAccount", {
    name: "Tasks",
    relatedParty: [{ id: customer.body.id, name: "Tasks", role: "customer", "@referredType": "Customer" }],
    ...(creditLimit !== undefined && { creditLimit: { unit: "EUR", value: creditLimit } }),
  });
  return account.body.id as string;
}

const value = (accountId: string, amount: number) => ({ account: { id: accountId }, paymentMethod: method, totalAmount: { unit: "EUR", value: amount } });
const authorize = (accountId: string, amount: number, headers: Record<string, string> = {}) =>
  server.request("POST", `${API}/authorizePayment`, { authorizedPayment: value(accountId, amount) }, headers);
const count = async (sql: string, values: unknown[]) => (await server.db.pool.query(sql, values)).rows[0].n as number;
const paymentsOf = (accountId: string) => count(`SELECT count(*)::int AS n FROM payment WHERE "accountId" = $1`, [accountId]);
const balanceOf = async (accountId: string) =>
  (await server.db.pool.query(`SELECT "balanceValue"::text AS b FROM billing_account WHERE id = $1`, [accountId])).rows[0].b;

describe("authorizePayment", () => {
  it("holds the amount within the credit limit; beyond what is left it is rejected, saying why", async () => {
    const accountId = await newAccount(100);
    const first = await authorize(accountId, 60.5);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ state: "done", "@type": "AuthorizePayment", authorizedPayment: value(accountId, 60.5) });
    expect(first.body.authorizedPaymentDate).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(first.headers.get("location")).toBe(`${server.url}${API}/authorizePayment/${first.body.id}`);

    const second = await authorize(accountId, 40);
    expect(second.body).toMatchObject({ state: "rejected" });
    expect(second.body.stateReason).toBe(
      `totalAmount 40 EUR exceeds the 39.5 EUR of credit available on billing account ${accountId} (credit limit 100, balance 0, held 60.5)`,
    );
    const third = await authorize(accountId, 39.5);
    expect(third.body.state).toBe("done");

    expect((await server.request("GET", `${API}/authorizePayment/${second.body.id}`)).body).toEqual(second.body);
    const rejected = await server.request("GET", `${API}/authorizePayment?state=rejected&fields=state,stateReason`);
    expect(rejected.body).toContainEqual({ id: second.body.id, href: second.body.href, state: "rejected", stateReason: second.body.stateReason });
    expect(await paymentsOf(accountId)).toBe(0); // an authorization pays nothing
  });

  it("never holds more than the credit left when authorizations race", async () => {
    const accountId = await newAccount(100);
    const results = await Promise.all(Array.from({ length: 10 }, () => authorize(accountId, 30)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(results.filter((r) => r.body.state === "done")).toHaveLength(3);
    expect(await count(`SELECT count(*)::int AS n FROM authorize_payment WHERE "accountId" = $1 AND "holdOpen"`, [accountId])).toBe(3);
  });

  it("has no ceiling on an account without a credit limit; refuses bad payments, unknown accounts and card data, writing nothing", async () => {
    const unlimited = await newAccount();
    expect((await authorize(unlimited, 1_000_000)).body.state).toBe("done");

    const before = await count(`SELECT count(*)::int AS n FROM authorize_payment`, []);
    expect((await server.request("POST", `${API}/authorizePayment`, {})).status).toBe(400);
    expect((await authorize("0b9c2f59-0000-4000-8000-000000000003", 5)).status).toBe(422);
    expect((await authorize(unlimited, -5)).status).toBe(400);
    const card = await server.request("POST", `${API}/authorizePayment`, {
      authorizedPayment: { ...value(unlimited, 5), paymentMethod: { ...method, cardNumber: "4242424242424242" } },
    });
    expect(card.status).toBe(400);
    expect(card.body.message).not.toContain("4242424242424242");
    // The account has no currency yet (no limit, no booking): its open EUR hold decides it.
    const usd = await server.request("POST", `${API}/authorizePayment`, {
      authorizedPayment: { ...value(unlimited, 5), totalAmount: { unit: "USD", value: 5 } },
    });
    expect(usd.status).toBe(422);
    expect(usd.body.message).toBe(`authorizedPayment.totalAmount.unit USD differs from the EUR already held on billing account ${unlimited}`);
    expect(await count(`SELECT count(*)::int AS n FROM authorize_payment`, [])).toBe(before);
  });
});

describe("initiatePayment", () => {
  it("makes the authorized payment once: one Payment, the balance down, the hold closed; a second initiation is rejected", async () => {
    const accountId = await newAccount(100);
    const authorization = await authorize(accountId, 70);
    const initiated = await server.request("POST", `${API}/initiatePayment`, { authorizedPayment: { id: authorization.body.id } });
    expect(initiated.status, JSON.stringify(initiated.body)).toBe(201);
    expect(initiated.body).toMatchObject({ state: "done", authorizedPayment: { id: authorization.body.id, href: authorization.body.href } });
    const paymentId = initiated.body.initiatedPayment.id as string;
    expect(initiated.body.initiatedPayment).toMatchObject({
      id: paymentId,
      href: `${server.url}${API}/payment/${paymentId}`,
      totalAmount: { unit: "EUR", value: 70 },
    });
    const payment = await server.request("GET", `${API}/payment/${paymentId}`);
    expect(payment.body).toMatchObject({ status: "done", totalAmount: { unit: "EUR", value: 70 }, account: { id: accountId } });
    expect(await balanceOf(accountId)).toBe("-70.0000");
    expect(await count(`SELECT count(*)::int AS n FROM authorize_payment WHERE id = $1 AND "holdOpen"`, [authorization.body.id])).toBe(0);

    const events = await server.db.pool.query(`SELECT "eventType", resource->>'state' AS state FROM event WHERE "resourceId" = ANY($1::uuid[]) ORDER BY seq`, [
      [initiated.body.id, paymentId],
    ]);
    expect(events.rows).toEqual([
      { eventType: "InitiatePaymentCreateEvent", state: "acknowledged" },
      { eventType: "PaymentCreateEvent", state: null },
      { eventType: "InitiatePaymentStateChangeEvent", state: "done" },
    ]);

    const again = await server.request("POST", `${API}/initiatePayment`, { authorizedPayment: { id: authorization.body.id } });
    expect(again.body).toMatchObject({
      state: "rejected",
      stateReason: `authorization ${authorization.body.id} was already initiated by initiatePayment ${initiated.body.id}`,
    });
    expect(await paymentsOf(accountId)).toBe(1);
    // The hold is released: the credit is the account's again (its balance now −70: 170 available).
    expect((await authorize(accountId, 170)).body.state).toBe("done");
  });

  it("makes one payment when initiations of one authorization race", async () => {
    const accountId = await newAccount(100);
    const authorization = await authorize(accountId, 25);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => server.request("POST", `${API}/initiatePayment`, { authorizedPayment: { id: authorization.body.id } })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(results.filter((r) => r.body.state === "done")).toHaveLength(1);
    expect(await paymentsOf(accountId)).toBe(1);
    expect(await balanceOf(accountId)).toBe("-25.0000");
  });

  it("refuses more than the hold, another account, a rejected authorization; pays directly without one", async () => {
    const accountId = await newAccount(50);
    const other = await newAccount(50);
    const authorization = await authorize(accountId, 20);
    const more = await server.request("POST", `${API}/initiatePayment`, {
      authorizedPayment: { id: authorization.body.id },
      initiatedPayment: value(accountId, 25),
    });
    expect(more.body).toMatchObject({ state: "rejected", stateReason: `totalAmount 25 exceeds the 20 EUR authorization ${authorization.body.id} holds` });
    const elsewhere = await server.request("POST", `${API}/initiatePayment`, {
      authorizedPayment: { id: authorization.body.id },
      initiatedPayment: value(other, 10),
    });
    expect(elsewhere.body.state).toBe("rejected");
    const refusedAuthorization = await authorize(accountId, 500);
    const ofRefused = await server.request("POST", `${API}/initiatePayment`, { authorizedPayment: { id: refusedAuthorization.body.id } });
    expect(ofRefused.body).toMatchObject({ state: "rejected", stateReason: `authorization ${refusedAuthorization.body.id} was not granted (state rejected)` });
    expect(await paymentsOf(accountId)).toBe(0);
    const partial = await server.request("POST", `${API}/initiatePayment`, {
      authorizedPayment: { id: authorization.body.id },
      initiatedPayment: value(accountId, 12.34),
    });
    expect(partial.body.state).toBe("done");

    const direct = await server.request("POST", `${API}/initiatePayment`, { initiatedPayment: value(other, 5) });
    expect(direct.body.state).toBe("done");
    expect(direct.body.authorizedPayment).toBeUndefined();
    expect(await paymentsOf(other)).toBe(1);
    expect((await server.request("POST", `${API}/initiatePayment`, {})).status).toBe(400);
    expect((await server.request("POST", `${API}/initiatePayment`, { authorizedPayment: { id: "0b9c2f59-0000-4000-8000-000000000004" } })).status).toBe(422);
  });

  it("is idempotent as payments are: the same key and body give the first task and one payment; another body is a 422", async () => {
    const accountId = await newAccount();
    const key = { "Idempotency-Key": `init-${Date.now()}` };
    const body = { initiatedPayment: value(accountId, 9.99) };
    const [a, b] = await Promise.all([
      server.request("POST", `${API}/initiatePayment`, body, key),
      server.request("POST", `${API}/initiatePayment`, body, key),
    ]);
    expect(a.body.id).toBe(b.body.id);
    expect(a.body.initiatedPayment.id).toBe(b.body.initiatedPayment.id);
    expect(await paymentsOf(accountId)).toBe(1);
    expect((await server.request("POST", `${API}/initiatePayment`, { initiatedPayment: value(accountId, 1) }, key)).status).toBe(422);
    const auth = await authorize(accountId, 3, { "Idempotency-Key": "auth-1" });
    expect((await authorize(accountId, 3, { "Idempotency-Key": "auth-1" })).body.id).toBe(auth.body.id);
  });

  it("in GraphQL: createAuthorizePayment, createInitiatePayment and their navigations", async () => {
    const accountId = await newAccount(10);
    const created = await server.graphql<{ createAuthorizePayment: { id: string; state: string } }>(
      `mutation($a: String!) { createAuthorizePayment(input: { authorizedPayment: { account: { id: $a }, totalAmount: { unit: "EUR", value: "7.5" },
         paymentMethod: { id: "pm-1", name: "Card", atType: "BankCard" } } }) { id state } }`,
      { a: accountId },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createAuthorizePayment.state).toBe("done");
    const made = await server.graphql<{
      createInitiatePayment: { state: string; payment: { totalAmount: { value: number } }; authorization: { state: string } };
    }>(
      `mutation($id: String!) { createInitiatePayment(input: { authorizedPayment: { id: $id } }) { state payment { totalAmount { value } } authorization { state } } }`,
      { id: created.data!.createAuthorizePayment.id },
    );
    expect(made.errors).toBeUndefined();
    expect(made.data!.createInitiatePayment).toEqual({ state: "done", payment: { totalAmount: { value: 7.5 } }, authorization: { state: "done" } });
    const listed = await server.graphql<{ billingAccount: { paymentAuthorizations: { id: string }[] } }>(
      `query($a: ID!) { billingAccount(id: $a) { paymentAuthorizations { id } } }`,
      { a: accountId },
    );
    expect(listed.data!.billingAccount.paymentAuthorizations).toEqual([{ id: created.data!.createAuthorizePayment.id }]);
  });
});
