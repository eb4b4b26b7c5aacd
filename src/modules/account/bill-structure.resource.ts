import {
  BillFormat,
  BillFormatAttributes,
  BillingCycleSpecification,
  BillingCycleSpecificationAttributes,
  BillPresentationMedia,
  BillPresentationMediaAttributes,
  NAME_MANDATORY,
} from "./bill-structure.type.js";
import { tmf666Resource } from "./tmf666-resource.js";

// TMF666's bill structure resources. The v4 swagger names no events for them; v5 names their
// create, change and delete (they have no state), which both versions' hubs receive.

const named = (table: string) => ({
  mandatory: NAME_MANDATORY,
  storage: { table, indexed: ["name"] },
  events: { create: true, delete: true },
  deleteNote: "that no account's billStructure refers to",
});

export const billingCycleSpecificationResource = tmf666Resource({
  name: "BillingCycleSpecification",
  type: BillingCycleSpecification,
  input: BillingCycleSpecificationAttributes,
  collection: "billingCycleSpecification",
  what: "billing cycle specification",
  ...named("billing_cycle_specification"),
});
export const billFormatResource = tmf666Resource({
  name: "BillFormat",
  type: BillFormat,
  input: BillFormatAttributes,
  collection: "billFormat",
  what: "bill format",
  ...named("bill_format"),
});
export const billPresentationMediaResource = tmf666Resource({
  name: "BillPresentationMedia",
  type: BillPresentationMedia,
  input: BillPresentationMediaAttributes,
  collection: "billPresentationMedia",
  what: "bill presentation media",
  ...named("bill_presentation_media"),
});
