import { createListInputs } from "../../resource/filter-input.js";
import { CustomerBill } from "./bill.type.js";

export const { Filter: CustomerBillFilter, Sort: CustomerBillSort, attributes: customerBillAttributes } = createListInputs(
  CustomerBill,
  "CustomerBill",
);
