import type { Db } from "../../db/database.js";
import type { Sql } from "../../db/sql.js";
import { badInput, unprocessable } from "../../errors.js";
import { ResourceStore } from "../../resource/resource-store.js";
import { UUID } from "../../resource/storage.js";
import type { AttributeRules } from "../common/crud.service.js";
import { paymentMethodResource } from "./payment-method.resource.js";
import type { PaymentMethod } from "./payment-method.type.js";

/** The status a payment method has when created without one, and the one a payment may use it in. */
export const ACTIVE = "Active";

/** Mask characters a card number may carry in place of its digits (spaces and dashes aside). */
const MASKED_CARD_NUMBER = /^[*xX•#]*(\d{4})?$/;

/**
 * A card is kept as brand, last four digits, expiry and a token: a `cardNumber` is accepted only
 * masked to its last four digits, and kept as `**** **** **** <last four>` (a full number is a PAN:
 * PCI DSS, this gateway stores no card data); a security code is never an attribute. A method
 * created without a status is Active.
 */
export const paymentMethodRules: AttributeRules<PaymentMethod> = (candidate, current) => {
  const columns: Record<string, unknown> = {};
  const { cardNumber, lastFourDigits } = candidate;
  if (lastFourDigits != null && !/^\d{4}$/.test(lastFourDigits))
    throw badInput(`lastFourDigits must be the card number's last four digits, got '${lastFourDigits}'`);
  if (cardNumber != null) {
    const compact = cardNumber.replace(/[\s-]/g, "");
    if (compact.replace(/\D/g, "").length > 4) {
      throw badInput(
        "cardNumber: a full card number (PAN) is never accepted or stored; send it masked to its last four digits (e.g. '**** **** **** 4242') with the card's token from your payment service provider",
      );
    }
    const masked = MASKED_CARD_NUMBER.exec(compact);
    if (!masked) throw badInput(`cardNumber must be masked to its last four digits (e.g. '**** **** **** 4242'), got '${cardNumber}'`);
    const last = masked[1] ?? lastFourDigits;
    if (masked[1] && lastFourDigits != null && lastFourDigits !== masked[1]) {
      throw badInput(`cardNumber ends in ${masked[1]} but lastFourDigits is ${lastFourDigits}`);
    }
    columns.cardNumber = `**** **** **** ${last ?? "****"}`;
    if (last) columns.lastFourDigits = last;
  }
  if (!current && candidate.status == null) Object.assign(columns, { status: ACTIVE, statusDate: new Date() });
  return columns;
};

type MethodReference = { id?: string | null; name?: string | null; atType?: string | null; atReferredType?: string | null };

/**
 * The stored payment methods a payment or refund may name by id: a `paymentMethod` whose id is one
 * of this gateway's (a UUID) names a stored method, which must exist, belong to the paying account
 * when it names accounts, and be usable now (Active, within validFor, not expired); any other
 * `paymentMethod` is a method given by value, kept as given.
 */
export class StoredPaymentMethods {
  private readonly store: ResourceStore<PaymentMethod>;

  constructor(db: Db) {
    this.store = new ResourceStore(db, paymentMethodResource);
  }

  /**
   * `ref` as the payment or refund keeps it: a reference to a stored method completed with what
   * TMF676 requires of it and the method supplies (`name`, `@type` PaymentMethodRef, `@referredType`
   * its @type), once checked; a method given by value as given. Fails with a 422 naming why the
   * stored method cannot pay for (or be refunded to) account `accountId`.
   */
  async reference<R extends MethodReference>(sql: Sql, ref: R | null | undefined, accountId: string, now = new Date()): Promise<R | null | undefined> {
    const id = ref?.id;
    if (!ref || !id || !UUID.test(id)) return ref;
    const method = await this.check(sql, id, accountId, now);
    return { ...ref, name: ref.name ?? method.name, atType: ref.atType ?? "PaymentMethodRef", atReferredType: ref.atReferredType ?? method.atType };
  }

  private async check(sql: Sql, id: string, accountId: string, now: Date): Promise<PaymentMethod> {
    const attribute = "paymentMethod";
    const method = await this.store.findById(id, sql);
    if (!method) {
      throw unprocessable(
        `${attribute}.id ${id} is not a known payment method (a method given by value carries no id, or one that is not a payment method's)`,
        "Unknown payment method",
      );
    }
    const accounts = (method.account ?? []).map((account) => account.id);
    if (accounts.length && !accounts.includes(accountId)) {
      throw unprocessable(`Payment method ${id} belongs to account ${accounts.join(", ")}, not to account ${accountId}`, "Payment method of another account");
    }
    const refused = unusable(method, now);
    if (refused) throw unprocessable(`Payment method ${id} is not usable: ${refused}`, "Payment method not usable");
    return method;
  }
}

/** Why `method` cannot be used at `now`, if it cannot. */
function unusable(method: PaymentMethod, now: Date): string | undefined {
  if (method.status != null && method.status.toLowerCase() !== ACTIVE.toLowerCase()) return `its status is ${method.status} (${ACTIVE} is usable)`;
  const at = (date: unknown) => (date == null ? undefined : new Date(date as string));
  const start = at(method.validFor?.startDateTime);
  const end = at(method.validFor?.endDateTime);
  if (start && start > now) return `it is valid from ${start.toISOString()}`;
  if (end && end <= now) return `its validity ended on ${end.toISOString()}`;
  const expires = at(method.expirationDate);
  if (expires && expires <= now) return `it expired on ${expires.toISOString()}`;
  return undefined;
}
