#!/usr/bin/env node
// Generates the Newman / Postman v2.1 conformance kits in ctk/*.postman_collection.json.
//
// The collection files are the deliverable (they can be imported into Postman or run with newman
// directly); the sources are their single source of truth. After editing any of them run
//   node ctk/tools/build-kits.mjs && node ctk/tools/check-kits.mjs
//
//   kits/<kit>.mjs             one kit: its requests, bodies, checks and collection variables
//   script-fragments.mjs       check and setup-body text shared by the kits' scripts
//   postman.mjs                Postman structures (collection, item, url, scripts with their prelude)
//   preludes/test-helpers.js   the `ctk` helpers every test script starts with
//   preludes/setup-helpers.js  the `setup` helpers of the first request's pre-request script
//
// Every script is self-contained: it starts with its helper prelude, followed by the request's own
// checks. Assertion names follow the TM Forum CTK 4.0.0 naming used in the certification reports
// ("Status code is 201", "Response has id attribute", "Body includes value held on id", "id is <value>", ...).
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { customerKit } from "./kits/tmf629-customer.mjs";
import { customerV5Kit } from "./kits/tmf629-customer-v5.mjs";
import { roundTripKit } from "./kits/tmf629-round-trip.mjs";
import { billingAccountKit } from "./kits/tmf666-billing-account.mjs";
import { accountV5Kit } from "./kits/tmf666-account-v5.mjs";
import { accountRoundTripKit } from "./kits/tmf666-round-trip.mjs";
import {
  billFormatKit,
  billingCycleSpecificationKit,
  billPresentationMediaKit,
  financialAccountKit,
  partyAccountKit,
  settlementAccountKit,
} from "./kits/tmf666-account-resources.mjs";
import { paymentKit } from "./kits/tmf676-payment.mjs";
import { paymentTasksKit } from "./kits/tmf676-payment-tasks.mjs";
import { refundKit } from "./kits/tmf676-refund.mjs";
import { billRunsKit } from "./kits/tmf678-bill-runs.mjs";
import { paymentMethodKit } from "./kits/tmf670-payment-method.mjs";
import { partyRoleKit } from "./kits/tmf669-party-role.mjs";
import { customerBillV5Kit } from "./kits/tmf678-customer-bill-v5.mjs";
import { billRoundTripKit } from "./kits/tmf678-round-trip.mjs";

const CTK_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");

/** File name (without .postman_collection.json) → builder of its collection. */
export const KITS = {
  "TMF629-Customer": customerKit,
  "TMF676-Payment": paymentKit,
  "TMF666-BillingAccount": billingAccountKit,
  "TMF676-Refund": refundKit,
  "TMF666-PartyAccount": partyAccountKit,
  "TMF666-SettlementAccount": settlementAccountKit,
  "TMF666-FinancialAccount": financialAccountKit,
  "TMF666-BillingCycleSpecification": billingCycleSpecificationKit,
  "TMF666-BillFormat": billFormatKit,
  "TMF666-BillPresentationMedia": billPresentationMediaKit,
  "TMF676-PaymentTasks": paymentTasksKit,
  "TMF678-BillRuns": billRunsKit,
  "TMF629-Customer-v5": customerV5Kit,
  "TMF629-RoundTrip-v4-v5": roundTripKit,
  "TMF666-Account-v5": accountV5Kit,
  "TMF666-RoundTrip-v4-v5": accountRoundTripKit,
  "TMF678-CustomerBill-v5": customerBillV5Kit,
  "TMF678-RoundTrip-v4-v5": billRoundTripKit,
  "TMF670-PaymentMethod": paymentMethodKit,
  "TMF669-PartyRole": partyRoleKit,
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, build] of Object.entries(KITS)) {
    const out = join(CTK_DIR, `${file}.postman_collection.json`);
    writeFileSync(out, `${JSON.stringify(build(), null, 2)}\n`);
    console.log("wrote", out);
  }
}
