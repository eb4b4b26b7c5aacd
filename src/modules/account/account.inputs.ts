import { createListInputs } from "../../resource/filter-input.js";
import { BillingAccount } from "./account.type.js";

export const {
  Filter: BillingAccountFilter,
  Sort: BillingAccountSort,
  attributes: billingAccountAttributes,
} = createListInputs(BillingAccount, "BillingAccount");
