import { badInput } from "../../errors.js";
import type { Money } from "../../tmf/money.type.js";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

const MINOR_UNITS = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 currency (USD 2, JPY 0, BHD 3), from the platform's CLDR data. */
export function minorUnits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = MINOR_UNITS.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    MINOR_UNITS.set(code, digits);
  }
  return digits;
}

/**
 * A money amount the domain can book: a known ISO 4217 unit (any case; kept as written), a value
 * with at most the currency's minor-unit digits, and strictly positive when `positive`.
 */
export function checkMoney(money: Money | null | undefined, attribute: string, positive = false): asserts money is Money {
  if (!money || money.value == null || !money.unit) throw badInput(`${attribute} needs both unit and value`);
  if (!CURRENCIES.has(money.unit.toUpperCase())) {
    throw badInput(`${attribute}.unit "${money.unit}" is not an ISO 4217 currency code`);
  }
  if (positive && !money.value.gt(0)) throw badInput(`${attribute}.value must be greater than 0`);
  const digits = minorUnits(money.unit);
  if (money.value.decimalPlaces() > digits) {
    throw badInput(`${attribute}.value ${money.value.toString()} has more than ${digits} decimal place(s) for ${money.unit.toUpperCase()}`);
  }
}

export const sameCurrency = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

interface Amounts {
  amount?: Money | null;
  taxAmount?: Money | null;
  totalAmount?: Money | null;
}

/**
 * The parts of a total, whichever are given: amount (net) and taxAmount are valid money, not
 * negative, in the total's currency and not above it; when all three are given, amount + tax =
 * total exactly.
 */
export function checkTotal({ amount, taxAmount, totalAmount }: Amounts, type: string): void {
  for (const [name, part] of [
    ["amount", amount],
    ["taxAmount", taxAmount],
  ] as const) {
    if (!part) continue;
    checkMoney(part, `${type} ${name}`);
    if (part.value!.isNegative()) throw badInput(`${type} ${name}.value must not be negative`);
    if (!totalAmount?.unit || totalAmount.value == null) continue;
    if (!sameCurrency(part.unit!, totalAmount.unit)) throw badInput(`${type}: ${name} and totalAmount must be in one currency`);
    if (part.value!.gt(totalAmount.value)) {
      throw badInput(`${type}: ${name} (${part.value!.toString()}) cannot exceed totalAmount (${totalAmount.value.toString()})`);
    }
  }
  if (!amount || !taxAmount || !totalAmount) return;
  if (!amount.value!.plus(taxAmount.value!).eq(totalAmount.value!)) {
    throw badInput(
      `${type}: amount (${amount.value!.toString()}) + taxAmount (${taxAmount.value!.toString()}) must equal totalAmount (${totalAmount.value!.toString()})`,
    );
  }
}

/**
 * A money amount as a person reads it: thousands grouped, at least the currency's minor-unit digits
 * (12.1 EUR → "12.10 EUR"), never rounded (a tax of 0.0125 stays "0.0125"), then the unit as given.
 */
export function moneyText(money: Money): string {
  const value = money.value!;
  const unit = money.unit ?? "";
  const digits = CURRENCIES.has(unit.toUpperCase()) ? minorUnits(unit) : 2;
  const [whole, fraction] = value.abs().toFixed(Math.max(digits, value.decimalPlaces())).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${value.isNegative() && !value.isZero() ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}${unit && ` ${unit}`}`;
}
