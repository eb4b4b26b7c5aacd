import { describe, expect, it } from "vitest";
import { Decimal } from "../../src/db/decimal.js";
import { moneyText } from "../../src/modules/common/money.rules.js";

const text = (value: string, unit: string) => moneyText({ unit, value: new Decimal(value) });

describe("moneyText (a bill document's amounts)", () => {
  it("writes the currency's minor digits, groups thousands, and keeps the sign", () => {
    expect(text("12.1", "EUR")).toBe("12.10 EUR");
    expect(text("1234567.8", "EUR")).toBe("1,234,567.80 EUR");
    expect(text("-0.05", "EUR")).toBe("-0.05 EUR");
    expect(text("0", "EUR")).toBe("0.00 EUR");
    expect(text("1500", "JPY")).toBe("1,500 JPY"); // no minor unit
    expect(text("1.5", "BHD")).toBe("1.500 BHD"); // three
  });

  it("never rounds: digits beyond the minor unit stay, beyond a double's precision too", () => {
    expect(text("0.0125", "EUR")).toBe("0.0125 EUR");
    expect(text("1234567890123456.78", "USD")).toBe("1,234,567,890,123,456.78 USD");
  });
});
