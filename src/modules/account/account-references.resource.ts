import type { References, Relation } from "../../resource/description.js";
import { billFormatResource, billingCycleSpecificationResource, billPresentationMediaResource } from "./bill-structure.resource.js";
import { financialAccountResource } from "./financial-account.resource.js";

/**
 * Every reference an account (billing, party, settlement) holds to another TMF666 resource of the
 * gateway, by its path in the account, stated once in each account's `references`: the checks of a
 * write and the refusal of a referred resource's delete (account-references.ts), the `href`s and the
 * navigations derive from it.
 */
export const ACCOUNT_REFERENCES = {
  financialAccount: () => financialAccountResource,
  "billStructure.cycleSpecification": () => billingCycleSpecificationResource,
  "billStructure.format": () => billFormatResource,
  "billStructure.presentationMedia": () => billPresentationMediaResource,
} as const satisfies References;

/** What an account's references navigate to (GraphQL), through the references themselves. */
export const PARTY_ACCOUNT_RELATIONS: Relation[] = [
  { name: "aggregatedIn", description: "The financial account its financialAccount refers to", reference: "financialAccount" },
  {
    name: "billingCycleSpecification",
    description: "The billing cycle specification its billStructure.cycleSpecification refers to",
    reference: "billStructure.cycleSpecification",
  },
  { name: "billFormat", description: "The bill format its billStructure.format refers to", reference: "billStructure.format" },
];
