import type { Relation, ResourceDescription } from "../../resource/description.js";
import { billFormatResource, billingCycleSpecificationResource, billPresentationMediaResource } from "./bill-structure.resource.js";
import { financialAccountResource } from "./financial-account.resource.js";

/** A reference an account (billing, party, settlement) holds to another TMF666 resource of the gateway. */
export interface AccountReference {
  /** Its path in the account (`billStructure.format`); `list`: a list of references there. */
  path: string;
  list?: true;
  to: () => ResourceDescription;
  /** The GraphQL navigation that follows it, when there is one. */
  navigation?: { name: string; description: string };
}

/**
 * Every reference an account holds, stated once: the checks of a write and the refusal of a
 * referred resource's delete (account-references.ts), the `href`s and the navigations derive from it.
 */
export const ACCOUNT_REFERENCES: readonly AccountReference[] = [
  {
    path: "financialAccount",
    to: () => financialAccountResource,
    navigation: { name: "aggregatedIn", description: "The financial account its financialAccount refers to" },
  },
  {
    path: "billStructure.cycleSpecification",
    to: () => billingCycleSpecificationResource,
    navigation: { name: "billingCycleSpecification", description: "The billing cycle specification its billStructure.cycleSpecification refers to" },
  },
  {
    path: "billStructure.format",
    to: () => billFormatResource,
    navigation: { name: "billFormat", description: "The bill format its billStructure.format refers to" },
  },
  { path: "billStructure.presentationMedia", list: true, to: () => billPresentationMediaResource },
];

/** What a party account's references navigate to (GraphQL), through the references themselves. */
export const PARTY_ACCOUNT_RELATIONS: Relation[] = ACCOUNT_REFERENCES.flatMap(({ path, to, navigation }) =>
  navigation ? [{ ...navigation, to, column: path }] : [],
);

/** The account's own references (not inside its billStructure): their `href`s are derived. */
export const ACCOUNT_HREF_REFERENCES: ResourceDescription["references"] = Object.fromEntries(
  ACCOUNT_REFERENCES.filter((r) => !r.path.includes(".")).map((r) => [r.path, r.to]),
);
