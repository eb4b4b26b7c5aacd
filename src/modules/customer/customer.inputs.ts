import { createListInputs } from "../../resource/filter-input.js";
import { Customer } from "./customer.type.js";

export const { Filter: CustomerFilter, Sort: CustomerSort, attributes: customerAttributes } = createListInputs(Customer, "Customer");
