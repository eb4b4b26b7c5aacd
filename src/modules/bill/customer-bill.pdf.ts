import type { Money } from "../../tmf/money.type.js";
import type { TimePeriod } from "../../tmf/time-period.type.js";
import { moneyText } from "../common/money.rules.js";
import { BILL_DOCUMENT, type BillDocumentData } from "./customer-bill.document.js";

const MARGIN = 50;
const WIDTH = 495; // A4's 595 points less the margins
const ROW = 14;
/** Characters of a free text (a rate's name, an account's name) a cell shows: a document's size does not grow with what clients write. */
const TEXT_MAX = 100;
/** WinAnsi beyond Latin-1, what the PDF standard fonts (no font file embedded) can show; any other character shows as "?". */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

interface Cell {
  text: string;
  x: number;
  width: number;
  align?: "left" | "right";
  bold?: boolean;
}

/** Amounts in the right-hand column, their labels before it. */
const AMOUNT = { x: 450, width: 95 } as const;
const LABEL = { x: 300, width: 145 } as const;
const LINE_COLUMNS = { item: [MARGIN, 170], period: [225, 125], excluded: [350, 95], included: AMOUNT } as const;

/** Rows written down the page, a new page (with `pageHeader`, when set) when one does not fit. */
class Sheet {
  private y = MARGIN;
  pageHeader?: Cell[];

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  title(text: string): void {
    this.doc.font("Helvetica-Bold").fontSize(18).text(text, MARGIN, this.y, { lineBreak: false });
    this.y += 30;
  }

  row(cells: Cell[], height = ROW): void {
    if (this.y + height > this.doc.page.height - MARGIN) {
      this.doc.addPage();
      this.y = MARGIN;
      if (this.pageHeader) this.row(this.pageHeader);
    }
    for (const cell of cells) {
      this.doc.font(cell.bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
      this.doc.text(printable(cell.text), cell.x, this.y, { width: cell.width, align: cell.align ?? "left", lineBreak: false, ellipsis: true, height });
    }
    this.y += height;
  }

  heading(text: string): void {
    this.gap();
    this.row([{ text, x: MARGIN, width: WIDTH, bold: true }], ROW + 4);
  }

  gap(): void {
    this.y += ROW / 2;
  }

  note(text: string): void {
    this.row([{ text, x: MARGIN, width: WIDTH }]);
  }

  field(label: string, value: string | null | undefined): void {
    if (value)
      this.row([
        { text: label, x: MARGIN, width: 130, bold: true },
        { text: value, x: 185, width: 360 },
      ]);
  }

  /** A described amount: `label` across the page (or before the amount column with `short`), the amount right-aligned. */
  amount(label: string, money: Money | null | undefined, { bold = false, short = false } = {}): void {
    const shown = money?.value != null ? moneyText(money) : "";
    if (short && !shown) return;
    const at = short ? LABEL : { x: MARGIN, width: WIDTH - AMOUNT.width - 5 };
    this.row([
      { text: label, ...at, bold },
      { text: shown, ...AMOUNT, align: "right", bold },
    ]);
  }
}

/**
 * A bill as a PDF a customer can open (PDFKit, the standard Helvetica fonts: nothing to load): its
 * number, account, dates and period, its lines (the rates on it), taxes, totals, the payments
 * applied and what remains to pay. Money is written exactly (see moneyText). Rendered from `bill`
 * alone, so the same data makes the same document.
 */
export async function renderBillPdf(bill: BillDocumentData): Promise<Buffer> {
  // Loaded on the first document, not at start-up (PDFKit and its font engine take a while to load).
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: { Title: `Customer bill ${bill.billNo ?? bill.id}`, Subject: "Customer bill", CreationDate: new Date(bill.lastUpdate) },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const sheet = new Sheet(doc);
  writeHeader(sheet, bill);
  writeLines(sheet, bill);
  writeTaxes(sheet, bill);
  sheet.heading("Totals");
  sheet.amount("Total excluding taxes", bill.taxExcludedAmount, { short: true });
  sheet.amount("Total including taxes", bill.taxIncludedAmount, { short: true });
  sheet.amount("Amount due", bill.amountDue, { short: true, bold: true });
  writePayments(sheet, bill);
  sheet.gap();
  sheet.amount("Remaining amount", bill.remainingAmount, { short: true, bold: true });
  doc.end();
  return ended;
}

function writeHeader(sheet: Sheet, bill: BillDocumentData): void {
  sheet.title("Customer bill");
  sheet.field("Bill number", bill.billNo ?? bill.id);
  sheet.field("Bill id", bill.billNo ? bill.id : undefined);
  const account = bill.billingAccount;
  sheet.field("Billing account", account && (account.name ? `${account.name} (${account.id})` : account.id));
  sheet.field("Bill date", dateText(bill.billDate));
  sheet.field("Billing period", periodText(bill.billingPeriod));
  sheet.field("Payment due date", dateText(bill.paymentDueDate));
  sheet.field("State", bill.state);
  sheet.field("Category", [bill.category, bill.runType].filter(Boolean).join(", "));
}

function writeLines(sheet: Sheet, bill: BillDocumentData): void {
  const { item, period, excluded, included } = LINE_COLUMNS;
  sheet.heading("Lines");
  sheet.pageHeader = [
    { text: "Item", x: item[0], width: item[1], bold: true },
    { text: "Period", x: period[0], width: period[1], bold: true },
    { text: "Excl. tax", x: excluded[0], width: excluded[1], align: "right", bold: true },
    { text: "Incl. tax", ...included, align: "right", bold: true },
  ];
  sheet.row(sheet.pageHeader);
  for (const line of bill.lines) {
    sheet.row([
      { text: [line.name, line.description].filter(Boolean).join(": ") || (line.appliedBillingRateType ?? "Charge"), x: item[0], width: item[1] },
      { text: periodText(line.periodCoverage) ?? "", x: period[0], width: period[1] },
      { text: line.taxExcludedAmount ? moneyText(line.taxExcludedAmount) : "", x: excluded[0], width: excluded[1], align: "right" },
      { text: line.taxIncludedAmount ? moneyText(line.taxIncludedAmount) : "", ...included, align: "right" },
    ]);
  }
  sheet.pageHeader = undefined;
  if (!bill.lines.length) sheet.note("No itemised lines");
  if (bill.lineCount > bill.lines.length) sheet.note(`The first ${bill.lines.length} of ${bill.lineCount} lines; every line is in appliedCustomerBillingRate.`);
}

function writeTaxes(sheet: Sheet, bill: BillDocumentData): void {
  if (!bill.taxItem?.length) return;
  sheet.heading("Taxes");
  for (const tax of bill.taxItem.slice(0, BILL_DOCUMENT.rowsMax)) {
    sheet.amount([tax.taxCategory ?? "Tax", tax.taxRate != null ? `rate ${tax.taxRate.toFixed()}` : ""].filter(Boolean).join(", "), tax.taxAmount);
  }
  if (bill.taxItem.length > BILL_DOCUMENT.rowsMax) {
    sheet.note(`The first ${BILL_DOCUMENT.rowsMax} of ${bill.taxItem.length} tax items; every one is in the bill's taxItem.`);
  }
}

function writePayments(sheet: Sheet, bill: BillDocumentData): void {
  sheet.heading("Payments applied");
  for (const { appliedAmount, payment } of bill.payments) sheet.amount(`Payment ${payment.name ?? payment.id}`, appliedAmount);
  if (!bill.payments.length) sheet.note("No payment applied");
  if (bill.morePayments) sheet.note(`The first ${bill.payments.length} payments; every payment is in the bill's appliedPayment.`);
}

function printable(text: string): string {
  const cut = text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX - 1)}…` : text;
  return [...cut].map((c) => (isWinAnsi(c) ? c : "?")).join("");
}

function isWinAnsi(c: string): boolean {
  const code = c.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c);
}

/** A date as its UTC day (a bill's dates are days to a customer). */
function dateText(value: string | Date | null | undefined): string | undefined {
  return value == null ? undefined : new Date(value).toISOString().slice(0, 10);
}

function periodText(period: TimePeriod | null | undefined): string | undefined {
  if (!period || (period.startDateTime == null && period.endDateTime == null)) return undefined;
  return `${dateText(period.startDateTime) ?? "…"} – ${dateText(period.endDateTime) ?? "…"}`;
}
