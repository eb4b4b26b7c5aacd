import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BILLING_ACCOUNT_MANDATORY } from "../src/modules/account/account.type.js";
import { CUSTOMER_MANDATORY } from "../src/modules/customer/customer.type.js";
import { PAYMENT_MANDATORY } from "../src/modules/payment/payment.type.js";
import { REFUND_MANDATORY } from "../src/modules/payment/refund.type.js";

// The mandatory attributes the gateway enforces are the swaggers' own `_Create.required` lists, read
// from the official files shipped in specs/ (TMF678 v4 has no CustomerBill_Create: creating bills is
// this gateway's documented extension, so its list has no swagger to match).
const required = (file: string, definition: string): string[] =>
  (JSON.parse(readFileSync(`specs/${file}`, "utf8")) as { definitions: Record<string, { required?: string[] }> }).definitions[definition]!.required!;

describe("the swaggers' mandatory attributes", () => {
  it.each([
    ["TMF629-Customer-v4.0.0.swagger.json", "Customer_Create", CUSTOMER_MANDATORY],
    ["TMF666-Account-v4.0.0.swagger.json", "BillingAccount_Create", BILLING_ACCOUNT_MANDATORY],
    ["TMF676-Payment-v4.0.0.swagger.json", "Payment_Create", PAYMENT_MANDATORY],
    ["TMF676-Payment-v4.0.0.swagger.json", "Refund_Create", REFUND_MANDATORY],
  ])("%s %s", (file, definition, mandatory) => {
    expect([...mandatory].sort()).toEqual([...required(file, definition)].sort());
  });
});
