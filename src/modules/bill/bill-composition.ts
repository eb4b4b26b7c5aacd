import { Decimal } from "../../db/decimal.js";
import type { RelatedParty } from "../../tmf/refs.type.js";
import type { TimePeriod } from "../../tmf/time-period.type.js";
import type { CustomerBillAttributes, TaxItem } from "./customer-bill.type.js";
import type { AppliedCustomerBillingRate } from "./applied-customer-billing-rate.type.js";

/** The account billed: its id, the name its reference gave, its currency once it has one. */
export interface BilledAccount {
  id: string;
  name?: string | null;
  currency: string | null;
}

/** A bill of rates, or why they cannot make one. */
export type Composition = { bill: CustomerBillAttributes } | { refused: string };

/**
 * The bill that charges `rates` (unbilled, of one account): its amount due is the sum of their
 * amounts taxes included, its tax-excluded amount theirs when every rate has one, its tax items
 * their taxes summed per category and rate, its billing period the span of their coverage. An
 * off-cycle bill, dated now. Rates in several currencies or another than the account's, or summing
 * to a credit, make no bill.
 */
export function composeBill(rates: AppliedCustomerBillingRate[], account: BilledAccount, requester?: RelatedParty | null): Composition {
  if (!rates.length) return { refused: `billing account ${account.id} has no unbilled applied customer billing rate` };
  const units = new Set(rates.map((rate) => rate.taxIncludedAmount!.unit!.toUpperCase()));
  if (units.size > 1) return { refused: `the unbilled rates of billing account ${account.id} are in several currencies (${[...units].join(", ")})` };
  const unit = rates[0]!.taxIncludedAmount!.unit!;
  if (account.currency && unit.toUpperCase() !== account.currency)
    return { refused: `the unbilled rates are in ${unit}, billing account ${account.id} in ${account.currency}` };
  const sum = (values: Decimal[]) => values.reduce((total, value) => total.plus(value), new Decimal(0));
  const due = sum(rates.map((rate) => rate.taxIncludedAmount!.value!));
  if (due.isNegative()) return { refused: `the unbilled rates of billing account ${account.id} sum to a credit of ${due.negated().toString()} ${unit}` };
  const excluded = rates.every((rate) => rate.taxExcludedAmount) ? sum(rates.map((rate) => rate.taxExcludedAmount!.value!)) : undefined;
  return {
    bill: {
      billingAccount: { id: account.id, ...(account.name && { name: account.name }), atReferredType: "BillingAccount" },
      billDate: new Date(),
      runType: "offCycle",
      category: "normal",
      amountDue: { unit, value: due },
      taxIncludedAmount: { unit, value: due },
      ...(excluded && { taxExcludedAmount: { unit, value: excluded } }),
      ...(span(rates) && { billingPeriod: span(rates) }),
      ...(taxItems(rates).length && { taxItem: taxItems(rates) }),
      ...(requester && { relatedParty: [requester] }),
    },
  };
}

function span(rates: AppliedCustomerBillingRate[]): TimePeriod | undefined {
  const times = (pick: (period: TimePeriod) => unknown) =>
    rates
      .map((rate) => rate.periodCoverage && pick(rate.periodCoverage))
      .filter((t): t is string | Date => t != null)
      .map((t) => new Date(t).getTime());
  const starts = times((p) => p.startDateTime);
  const ends = times((p) => p.endDateTime);
  if (!starts.length && !ends.length) return undefined;
  return {
    ...(starts.length && { startDateTime: new Date(Math.min(...starts)) }),
    ...(ends.length && { endDateTime: new Date(Math.max(...ends)) }),
  };
}

function taxItems(rates: AppliedCustomerBillingRate[]): TaxItem[] {
  const items = new Map<string, TaxItem>();
  for (const tax of rates.flatMap((rate) => rate.appliedTax ?? [])) {
    if (!tax.taxAmount) continue;
    const key = `${tax.taxCategory ?? ""}\u0000${tax.taxRate?.toString() ?? ""}`;
    // Decimals inside JSON structures read back as their text (or a number): decimal.js takes either exactly.
    const amount = new Decimal(tax.taxAmount.value as unknown as string);
    const item = items.get(key);
    if (item) item.taxAmount = { unit: item.taxAmount!.unit, value: item.taxAmount!.value!.plus(amount) };
    else
      items.set(key, {
        taxCategory: tax.taxCategory ?? null,
        taxRate: tax.taxRate == null ? null : new Decimal(tax.taxRate as unknown as string),
        taxAmount: { unit: tax.taxAmount.unit, value: amount },
      });
  }
  return [...items.values()];
}
