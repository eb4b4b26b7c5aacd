import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { RESOURCES } from "../../src/modules/registry.js";
import { restVersionsOf } from "../../src/resource/description.js";
import { writeSchema } from "../../src/tmf/contract-schema.js";

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addFormat("float", { type: "number", validate: () => true });
ajv.addFormat("base64", /^[A-Za-z0-9+/]*={0,2}$/);
const rests = RESOURCES.flatMap(restVersionsOf);

/** Every `required` list at any depth of a schema. */
const requiredLists = (node: unknown): unknown[] =>
  node === null || typeof node !== "object" ? [] : Object.entries(node).flatMap(([key, value]) => (key === "required" ? [value] : requiredLists(value)));

describe("a contract's write as one self-contained JSON Schema (MCP tools' input schemas)", () => {
  it("compiles for every write of every served version: its $refs resolve within it, its root is an object", () => {
    let compiled = 0;
    for (const rest of rests) {
      for (const write of ["Create", "Update"] as const) {
        if (!(write === "Create" ? rest.mutations.create : rest.mutations.update)) continue;
        const schema = writeSchema(rest.contract, rest.type, write)!;
        expect(schema.type, `${rest.type} ${write}`).toBe("object");
        expect(() => ajv.compile(schema), `${rest.contract} ${rest.type} ${write}`).not.toThrow();
        compiled++;
      }
    }
    expect(compiled).toBeGreaterThan(25);
  });

  it("a create requires what the contract's _Create does; money takes an exact decimal string; an update requires nothing", () => {
    const payment = ajv.compile(writeSchema("TMF676-Payment-v4.0.0.swagger.json", "Payment", "Create")!);
    const body = {
      account: { id: "a" },
      paymentMethod: { id: "p", name: "card", "@type": "PaymentMethodRef" },
      totalAmount: { unit: "EUR", value: "1234567890123456.78" },
    };
    expect(payment(body)).toBe(true);
    expect(payment({ ...body, totalAmount: { unit: "EUR", value: 10.5 } })).toBe(true);
    expect(payment({ ...body, totalAmount: { unit: "EUR", value: "ten" } })).toBe(false);
    expect(payment({ account: { id: "a" } })).toBe(false);

    const customer = writeSchema("TMF629-Customer-v4.0.0.swagger.json", "Customer", "Update")!;
    expect(requiredLists(customer)).toEqual([]);
    expect(ajv.compile(customer)({ contactMedium: [{ characteristic: { city: "Paris" } }] })).toBe(true);
  });

  it("a create held to the resource's own definition leaves out what the server assigns", () => {
    const bill = writeSchema("TMF678-Customer_Bill-v4.0.0.swagger.json", "CustomerBill", "Create")!;
    expect(bill.properties).not.toHaveProperty("id");
    expect(bill.properties).not.toHaveProperty("href");
    expect(bill.properties).toHaveProperty("billingAccount");
  });
});
