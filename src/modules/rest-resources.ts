import { apiOf } from "../tmf/rest-resource.js";
import { billingAccountRest } from "./account/account.rest.js";
import { customerBillRest } from "./bill/bill.rest.js";
import { customerRest } from "./customer/customer.rest.js";
import { paymentRest, refundRest } from "./payment/payment.rest.js";

/** Every module's REST description: the routes, the hubs and the event hrefs all come from this list. */
export const REST_RESOURCES = [customerRest, billingAccountRest, customerBillRest, paymentRest, refundRest];

/** The TMF APIs of those resources: each has one hub. */
export const HUB_APIS = [...new Set(REST_RESOURCES.map(apiOf))];
