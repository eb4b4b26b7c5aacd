import type { Db } from "../../db/database.js";
import type { Sql } from "../../db/sql.js";
import { badInput } from "../../errors.js";
import type { Outbox } from "../../events/outbox.js";
import type { Money } from "../../tmf/money.type.js";
import type { AccountLedger } from "../account/ledger.js";
import { CrudService } from "../common/crud.service.js";
import { checkMoney, sameCurrency } from "../common/money.rules.js";
import { AppliedCustomerBillingRateStore } from "./applied-customer-billing-rate.store.js";
import type { AppliedCustomerBillingRate, AppliedCustomerBillingRateAttributes } from "./applied-customer-billing-rate.type.js";

/**
 * Rates a rating system records on a billing account, unbilled until a bill takes them. Their
 * amounts are money in the account's currency, one currency per rate; a credit is negative.
 */
export class AppliedCustomerBillingRateService extends CrudService<AppliedCustomerBillingRate> {
  declare readonly store: AppliedCustomerBillingRateStore;

  constructor(db: Db, outbox: Outbox, ledger: AccountLedger) {
    super(db, outbox, new AppliedCustomerBillingRateStore(db), (rate, _current, tx) => checkRate(rate, ledger, tx));
  }
}

async function checkRate(rate: AppliedCustomerBillingRateAttributes, ledger: AccountLedger, tx: Sql): Promise<Record<string, never>> {
  checkMoney(rate.taxIncludedAmount, "taxIncludedAmount");
  const unit = rate.taxIncludedAmount.unit!;
  const parts: [string, Money | null | undefined][] = [
    ["taxExcludedAmount", rate.taxExcludedAmount],
    ...(rate.appliedTax ?? []).map((tax, i) => [`appliedTax[${i}].taxAmount`, tax.taxAmount] as [string, Money | null | undefined]),
  ];
  for (const [attribute, money] of parts) {
    if (!money) continue;
    checkMoney(money, attribute);
    if (!sameCurrency(money.unit!, unit)) throw badInput(`${attribute}.unit must be ${unit}, the rate's currency`);
  }
  await ledger.check(tx, rate.billingAccount, rate.taxIncludedAmount, "billingAccount", "taxIncludedAmount");
  return {};
}
