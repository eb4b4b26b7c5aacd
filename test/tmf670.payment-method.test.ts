import { readdirSync, readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListener } from "./support/listener.js";
import { startTestServer, type TestServer } from "./support/server.js";

// TMF670 Payment Method v4.0.0 against TM Forum's CTK schema set (specs/TMF670-v4.0.0-ctk-schemas),
// read here with an ajv of the test's own as the independent oracle: every @type the set holds is
// created from its own example file, and what GET answers is valid against its schema. Card data:
// a full card number or a security code is refused, a card is kept masked with its token.

const SET = "specs/TMF670-v4.0.0-ctk-schemas";
const API = "/tmf-api/paymentMethod/v4";
const METHODS = `${API}/paymentMethod`;
const FAST_EVENTS = { EVENTS_POLL_MS: "50", EVENTS_RETRY_BASE_MS: "50", EVENTS_RETRY_MAX_MS: "200", EVENTS_TIMEOUT_MS: "2000" };

const json = (file: string) => JSON.parse(readFileSync(`${SET}/${file}`, "utf8")) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat("float", true);
const schema = (file: string) => {
  const { $schema: _dialect, ...rest } = json(file);
  return ajv.compile(rest);
};
const resourceSchema = schema("PaymentMethod.schema.json");
const SUBTYPES = readdirSync(SET)
  .map((file) => /^PaymentMethod-(\w+)\.schema\.json$/.exec(file)?.[1])
  .filter((type): type is string => Boolean(type));
/** A masked card number, as a client holding only what its payment service provider gave it sends. */
const MASKED = "**** **** **** 4242";
/** The set's example of `type`, a card's number masked (its examples carry a full 16-digit number, which is refused). */
const example = (type: string) => {
  const body = json(`PaymentMethod-${type}.example.json`);
  return "cardNumber" in body ? { ...body, cardNumber: MASKED, ...(body.lastFourDigits ? { lastFourDigits: "4242" } : {}) } : body;
};

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(FAST_EVENTS);
});
afterAll(() => server?.close());

const rowCount = async () => ((await server.db.pool.query("SELECT count(*)::int AS n FROM payment_method")).rows[0] as { n: number }).n;

describe("TMF670 PaymentMethod on REST, each @type held to its CTK schema", () => {
  it("the set holds the sub-types the issue names", () => {
    expect(SUBTYPES).toEqual(
      expect.arrayContaining(["BankCard", "TokenizedCard", "BankAccountDebit", "BankAccountTransfer", "DigitalWallet", "Voucher", "Check", "DirectDebit"]),
    );
  });

  for (const type of SUBTYPES) {
    it(`${type}: POST its example → 201, GET valid against PaymentMethod.schema.json and PaymentMethod-${type}.schema.json`, async () => {
      const body = example(type);
      const created = await server.request("POST", METHODS, body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.headers.get("location")).toBe(`${server.url}${METHODS}/${created.body.id}`);
      const got = await server.request("GET", `${METHODS}/${created.body.id}`);
      expect(got.body).toEqual(created.body);
      const subtype = schema(`PaymentMethod-${type}.schema.json`);
      expect(resourceSchema(got.body), JSON.stringify(resourceSchema.errors)).toBe(true);
      expect(subtype(got.body), JSON.stringify(subtype.errors)).toBe(true);
      expect(got.body).toMatchObject({ ...body, href: `${server.url}${METHODS}/${created.body.id}`, status: "Active" });
    });

    it(`${type}: a create missing what PaymentMethod-${type}.schema.json requires is a 400 naming it`, async () => {
      const required = (json(`PaymentMethod-${type}.schema.json`).required as string[]).filter((name) => name !== "@type" && name !== "name");
      if (!required.length) return;
      const { [required[0]!]: _left, ...body } = example(type);
      const res = await server.request("POST", METHODS, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: "BAD_USER_INPUT", status: "400", "@type": "Error" });
      expect(res.body.message).toContain(`${required[0]} is mandatory`);
    });
  }

  it("@type and name are mandatory (PaymentMethod.schema.json), and @type one of its enum", async () => {
    const noType = await server.request("POST", METHODS, { name: "cash" });
    expect(noType.status).toBe(400);
    expect(noType.body.message).toContain("@type is mandatory");
    expect((await server.request("POST", METHODS, { "@type": "Cash" })).status).toBe(400);
    const unknown = await server.request("POST", METHODS, { name: "gold", "@type": "GoldBar" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain("@type must be one of");
    const cash = await server.request("POST", METHODS, { name: "cash", "@type": "Cash" });
    expect(cash.status).toBe(201);
    expect(resourceSchema(cash.body)).toBe(true);
  });

  it("lists with filters, fields and paging; PATCH merges and holds the patched method to its @type's schema; DELETE", async () => {
    const a = await server.request("POST", METHODS, { ...example("DigitalWallet"), name: "Wallet list A" });
    const b = await server.request("POST", METHODS, { ...example("DigitalWallet"), name: "Wallet list B", status: "Suspended" });
    const list = await server.request("GET", `${METHODS}?name=Wallet list B&fields=name,status`);
    expect(list.body).toEqual([{ id: b.body.id, href: b.body.href, name: "Wallet list B", status: "Suspended" }]);
    const wallets = await server.request("GET", `${METHODS}?@type=DigitalWallet&fields=id&limit=1`);
    expect(wallets.body).toHaveLength(1);
    expect(Number(wallets.headers.get("x-total-count"))).toBeGreaterThanOrEqual(2);

    const patched = await server.request("PATCH", `${METHODS}/${a.body.id}`, { walletId: "w-2", validFor: { endDateTime: "2030-01-01T00:00:00.000Z" } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ walletId: "w-2", service: "Bitcoin", validFor: { endDateTime: "2030-01-01T00:00:00.000Z" } });
    // Becoming a BankCard needs what a BankCard's schema requires, whatever the patch carries.
    const retyped = await server.request("PATCH", `${METHODS}/${a.body.id}`, { "@type": "BankCard" });
    expect(retyped.status).toBe(400);
    expect(retyped.body.message).toMatch(/brand is mandatory/);
    expect((await server.request("GET", `${METHODS}/${a.body.id}`)).body["@type"]).toBe("DigitalWallet");

    expect((await server.request("DELETE", `${METHODS}/${a.body.id}`)).status).toBe(204);
    expect((await server.request("GET", `${METHODS}/${a.body.id}`)).status).toBe(404);
    expect((await server.request("DELETE", `${METHODS}/${a.body.id}`)).status).toBe(404);
  });
});

describe("card data is never accepted or stored", () => {
  const card = { name: "Visa", "@type": "BankCard", brand: "Visa", expirationDate: "2031-01-31T00:00:00.000Z", nameOnCard: "A N Other" };

  it("a full card number (PAN) is a 400 on REST and on GraphQL, and nothing is written", async () => {
    const before = await rowCount();
    for (const cardNumber of ["4111 1111 1111 1111", "4111111111111111", "**** 1111 1111 1111"]) {
      const res = await server.request("POST", METHODS, { ...card, cardNumber });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain("a full card number (PAN) is never accepted or stored");
    }
    const gql = await server.graphql(
      `mutation { createPaymentMethod(input: { name: "Visa", atType: "BankCard", brand: "Visa", cardNumber: "4111111111111111",
        expirationDate: "2031-01-31T00:00:00Z", nameOnCard: "A" }) { id } }`,
    );
    expect(gql.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(gql.errors?.[0]?.message).toContain("(PAN)");
    expect(await rowCount()).toBe(before);
  });

  it("a security code is a 400 naming it (REST), an unknown field (GraphQL)", async () => {
    const res = await server.request("POST", METHODS, { ...card, cardNumber: MASKED, cvv: "123" });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^Card data is never accepted \(cvv\)/);
    const gql = await server.graphql(`mutation { createPaymentMethod(input: { name: "V", atType: "BankCard", cvv: "123" }) { id } }`);
    expect(gql.errors?.[0]?.message).toContain("cvv");
  });

  it("a card is kept as brand, last four digits, expiry and token: the number masked as given digits allow", async () => {
    const created = await server.request("POST", METHODS, { ...card, cardNumber: "XXXX-XXXX-XXXX-4242", token: "tok_visa_4242" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ cardNumber: "**** **** **** 4242", lastFourDigits: "4242", token: "tok_visa_4242", brand: "Visa" });
    const { rows } = await server.db.pool.query(`SELECT (to_jsonb(m) - 'id')::text AS row FROM payment_method m WHERE id = $1`, [created.body.id]);
    expect(rows[0].row).not.toMatch(/XXXX|\d{5,}/);
    const mismatch = await server.request("POST", METHODS, { ...card, cardNumber: MASKED, lastFourDigits: "1881" });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.message).toBe("cardNumber ends in 4242 but lastFourDigits is 1881");
    const patched = await server.request("PATCH", `${METHODS}/${created.body.id}`, { cardNumber: "5555555555554444" });
    expect(patched.status).toBe(400);
  });
});

describe("TMF670 hub and events", () => {
  it("a listener on the paymentMethod hub hears Create, AttributeValueChange, StatusChange and Delete, each the GET of that moment", async () => {
    const listener = await startListener();
    try {
      const hub = await server.request("POST", `${API}/hub`, { callback: listener.url });
      expect(hub.status).toBe(201);
      const created = await server.request("POST", METHODS, { ...example("BankAccountDebit"), name: "Evented debit" });
      const renamed = await server.request("PATCH", `${METHODS}/${created.body.id}`, { description: "salary account" });
      const suspended = await server.request("PATCH", `${METHODS}/${created.body.id}`, { status: "Suspended", statusReason: "fraud check" });
      expect((await server.request("DELETE", `${METHODS}/${created.body.id}`)).status).toBe(204);
      // Delivery is at least once: a redelivery (an acknowledgment late on a loaded machine) repeats an eventId.
      // A hub hears what is fanned out after it registered: on a loaded machine that may include the event of
      // an earlier test's payment method, committed before the hub but not yet fanned out. This one's are read.
      const distinct = () => [...new Map(listener.received.map((e) => [e.eventId, e])).values()].filter((e) => e.event.paymentMethod?.id === created.body.id);
      for (const deadline = Date.now() + 20_000; distinct().length < 5 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
      const events = distinct();
      expect(events.map((e) => e.eventType)).toEqual([
        "PaymentMethodCreateEvent",
        "PaymentMethodAttributeValueChangeEvent",
        "PaymentMethodStatusChangeEvent",
        "PaymentMethodAttributeValueChangeEvent",
        "PaymentMethodDeleteEvent",
      ]);
      expect(events[0]!.event.paymentMethod).toEqual(created.body);
      expect(events[1]!.event.paymentMethod).toEqual(renamed.body);
      expect(events[2]!.event.paymentMethod).toEqual(suspended.body);
      const filtered = await server.request("POST", `${API}/hub`, { callback: `${listener.url}/x`, query: "eventType=PaymentMethodStatusChangeEvent" });
      expect(filtered.status).toBe(201);
      expect((await server.request("DELETE", `${API}/hub/${hub.body.id}`)).status).toBe(204);
    } finally {
      await listener.close();
    }
  });
});

describe("TMF670 in GraphQL", () => {
  it("paymentMethod(id), paymentMethods, create/update/delete mutations", async () => {
    const created = await server.graphql<{ createPaymentMethod: { id: string; href: string; atType: string; lastFourDigits: string; status: string } }>(
      `mutation { createPaymentMethod(input: { name: "GQL card", atType: "TokenizedCard", brand: "Visa", cardNumber: "************1111",
        expirationDate: "2032-05-31T00:00:00Z", lastFourDigits: "1111", token: "tok_1111" }) { id href atType lastFourDigits status } }`,
    );
    expect(created.errors).toBeUndefined();
    const { id } = created.data!.createPaymentMethod;
    expect(created.data!.createPaymentMethod).toMatchObject({
      href: `${server.url}${METHODS}/${id}`,
      atType: "TokenizedCard",
      lastFourDigits: "1111",
      status: "Active",
    });
    const one = await server.graphql<{ paymentMethod: { cardNumber: string; token: string } }>(`{ paymentMethod(id: "${id}") { cardNumber token } }`);
    expect(one.data!.paymentMethod).toEqual({ cardNumber: "**** **** **** 1111", token: "tok_1111" });
    const list = await server.graphql<{ paymentMethods: { id: string }[] }>(`{ paymentMethods(filter: { name: { eq: "GQL card" } }) { id } }`);
    expect(list.data!.paymentMethods).toEqual([{ id }]);
    const updated = await server.graphql<{ updatePaymentMethod: { status: string; isPreferred: boolean } }>(
      `mutation { updatePaymentMethod(id: "${id}", patch: { status: "Inactive", isPreferred: true }) { status isPreferred } }`,
    );
    expect(updated.data!.updatePaymentMethod).toEqual({ status: "Inactive", isPreferred: true });
    const deleted = await server.graphql(`mutation { deletePaymentMethod(id: "${id}") }`);
    expect(deleted.errors).toBeUndefined();
    expect((await server.graphql(`{ paymentMethod(id: "${id}") { id } }`)).data).toEqual({ paymentMethod: null });
  });
});

describe("TMF670's scopes: paymentMethod:read|write, derived from its description", () => {
  it("a key with paymentMethod:read reads but does not write; payment:* grants nothing of TMF670", async () => {
    const keys = [
      { name: "reader", key: "reader-key-0123456789", scopes: ["paymentMethod:read"] },
      { name: "writer", key: "writer-key-0123456789", scopes: ["paymentMethod:write", "paymentMethod:read"] },
      { name: "payer", key: "payer-key-01234567890", scopes: ["payment:*"] },
    ];
    const secured = await startTestServer({ AUTH: "true", API_KEYS: JSON.stringify(keys) }, server.db);
    try {
      const as = (name: string) => ({ "x-api-key": keys.find((k) => k.name === name)!.key });
      const body = { name: "Scoped", "@type": "Cash" };
      const written = await secured.request("POST", METHODS, body, as("writer"));
      expect(written.status).toBe(201);
      expect((await secured.request("GET", `${METHODS}/${written.body.id}`, undefined, as("reader"))).status).toBe(200);
      const refused = await secured.request("POST", METHODS, body, as("reader"));
      expect(refused.status).toBe(403);
      expect(refused.body["@type"]).toBe("Error");
      expect((await secured.request("GET", METHODS, undefined, as("payer"))).status).toBe(403);
      expect((await secured.request("DELETE", `${METHODS}/${written.body.id}`, undefined, as("payer"))).status).toBe(403);
    } finally {
      await secured.close();
    }
  });
});
