import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { countRows } from "./support/sql-counts.js";

// TMF666 beyond billing accounts: party, settlement and financial accounts, billing cycle
// specifications, bill formats and bill presentation media — GET list, POST, GET/PATCH/DELETE by id
// on REST, the same in GraphQL; a financial account's balance is the sum of the accounts under it.

const API = "/tmf-api/accountManagement/v4";
const party = [{ id: "org-7", name: "Partner Co", role: "partner", "@referredType": "Organization" }];

const CASES = [
  { collection: "partyAccount", body: { name: "Party A", relatedParty: party, state: "active" }, patch: { state: "suspended" } },
  {
    collection: "settlementAccount",
    body: { name: "Partner settlement", relatedParty: party, creditLimit: { unit: "EUR", value: 1000 } },
    patch: { description: "Monthly" },
  },
  { collection: "financialAccount", body: { name: "Receivables Europe", accountType: "receivable" }, patch: { state: "closed" } },
  {
    collection: "billingCycleSpecification",
    body: { name: "Monthly", frequency: "monthly", billingDateShift: 1, paymentDueDateOffset: 15, validFor: { startDateTime: "2024-01-01T00:00:00.000Z" } },
    patch: { mailingDateOffset: 2 },
  },
  { collection: "billFormat", body: { name: "PDF", description: "A4 PDF document" }, patch: { description: "A4 PDF, tagged" } },
  { collection: "billPresentationMedia", body: { name: "email", description: "Sent by e-mail" }, patch: { description: "E-mail with link" } },
] as const;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe("TMF666 resources on REST", () => {
  for (const { collection, body, patch } of CASES) {
    it(`${collection}: POST 201, GET by id and in a filtered list, PATCH, DELETE 204, then 404`, async () => {
      const created = await server.request("POST", `${API}/${collection}`, body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const { id, href } = created.body as { id: string; href: string };
      expect(href).toBe(`${server.url}${API}/${collection}/${id}`);
      expect(created.headers.get("location")).toBe(href);
      expect(created.body).toMatchObject({ ...body, "@type": collection[0]!.toUpperCase() + collection.slice(1) });

      const one = await server.request("GET", `${API}/${collection}/${id}`);
      expect(one.body).toEqual(created.body);
      const list = await server.request("GET", `${API}/${collection}?name=${encodeURIComponent(body.name)}&fields=name`);
      expect(list.body).toEqual([{ id, href, name: body.name }]);
      expect(list.headers.get("x-total-count")).toBe("1");

      const patched = await server.request("PATCH", `${API}/${collection}/${id}`, patch);
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ ...body, ...patch });

      expect((await server.request("DELETE", `${API}/${collection}/${id}`)).status).toBe(204);
      expect((await server.request("GET", `${API}/${collection}/${id}`)).status).toBe(404);
    });
  }

  it("filters and sorts on an integer attribute as a number (REST and GraphQL)", async () => {
    const shifts = [12, 3, 30];
    for (const shift of shifts) await server.request("POST", `${API}/billingCycleSpecification`, { name: `Shift ${shift}`, billingDateShift: shift });
    const rest = await server.request("GET", `${API}/billingCycleSpecification?billingDateShift.gte=10&sort=billingDateShift&fields=billingDateShift`);
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect((rest.body as { billingDateShift: number }[]).map((r) => r.billingDateShift)).toEqual([12, 30]);
    const gql = await server.graphql<{ billingCycleSpecifications: { billingDateShift: number }[] }>(
      "{ billingCycleSpecifications(filter: { billingDateShift: { lt: 10 } }, sort: [{ field: billingDateShift, order: DESC }]) { billingDateShift } }",
    );
    expect(gql.errors).toBeUndefined();
    expect(gql.data!.billingCycleSpecifications.map((r) => r.billingDateShift)).toEqual([3]);
  });

  it("refuses what the swagger and the money rules refuse, writing nothing", async () => {
    const missing = await server.request("POST", `${API}/partyAccount`, { name: "No parties" });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe("PartyAccount: missing mandatory attribute(s): relatedParty");
    const negative = await server.request("POST", `${API}/settlementAccount`, { name: "Neg", relatedParty: party, creditLimit: { unit: "EUR", value: -1 } });
    expect(negative.status).toBe(400);
    expect(negative.body.message).toBe("creditLimit.value must not be negative");
    const wrongType = await server.request("POST", `${API}/billingCycleSpecification`, { name: "Bad", billingDateShift: "one" });
    expect(wrongType.status).toBe(400);
    const rows = await server.db.pool.query(`SELECT count(*)::int AS n FROM party_account WHERE name = 'No parties'`);
    expect(rows.rows[0].n).toBe(0);
  });
});

describe("a financial account aggregates the billing accounts under it", () => {
  it("its balance is the sum of theirs, per currency; it cannot be deleted while they refer to it", async () => {
    const fa = (await server.request("POST", `${API}/financialAccount`, { name: "Receivables" })).body as { id: string };
    const customer = (
      await server.request("POST", "/tmf-api/customerManagement/v4/customer", { name: "Agg", engagedParty: { id: "o", "@referredType": "Organization" } })
    ).body;
    const accounts: string[] = [];
    for (const name of ["Agg 1", "Agg 2"]) {
      const res = await server.request("POST", `${API}/billingAccount`, {
        name,
        relatedParty: [{ id: customer.id, name: "Agg", role: "customer", "@referredType": "Customer" }],
        financialAccount: { id: fa.id, name: "Receivables" },
      });
      expect(res.status).toBe(201);
      accounts.push(res.body.id);
    }
    for (const [account, value] of [
      [accounts[0], "100.50"],
      [accounts[1], "20"],
    ] as const) {
      const bill = await server.graphql(
        `mutation ($a: String!, $v: Decimal!) { createCustomerBill(input: { billingAccount: { id: $a }, amountDue: { unit: "EUR", value: $v } }) { id } }`,
        {
          a: account,
          v: value,
        },
      );
      expect(bill.errors).toBeUndefined();
    }
    const payment = await server.request("POST", "/tmf-api/paymentManagement/v4/payment", {
      account: { id: accounts[0] },
      paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
      totalAmount: { unit: "EUR", value: 30.25 },
    });
    expect(payment.status).toBe(201);

    const graphql = await server.graphql<{ financialAccount: { accountBalance: unknown[] } }>(
      `query ($id: ID!) { financialAccount(id: $id) { accountBalance { balanceType amount { unit value } } } }`,
      { id: fa.id },
    );
    expect(graphql.data!.financialAccount.accountBalance).toEqual([{ balanceType: "receivableBalance", amount: { unit: "EUR", value: 90.25 } }]);
    const rest = await server.request("GET", `${API}/financialAccount/${fa.id}?fields=accountBalance`);
    expect(rest.body.accountBalance).toMatchObject([{ balanceType: "receivableBalance", amount: { unit: "EUR", value: 90.25 } }]);

    const before = await countRows(server, "event");
    const refused = await server.request("DELETE", `${API}/financialAccount/${fa.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(`FinancialAccount ${fa.id} is still referred to by 2 resource(s): BillingAccount`);
    expect(await countRows(server, "event")).toBe(before);
  });

  it("GraphQL serves the same resources: queries, counts and mutations derived from their descriptions", async () => {
    const created = await server.graphql<{ createBillFormat: { id: string; name: string; href: string } }>(
      `mutation { createBillFormat(input: { name: "HTML", atType: "BillFormat" }) { id name href } }`,
    );
    expect(created.errors).toBeUndefined();
    const { id } = created.data!.createBillFormat;
    const read = await server.graphql(
      `query ($id: ID!) { billFormat(id: $id) { name atType } billFormats(filter: { name: { eq: "HTML" } }) { id } billFormatsCount }`,
      { id },
    );
    expect(read.data).toEqual({ billFormat: { name: "HTML", atType: "BillFormat" }, billFormats: [{ id }], billFormatsCount: 1 });
    const removed = await server.graphql(`mutation ($id: ID!) { deleteBillFormat(id: $id) }`, { id });
    expect(removed.data).toEqual({ deleteBillFormat: true });
  });
});

describe("an account's references to TMF666 resources resolve", () => {
  it("billStructure and financialAccount: ids must name resources of the gateway, carry their href, and keep them from deletion", async () => {
    const post = async (collection: string, body: unknown) => (await server.request("POST", `${API}/${collection}`, body)).body as { id: string; href: string };
    const cycle = await post("billingCycleSpecification", { name: "Monthly" });
    const format = await post("billFormat", { name: "PDF" });
    const media = await post("billPresentationMedia", { name: "email" });
    const fa = await post("financialAccount", { name: "Receivables" });
    const created = await server.request("POST", `${API}/partyAccount`, {
      name: "Structured",
      relatedParty: party,
      financialAccount: { id: fa.id, name: "Receivables" },
      billStructure: {
        cycleSpecification: { id: cycle.id, name: "Monthly" },
        format: { id: format.id, name: "PDF" },
        presentationMedia: [
          { id: media.id, name: "email" },
          { name: "paper", description: "by value: no id" },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.financialAccount).toEqual({ id: fa.id, name: "Receivables", href: fa.href });
    expect(created.body.billStructure).toEqual({
      cycleSpecification: { id: cycle.id, name: "Monthly", href: cycle.href },
      format: { id: format.id, name: "PDF", href: format.href },
      presentationMedia: [
        { id: media.id, name: "email", href: media.href },
        { name: "paper", description: "by value: no id" },
      ],
    });

    // GraphQL navigates the references (selecting only the navigations: the references are read for them).
    const nav = await server.graphql<{ partyAccount: Record<string, unknown> }>(
      `query($id: ID!) { partyAccount(id: $id) { billingCycleSpecification { name } billFormat { id name } aggregatedIn { name } } }`,
      { id: created.body.id },
    );
    expect(nav.errors).toBeUndefined();
    expect(nav.data!.partyAccount).toEqual({
      billingCycleSpecification: { name: "Monthly" },
      billFormat: { id: format.id, name: "PDF" },
      aggregatedIn: { name: "Receivables" },
    });

    for (const [collection, id] of [
      ["billFormat", format.id],
      ["billPresentationMedia", media.id],
      ["billingCycleSpecification", cycle.id],
      ["financialAccount", fa.id],
    ] as const) {
      const refused = await server.request("DELETE", `${API}/${collection}/${id}`);
      expect(refused.status, collection).toBe(409);
    }

    const unknown = "0b9c2f59-0000-4000-8000-0000000000aa";
    const badFormat = await server.request("PATCH", `${API}/partyAccount/${created.body.id}`, { billStructure: { format: { id: unknown, name: "Gone" } } });
    expect(badFormat.status).toBe(422);
    expect(badFormat.body.message).toBe(`billStructure.format.id ${unknown} is not a known BillFormat`);
    const badAccount = await server.request("POST", `${API}/billingAccount`, { name: "Dangling", relatedParty: party, financialAccount: { id: "not-a-uuid" } });
    expect(badAccount.status).toBe(422);
    expect(badAccount.body.message).toBe("financialAccount.id not-a-uuid is not a known FinancialAccount");
    const unknownPart = await server.request("POST", `${API}/partyAccount`, {
      name: "Odd",
      relatedParty: party,
      billStructure: { format: { name: "x", colour: "red" } },
    });
    expect(unknownPart.status).toBe(400);
    expect(unknownPart.body.message).toBe("Unknown or read-only attribute(s) for PartyAccount: billStructure.format.colour");

    // Once no account refers to them, they can go.
    expect((await server.request("PATCH", `${API}/partyAccount/${created.body.id}`, { billStructure: null, financialAccount: null })).status).toBe(200);
    expect((await server.request("DELETE", `${API}/billFormat/${format.id}`)).status).toBe(204);
    expect((await server.request("DELETE", `${API}/financialAccount/${fa.id}`)).status).toBe(204);
  });
});
