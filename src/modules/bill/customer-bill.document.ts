import type { Money } from "../../tmf/money.type.js";
import type { EntityRefBase } from "../../tmf/extensible.type.js";
import type { TimePeriod } from "../../tmf/time-period.type.js";
import type { AppliedCustomerBillingRate } from "./applied-customer-billing-rate.type.js";
import type { CustomerBill } from "./customer-bill.type.js";

/**
 * A bill's document: the bill rendered as a PDF on request (never stored), at `<bill href>/document`.
 * The path segment, its media type, and the `billDocument` entry that references it.
 */
export const BILL_DOCUMENT = {
  segment: "document",
  mimeType: "application/pdf",
  /** Rows of each list (lines, taxes, payments) a document shows at most: its size and rendering time are bounded. */
  rowsMax: 100,
} as const;

/**
 * The TMF678 AttachmentRefOrValue of a bill's rendered document, first of its `billDocument`. As
 * `@type` Attachment (by reference: a `url`, no `content`) it satisfies both v4's AttachmentRefOrValue
 * and v5's Attachment (whose only required attribute is `@type`).
 */
export function billDocumentRef(bill: Pick<CustomerBill, "id" | "billNo">, billHref: string) {
  const url = `${billHref}/${BILL_DOCUMENT.segment}`;
  return {
    id: `${bill.id}-${BILL_DOCUMENT.segment}`,
    href: url,
    url,
    name: `bill-${bill.billNo ?? bill.id}.pdf`,
    description: "The customer bill as a PDF document: its lines, taxes, payments applied and remaining amount",
    attachmentType: "bill",
    mimeType: BILL_DOCUMENT.mimeType,
    "@type": "Attachment",
  };
}

/** A line of the bill as its document shows it (a rate on the bill). */
export type BillDocumentLine = Pick<
  AppliedCustomerBillingRate,
  "name" | "description" | "appliedBillingRateType" | "periodCoverage" | "taxExcludedAmount" | "taxIncludedAmount" | "appliedTax"
>;

/** What a bill's document shows: the bill, its first lines and payments, and how many lines it has in all. */
export interface BillDocumentData
  extends Pick<
    CustomerBill,
    | "id"
    | "billNo"
    | "billDate"
    | "state"
    | "category"
    | "runType"
    | "paymentDueDate"
    | "amountDue"
    | "remainingAmount"
    | "taxExcludedAmount"
    | "taxIncludedAmount"
    | "taxItem"
  > {
  lastUpdate: string | Date;
  billingPeriod?: TimePeriod | null;
  billingAccount?: Pick<EntityRefBase, "id" | "name"> | null;
  lines: BillDocumentLine[];
  /** Lines of the bill in all (the document shows at most the first `lines`). */
  lineCount: number;
  payments: { appliedAmount: Money; payment: { id: string; name?: string | null } }[];
  /** Whether the bill has more payments than `payments` shows. */
  morePayments: boolean;
}
