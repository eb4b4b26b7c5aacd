import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { faultsAgainst, SWAGGERS } from "./support/swagger-schemas.js";

// Every bill has a document: the bill as a PDF at <bill href>/document, referenced first in its
// billDocument (TMF678's conformance profile makes the attribute mandatory). The PDF is opened with
// Mozilla's PDF.js, an independent reader, and the bill's number and amounts are read back out of it;
// the expected texts are written here by hand from the amounts the test sends.

const BILL = "/tmf-api/customerBillManagement/v4";
const ACCOUNT = "/tmf-api/accountManagement/v4";
const keyOf = (name: string) => `${name}-key-0123456789abcdef`;
const ADMIN = { "x-api-key": keyOf("admin") };
const READER = { "x-api-key": keyOf("reader") };
const OUTSIDER = { "x-api-key": keyOf("outsider") };
const STANDARD_FONTS = `${path.resolve(import.meta.dirname, "../node_modules/pdfjs-dist/standard_fonts")}/`;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    AUTH: "true",
    API_KEYS: JSON.stringify([
      { name: "admin", key: keyOf("admin"), scopes: ["*"] },
      { name: "reader", key: keyOf("reader"), scopes: ["bill:read"] },
      { name: "outsider", key: keyOf("outsider"), scopes: ["customer:read", "account:read", "payment:read"] },
    ]),
  });
});
afterAll(() => server?.close());

const admin = async (method: string, url: string, body?: unknown) => {
  const response = await server.request(method, url, body, ADMIN);
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(300);
  return response.body;
};

async function newAccount(name: string): Promise<string> {
  const customer = await admin("POST", "/tmf-api/customerManagement/v4/customer", { name, engagedParty: { id: "o", "@referredType": "Organization" } });
  const account = await admin("POST", `${ACCOUNT}/billingAccount`, {
    name,
    relatedParty: [{ id: customer.id, name, role: "customer", "@referredType": "Customer" }],
    creditLimit: { unit: "EUR", value: 5000 },
  });
  return account.id;
}

/** The document of a bill over HTTP, and its text as PDF.js reads it: one string per text run, in page order. */
async function documentOf(billId: string, headers: Record<string, string> = READER) {
  const response = await fetch(`${server.url}${BILL}/customerBill/${billId}/document`, { headers });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200) return { response, bytes, text: [] as string[] };
  const pdf = await getDocument({ data: bytes.slice(), standardFontDataUrl: STANDARD_FONTS }).promise;
  const text: string[] = [];
  for (let page = 1; page <= pdf.numPages; page++) {
    const content = await (await pdf.getPage(page)).getTextContent();
    for (const item of content.items) if ("str" in item && item.str.trim()) text.push(item.str);
  }
  return { response, bytes, text, pages: pdf.numPages };
}

/** `label` followed by `value` (the next text run: the row's amount). */
const row = (text: string[], label: string, value: string) => {
  const at = text.indexOf(label);
  expect(at, `${label} in ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(0);
  expect(text.slice(at + 1, at + 2), label).toEqual([value]);
};

describe("a bill made on demand", () => {
  let billId: string;
  let paymentId: string;
  let accountId: string;

  beforeAll(async () => {
    accountId = await newAccount("Docs & Sons");
    const vat = (value: string) => [{ taxCategory: "VAT", taxRate: 0.21, taxAmount: { unit: "EUR", value: Number(value) } }];
    const november = { startDateTime: "2026-11-01T00:00:00.000Z", endDateTime: "2026-11-30T00:00:00.000Z" };
    const rates = [
      { name: "Fibre 1G", taxIncludedAmount: 12.1, taxExcludedAmount: 10, appliedTax: vat("2.10"), periodCoverage: november },
      { name: "Installation", taxIncludedAmount: 1234.5, taxExcludedAmount: 1020.25, appliedTax: vat("214.25") },
      { name: "Goodwill credit", taxIncludedAmount: -0.05, taxExcludedAmount: -0.05, appliedBillingRateType: "appliedBillingCredit" },
    ];
    for (const { taxIncludedAmount, taxExcludedAmount, ...rate } of rates) {
      await admin("POST", `${BILL}/appliedCustomerBillingRate`, {
        appliedBillingRateType: "recurringCharge",
        billingAccount: { id: accountId },
        taxIncludedAmount: { unit: "EUR", value: taxIncludedAmount },
        taxExcludedAmount: { unit: "EUR", value: taxExcludedAmount },
        ...rate,
      });
    }
    const requested = await admin("POST", `${BILL}/customerBillOnDemand`, { billingAccount: { id: accountId, name: "Docs & Sons" } });
    expect(requested.state).toBe("done");
    billId = requested.customerBill.id;
    const payment = await admin("POST", "/tmf-api/paymentManagement/v4/payment", {
      account: { id: accountId },
      paymentMethod: { name: "Visa ****4242", "@type": "BankCard" },
      totalAmount: { unit: "EUR", value: 46.55 },
      paymentItem: [{ item: { id: billId, "@referredType": "CustomerBill" }, totalAmount: { unit: "EUR", value: 46.55 } }],
    });
    paymentId = payment.id;
  });

  it("is a PDF whose number, lines, taxes, totals, payments and remaining amount read back exactly", async () => {
    const { response, bytes, text } = await documentOf(billId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    row(text, "Bill number", billId); // a bill on demand has no billNo: its id is its number
    row(text, "Billing account", `Docs & Sons (${accountId})`);
    row(text, "Billing period", "2026-11-01 – 2026-11-30");
    row(text, "State", "partiallyPaid");
    expect(text.join("\n")).toContain(["Fibre 1G", "2026-11-01 – 2026-11-30", "10.00 EUR", "12.10 EUR"].join("\n"));
    expect(text.join("\n")).toContain(["Installation", "1,020.25 EUR", "1,234.50 EUR"].join("\n"));
    expect(text.join("\n")).toContain(["Goodwill credit", "-0.05 EUR", "-0.05 EUR"].join("\n"));
    row(text, "VAT, rate 0.21", "216.35 EUR"); // 2.10 + 214.25
    row(text, "Total excluding taxes", "1,030.20 EUR"); // 10.00 + 1,020.25 − 0.05
    row(text, "Total including taxes", "1,246.55 EUR"); // 12.10 + 1,234.50 − 0.05
    row(text, "Amount due", "1,246.55 EUR");
    row(text, `Payment ${paymentId}`, "46.55 EUR");
    row(text, "Remaining amount", "1,200.00 EUR");
  });

  it("is referenced first in the bill's billDocument, on REST and GraphQL, conforming to TMF678 v4", async () => {
    const href = `${server.url}${BILL}/customerBill/${billId}/document`;
    const expected = {
      id: `${billId}-document`,
      href,
      url: href,
      name: `bill-${billId}.pdf`,
      mimeType: "application/pdf",
      attachmentType: "bill",
      "@type": "Attachment", // v5's Attachment requires @type: one reference serves both versions
    };
    const bill = await server.request("GET", `${BILL}/customerBill/${billId}`, undefined, READER);
    expect(bill.body.billDocument).toEqual([expect.objectContaining(expected)]);
    expect(faultsAgainst(SWAGGERS.bill, "CustomerBill", bill.body)).toEqual([]);
    const fields = await server.request("GET", `${BILL}/customerBill/${billId}?fields=billDocument`, undefined, READER);
    expect(fields.body.billDocument).toEqual(bill.body.billDocument);
    const list = await server.request("GET", `${BILL}/customerBill?fields=billNo,billDocument&id=${billId}`, undefined, READER);
    expect(list.body[0].billDocument).toEqual(bill.body.billDocument);
    const graphql = await server.request(
      "POST",
      "/graphql",
      { query: "query ($id: ID!) { customerBill(id: $id) { billDocument } }", variables: { id: billId } },
      READER,
    );
    expect(graphql.body).toEqual({ data: { customerBill: { billDocument: bill.body.billDocument } } });
  });

  it("is read with the bill's scope and credentials: refused without them, 404 for an unknown bill", async () => {
    const refused = await documentOf(billId, OUTSIDER);
    expect(refused.response.status).toBe(403);
    const body = JSON.parse(Buffer.from(refused.bytes).toString("utf8"));
    expect(body).toMatchObject({ status: "403", "@type": "Error", message: expect.stringMatching(/bill:read/) });
    expect((await documentOf(billId, {})).response.status).toBe(401);
    const deleted = await server.request("DELETE", `${BILL}/customerBill/${billId}/document`, undefined, ADMIN);
    expect(deleted.status).toBe(405);
    expect(deleted.headers.get("allow")).toBe("GET");
    for (const unknown of ["0b9c2f59-0000-4000-8000-000000000000", "not-a-bill"]) {
      const missing = await documentOf(unknown);
      expect(missing.response.status).toBe(404);
      expect(JSON.parse(Buffer.from(missing.bytes).toString("utf8"))).toMatchObject({ status: "404", "@type": "Error" });
    }
  });

  it("is held to the REST limits: the operation cost budget and the rate limit per credential", async () => {
    const limited = await startTestServer(
      {
        AUTH: "true",
        API_KEYS: JSON.stringify([{ name: "reader", key: keyOf("reader"), scopes: ["bill:read"] }]),
        RATE_LIMIT_MAX: "3",
        GRAPHQL_MAX_COST: "50",
      },
      server.db,
    );
    try {
      const url = `${limited.url}${BILL}/customerBill/${billId}/document`;
      const statuses = [];
      for (let i = 0; i < 4; i++) {
        const response = await fetch(url, { headers: READER });
        statuses.push(response.status);
        if (i === 0) expect(await response.json()).toMatchObject({ status: "400", message: expect.stringMatching(/cost/i) }); // 100 lines and payments cost over 50
        if (i === 3) expect(await response.json()).toMatchObject({ status: "429", "@type": "Error" });
      }
      expect(statuses).toEqual([400, 400, 400, 429]);
    } finally {
      await limited.close();
    }
  });

  it("is revalidated by its ETag: unchanged, 304 without a body; a new payment changes it", async () => {
    const first = await documentOf(billId);
    const etag = first.response.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.response.headers.get("last-modified")).toBeTruthy();
    const again = await fetch(`${server.url}${BILL}/customerBill/${billId}/document`, { headers: { ...READER, "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const bill = await admin("GET", `${BILL}/customerBill/${billId}`);
    await admin("POST", "/tmf-api/paymentManagement/v4/payment", {
      account: { id: bill.billingAccount.id },
      paymentMethod: { name: "Visa ****4242", "@type": "BankCard" },
      totalAmount: { unit: "EUR", value: 200 },
      paymentItem: [{ item: { id: billId, "@referredType": "CustomerBill" }, totalAmount: { unit: "EUR", value: 200 } }],
    });
    const changed = await documentOf(billId, { ...READER, "if-none-match": etag });
    expect(changed.response.status).toBe(200);
    expect(changed.response.headers.get("etag")).not.toBe(etag);
    row(changed.text, "Remaining amount", "1,000.00 EUR");
  });
});

describe("a bill recorded by a billing system", () => {
  it("shows its billNo, keeps its own documents after the rendered one, and bounds its lines", async () => {
    const accountId = await newAccount("Many lines");
    const own = { id: "DOC_1234", url: "https://dms.example/DOC_1234", mimeType: "application/pdf", "@type": "AttachmentRefOrValue" };
    const recorded = await admin("POST", `${BILL}/customerBill`, {
      billNo: "B-2026-0001",
      billDate: "2026-12-01T00:00:00Z",
      billingAccount: { id: accountId },
      amountDue: { unit: "EUR", value: 1234567.8 },
      billDocument: [own],
    });
    expect(recorded.billDocument).toEqual([expect.objectContaining({ name: "bill-B-2026-0001.pdf", "@type": "Attachment" }), own]);
    const { text } = await documentOf(recorded.id);
    row(text, "Bill number", "B-2026-0001");
    row(text, "Bill date", "2026-12-01");
    row(text, "Amount due", "1,234,567.80 EUR");
    row(text, "Remaining amount", "1,234,567.80 EUR");
    expect(text).toContain("No itemised lines");
    expect(text).toContain("No payment applied");

    // A bill of 101 lines: the document shows the first 100 and says where the rest are.
    for (let i = 1; i <= 101; i++) {
      await admin("POST", `${BILL}/appliedCustomerBillingRate`, {
        name: `Usage ${i}`,
        billingAccount: { id: accountId },
        taxIncludedAmount: { unit: "EUR", value: 0.01 },
      });
    }
    const requested = await admin("POST", `${BILL}/customerBillOnDemand`, { billingAccount: { id: accountId } });
    const long = await documentOf(requested.customerBill.id);
    expect(long.pages).toBeGreaterThan(1);
    expect(long.text).toContain("Usage 100");
    expect(long.text).not.toContain("Usage 101");
    expect(long.text).toContain("The first 100 of 101 lines; every line is in appliedCustomerBillingRate.");
    row(long.text, "Amount due", "1.01 EUR");
    expect(long.bytes.length).toBeLessThan(64 * 1024);
  });
});
