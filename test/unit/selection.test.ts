import type { GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { selectionFor } from "../../src/rest/selection.js";
import { expectBadInput } from "../fixtures/expect-error.js";
import { tinySchema } from "../fixtures/tiny-schema.js";

// TMF630 `fields=` → the GraphQL selection set the REST layer asks for. Without `fields`: every
// TMF attribute, value objects expanded, navigation fields (relations) left out. With `fields`: id
// and href always, then exactly the requested attributes, dot paths reaching into structures.

const schema = tinySchema();
const type = (name: string) => schema.getType(name) as GraphQLObjectType;
const CUSTOMER = type("Customer");

describe("selectionFor without fields: the full representation", () => {
  it("selects every attribute (id and href first, at every level), nested value objects in full, navigation fields never", () => {
    expect(selectionFor(CUSTOMER)).toBe(
      "{ id href atType name status engagedParty { id name role atReferredType } " +
        "contactMedium { mediumType preferred characteristic { emailAddress phoneNumber } } " +
        "validFor { startDateTime endDateTime } }",
    );
  });

  it("leaves out to-one navigation too (BillingAccount.customer, Payment.billingAccount, PaymentItem.bill)", () => {
    expect(selectionFor(type("BillingAccount"))).toBe("{ id href name paperless billCycleDay creditLimit { unit value } }");
    expect(selectionFor(type("Payment"))).toBe(
      "{ id href name status paymentDate totalAmount { unit value } account { id href name atReferredType } " +
        "paymentItem { totalAmount { unit value } item { id atReferredType } } }",
    );
  });

  it("includes a paged attribute (CustomerBill.appliedPayment) at its default page: the arguments have defaults", () => {
    expect(selectionFor(type("CustomerBill"))).toBe(
      "{ id href billNo state amountDue { unit value } appliedPayment { appliedAmount { unit value } payment { id href } } }",
    );
  });
});

describe("selectionFor with fields", () => {
  it("fields=name: id, href and name", () => {
    expect(selectionFor(CUSTOMER, ["name"])).toBe("{ id href name }");
  });

  it("fields=href (or id): just id and href", () => {
    expect(selectionFor(CUSTOMER, ["href"])).toBe("{ id href }");
    expect(selectionFor(CUSTOMER, ["id"])).toBe("{ id href }");
  });

  it("nested paths select only what they name, at any depth", () => {
    expect(selectionFor(CUSTOMER, ["engagedParty.id", "contactMedium.characteristic.emailAddress"])).toBe(
      "{ id href engagedParty { id } contactMedium { characteristic { emailAddress } } }",
    );
  });

  it("paths with a common prefix share one sub-selection", () => {
    expect(selectionFor(CUSTOMER, ["engagedParty.name", "engagedParty.id", "name"])).toBe("{ id href engagedParty { id name } name }");
  });

  it("a structure named without a sub-path comes whole", () => {
    expect(selectionFor(CUSTOMER, ["validFor"])).toBe("{ id href validFor { startDateTime endDateTime } }");
  });

  it("TMF names: fields=@type,engagedParty.@referredType", () => {
    expect(selectionFor(CUSTOMER, ["@type", "engagedParty.@referredType"])).toBe("{ id href atType engagedParty { atReferredType } }");
  });
});

describe("selectionFor refusals (400 BAD_USER_INPUT)", () => {
  it("an attribute the resource does not have", async () => {
    await expectBadInput(() => selectionFor(CUSTOMER, ["colour"]), "Unknown attribute 'colour' in fields");
  });

  it("a navigation field: relations are GraphQL's, not part of the TMF representation", async () => {
    await expectBadInput(() => selectionFor(CUSTOMER, ["accounts"]), "Unknown attribute 'accounts' in fields");
    await expectBadInput(() => selectionFor(type("BillingAccount"), ["customer.name"]), "Unknown attribute 'customer.name' in fields");
  });

  it("a path below a scalar, an unknown attribute of a structure, an empty segment", async () => {
    await expectBadInput(() => selectionFor(CUSTOMER, ["name.first"]), "Unknown attribute 'name.first' in fields");
    await expectBadInput(() => selectionFor(CUSTOMER, ["engagedParty.colour"]), "Unknown attribute 'engagedParty.colour' in fields");
    await expectBadInput(() => selectionFor(CUSTOMER, ["engagedParty."]), "Unknown attribute 'engagedParty.' in fields");
  });
});
