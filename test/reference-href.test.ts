import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// A reference's `href` is derived per request (never stored): made when the selection reads it —
// directly, aliased or through a fragment — and left out when it does not.

const ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount";
const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";

let server: TestServer;
let accountId: string;
let paymentId: string;

beforeAll(async () => {
  server = await startTestServer();
  const account = await server.request("POST", ACCOUNTS, {
    name: "Referenced",
    relatedParty: [{ id: "org-r", name: "R", role: "partner", "@referredType": "Organization" }],
  });
  accountId = account.body.id;
  const payment = await server.request("POST", PAYMENTS, {
    account: { id: accountId },
    paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
    totalAmount: { unit: "EUR", value: "2.50" },
  });
  expect(payment.status).toBe(201);
  paymentId = payment.body.id;
});

afterAll(async () => server?.close());

const account = async (selection: string, fragments = "") => {
  const { data, errors } = await server.graphql<{ payment: { account: Record<string, unknown> } }>(
    `query ($id: ID!) { payment(id: $id) { account { ${selection} } } } ${fragments}`,
    { id: paymentId },
  );
  expect(errors).toBeUndefined();
  return data!.payment.account;
};

describe("reference hrefs", () => {
  it("are absent when not selected", async () => {
    for (let run = 0; run < 3; run++) expect(await account("id")).toEqual({ id: accountId });
  });

  it("are made when selected: directly, aliased, through a fragment or an inline fragment", async () => {
    const href = `${server.url}${ACCOUNTS}/${accountId}`;
    for (let run = 0; run < 3; run++) {
      expect(await account("id href")).toEqual({ id: accountId, href });
      expect(await account("link: href")).toEqual({ link: href });
      expect(await account("...Link", "fragment Link on AccountRef { href }")).toEqual({ href });
      expect(await account("... on AccountRef { href }")).toEqual({ href });
    }
  });
});
