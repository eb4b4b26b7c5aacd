import type { ResourceDescription } from "../../resource/description.js";
import { customerResource } from "../customer/customer.resource.js";
import { accountManagement, accountManagementV5 } from "./account-management.api.js";
import { PARTY_ACCOUNT_V5 } from "./account-v5.shapes.js";
import { ACCOUNT_REFERENCES, PARTY_ACCOUNT_RELATIONS } from "./account-references.resource.js";
import { settlementAccountResource } from "./settlement-account.resource.js";
import { BILLING_ACCOUNT_MANDATORY, BillingAccount, BillingAccountAttributes } from "./billing-account.type.js";

/**
 * TMF666 BillingAccount. Its create and delete events are named as in TMF666 v5 (and as v4 names
 * them for FinancialAccount): the v4 swagger names none for billing accounts.
 */
export const billingAccountResource: ResourceDescription<BillingAccount> = {
  name: "BillingAccount",
  type: BillingAccount,
  api: accountManagement,
  versions: [{ api: accountManagementV5, reshaped: PARTY_ACCOUNT_V5 }],
  collection: "billingAccount",
  operations: {
    create: { input: BillingAccountAttributes, description: "Creates a billing account (TMF666 POST /billingAccount)" },
    update: { patch: BillingAccountAttributes, description: "Applies a JSON merge patch to a billing account (TMF666 PATCH)" },
    delete: { description: "Deletes a billing account that has no payments, refunds or bills" },
  },
  mandatory: BILLING_ACCOUNT_MANDATORY,
  references: ACCOUNT_REFERENCES,
  storage: {
    table: "billing_account",
    updatedAt: "lastModified",
    indexed: ["name"],
    internal: ["customerId", "currency", "balanceValue", "createdAt"],
  },
  relations: [
    {
      name: "customer",
      description: "The customer owning this account",
      to: () => customerResource,
      column: "customerId",
      inverse: { name: "accounts", description: "The billing accounts of this customer" },
    },
    ...PARTY_ACCOUNT_RELATIONS,
  ],
  events: { create: true, delete: true, state: "state" },
};

/**
 * The accounts money is booked on by payments and refunds (their `account`, told apart by its
 * @referredType): billing accounts — the default —, and settlement accounts, the accounts of partners.
 */
export const bookedAccounts = (): readonly ResourceDescription[] => [billingAccountResource, settlementAccountResource];
