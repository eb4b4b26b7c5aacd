import { DEMO_EXPLORER_VARIABLES, DEMO_NAMES } from "./demo-data.js";
import { DEMO_PRINCIPAL, withIds, type DemoRunner } from "./seed.js";

// The demo resources' ids are the create path's random UUIDs: the explorer finds them again by the
// demo's names, in one in-process query. Each name must match exactly one resource (a data set that
// merely shares a name is not taken for the demo's). The variables are DEMO_NAMES; the steps found
// (stepIds) are the ones DEMO_EXPLORER_VARIABLES refers to; the authorization is its account's first.
const LOOKUP = `query DemoExplorerIds($v5Customer: String!, $rateAccount: String!, $billAccount: String!, $billNo: String!) {
  customers(filter: { name: { eq: $v5Customer } }, limit: 2) { id }
  rateAccount: billingAccounts(filter: { name: { eq: $rateAccount } }, limit: 2) { id paymentAuthorizations(limit: 1) { id } }
  billAccount: billingAccounts(filter: { name: { eq: $billAccount } }, limit: 2) { id }
  customerBills(filter: { billNo: { eq: $billNo } }, limit: 2) { id billingAccount { id } }
}`;

interface Found {
  customers: { id: string }[];
  rateAccount: { id: string; paymentAuthorizations: { id: string }[] }[];
  billAccount: { id: string }[];
  customerBills: { id: string; billingAccount: { id: string } | null }[];
}

/** After a lookup that did not find the demo data, the next one waits this long (the page is public). */
const RETRY_MS = 10_000;

/**
 * The explorer's variables naming the demo resources (DEMO_EXPLORER_VARIABLES with its refs
 * resolved), or undefined while they are not all found. Once found they are kept: ids never change.
 * One lookup at a time, and at most one per RETRY_MS while the data is not there.
 */
export function demoExplorerVariables(runner: DemoRunner): () => Promise<Record<string, unknown> | undefined> {
  let found: Record<string, unknown> | undefined;
  let pending: Promise<Record<string, unknown> | undefined> | undefined;
  let retryAt = 0;
  const lookup = async () => {
    retryAt = Date.now() + RETRY_MS; // also after a failed lookup
    const data = (await runner.execute(LOOKUP, { ...DEMO_NAMES }, runner.context(DEMO_PRINCIPAL))) as unknown as Found;
    const ids = stepIds(data);
    if (ids) found = withIds(DEMO_EXPLORER_VARIABLES, ids) as Record<string, unknown>;
    return found;
  };
  return () => {
    if (found || Date.now() < retryAt) return Promise.resolve(found);
    pending ??= lookup().finally(() => (pending = undefined));
    return pending;
  };
}

function stepIds({ customers, rateAccount, billAccount, customerBills }: Found): Map<string, string> | undefined {
  const [customer, rates, bills, bill] = [customers, rateAccount, billAccount, customerBills].map((list) => (list.length === 1 ? list[0] : undefined));
  const authorization = (rates as Found["rateAccount"][number] | undefined)?.paymentAuthorizations[0];
  const billOf = bill as Found["customerBills"][number] | undefined;
  if (!customer || !rates || !bills || !billOf || !authorization || billOf.billingAccount?.id !== bills.id) return undefined;
  return new Map([
    ["grace", customer.id],
    ["graceHome", rates.id],
    ["graceCheckout", authorization.id],
    ["alanMobile", bills.id],
    ["alanBill", billOf.id],
  ]);
}
