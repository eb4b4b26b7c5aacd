import { createListInputs } from "../../resource/filter-input.js";
import { Payment } from "./payment.type.js";
import { Refund } from "./refund.type.js";

export const { Filter: PaymentFilter, Sort: PaymentSort, attributes: paymentAttributes } = createListInputs(Payment, "Payment");
export const { Filter: RefundFilter, Sort: RefundSort, attributes: refundAttributes } = createListInputs(Refund, "Refund");
