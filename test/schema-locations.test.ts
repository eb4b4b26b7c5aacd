import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { buildApp } from "../src/http/app.js";
import { startTestServer, type TestServer } from "./support/server.js";

// TMF630 polymorphism: with SCHEMA_DIR, a resource or any structure inside it whose @schemaLocation
// is the $id of one of the operator's JSON schemas is validated against it on create and patch.

const VIP = "https://schemas.example.com/tmf/VipCustomer.schema.json";
const BANK_CARD = "https://schemas.example.com/tmf/BankCardRef.schema.json";
const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";

let dir: string;
let server: TestServer;
let account: string;

const vip = {
  name: "Ada",
  "@type": "VipCustomer",
  "@schemaLocation": VIP,
  engagedParty: { id: "ind-1", "@referredType": "Individual" },
  characteristic: [{ name: "tier", value: "platinum" }],
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "schemas-"));
  writeFileSync(
    path.join(dir, "vip-customer.json"),
    JSON.stringify({
      $id: VIP,
      type: "object",
      required: ["characteristic"],
      properties: { name: { maxLength: 20 }, characteristic: { type: "array", minItems: 1 } },
    }),
  );
  writeFileSync(
    path.join(dir, "bank-card.json"),
    JSON.stringify({
      $id: BANK_CARD,
      type: "object",
      required: ["name"],
      properties: { "@type": { const: "BankCard" }, name: { pattern: "^Visa \\*{4}\\d{4}$" } },
    }),
  );
  writeFileSync(path.join(dir, "README.txt"), "not a schema: ignored");
  server = await startTestServer({ SCHEMA_DIR: dir });
  const customer = (await server.request("POST", CUSTOMERS, vip)).body;
  account = (
    await server.request("POST", "/tmf-api/accountManagement/v4/billingAccount", {
      name: "VIP account",
      relatedParty: [{ id: customer.id, name: "Ada", role: "customer", "@referredType": "Customer" }],
    })
  ).body.id;
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("@schemaLocation names an operator's schema", () => {
  it("a resource is validated against it on create; other locations are kept as given", async () => {
    const missing = await server.request("POST", CUSTOMERS, { ...vip, characteristic: undefined });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe(`Customer does not conform to the schema of its @schemaLocation: the resource.characteristic is mandatory (${VIP})`);
    const long = await server.request("POST", CUSTOMERS, { ...vip, name: "A name of more than twenty characters" });
    expect(long.status).toBe(400);
    expect(long.body.message).toContain(`name must NOT have more than 20 characters (${VIP})`);
    const elsewhere = await server.request("POST", CUSTOMERS, {
      ...vip,
      characteristic: undefined,
      "@schemaLocation": "https://schemas.example.com/Other.json",
    });
    expect(elsewhere.status).toBe(201);
  });

  it("a patch is checked on the resource after the merge, and a refused patch writes nothing", async () => {
    const { id } = (await server.request("POST", CUSTOMERS, vip)).body;
    expect((await server.request("PATCH", `${CUSTOMERS}/${id}`, { status: "Approved" })).status).toBe(200);
    const removed = await server.request("PATCH", `${CUSTOMERS}/${id}`, { characteristic: null });
    expect(removed.status).toBe(400);
    expect(removed.body.message).toContain("characteristic is mandatory");
    expect((await server.request("GET", `${CUSTOMERS}/${id}`)).body.characteristic).toEqual(vip.characteristic);
  });

  it("a structure inside the resource (a BankCard payment method) is validated against the schema it names", async () => {
    const pay = (paymentMethod: Record<string, unknown>) =>
      server.request("POST", "/tmf-api/paymentManagement/v4/payment", { account: { id: account }, paymentMethod, totalAmount: { unit: "EUR", value: 5 } });
    const bad = await pay({ name: "Visa 4242", "@type": "BankCard", "@schemaLocation": BANK_CARD });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe(
      `Payment does not conform to the schema of its @schemaLocation: paymentMethod.name must match pattern "^Visa \\*{4}\\d{4}$" (${BANK_CARD})`,
    );
    expect((await pay({ name: "Visa ****4242", "@type": "BankCard", "@schemaLocation": BANK_CARD })).status).toBe(201);
  });

  it("a schema without an absolute $id stops the start, naming the file", async () => {
    const broken = mkdtempSync(path.join(tmpdir(), "schemas-"));
    writeFileSync(path.join(broken, "nameless.json"), JSON.stringify({ type: "object" }));
    try {
      await expect(buildApp(loadConfig({ LOG_LEVEL: "silent", SCHEMA_DIR: broken }), server.db)).rejects.toThrow(/nameless\.json needs an absolute "\$id"/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
