import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { billFormatResource, billPresentationMediaResource } from "../../src/modules/account/bill-structure.resource.js";
import { financialAccountResource } from "../../src/modules/account/financial-account.resource.js";
import { customerBillResource } from "../../src/modules/bill/customer-bill.resource.js";
import { paymentResource } from "../../src/modules/payment/payment.resource.js";
import { refundResource } from "../../src/modules/payment/refund.resource.js";
import { RESOURCES } from "../../src/modules/registry.js";
import { isListAt } from "../../src/resource/attributes.js";
import { foreignKeysOf, referrersOf, relationsOf } from "../../src/resource/description.js";

// A reference is declared once, in its description's `references`: the foreign keys, the relations'
// columns and what refers to a resource (which keeps it from deletion) derive from it. The expected
// tables and columns are prisma/schema.prisma's.

const tablesReferring = (target: typeof billFormatResource) =>
  referrersOf(target, RESOURCES)
    .map(({ description, path }) => `${description.storage.table}.${path}`)
    .sort();

describe("references stated once", () => {
  it("the foreign keys are those of the references that name a column", () => {
    expect(foreignKeysOf(refundResource)).toEqual({ account: "accountId", payment: "paymentId" });
    expect(foreignKeysOf(customerBillResource)).toEqual({ billingAccount: "billingAccountId" });
    expect(foreignKeysOf(financialAccountResource)).toEqual({});
  });

  it("a relation through a reference follows its foreign key, or its path in JSON", () => {
    const columns = Object.fromEntries(relationsOf(refundResource).map((r) => [r.name, r.column]));
    expect(columns).toEqual({
      billingAccount: "accountId",
      settlementAccount: "accountId",
      refundedPayment: "paymentId",
      storedPaymentMethod: "paymentMethod",
    });
    expect(relationsOf(paymentResource).map((r) => r.to().name)).toEqual(["BillingAccount", "SettlementAccount", "PaymentMethod"]);
  });

  it("what refers to a resource (through references kept as given) is read from every description", () => {
    expect(tablesReferring(billFormatResource)).toEqual([
      "billing_account.billStructure.format",
      "party_account.billStructure.format",
      "settlement_account.billStructure.format",
    ]);
    expect(tablesReferring(financialAccountResource)).toEqual([
      "billing_account.financialAccount",
      "customer_bill.financialAccount",
      "party_account.financialAccount",
      "settlement_account.financialAccount",
    ]);
    // Payments refer to accounts through a foreign key column: the database keeps those, not this list.
    expect(referrersOf(RESOURCES.find((r) => r.name === "BillingAccount")!, RESOURCES).map((r) => r.description.name)).not.toContain("Payment");
  });

  it("a reference inside a structure is a list or one, by its type", () => {
    const account = RESOURCES.find((r) => r.name === "BillingAccount")!.type;
    expect(isListAt(account, "billStructure.presentationMedia")).toBe(true);
    expect(isListAt(account, "billStructure.format")).toBe(false);
    expect(referrersOf(billPresentationMediaResource, RESOURCES)).toHaveLength(3);
  });
});
