import { createHash } from "node:crypto";
import fp from "fastify-plugin";
import { LRUCache } from "lru-cache";
import { Decimal } from "../db/decimal.js";
import { notFound } from "../errors.js";
import { NAVIGATION_MAX_LIMIT } from "../graphql/page.args.js";
import { appliedCustomerBillingRateResource } from "../modules/bill/applied-customer-billing-rate.resource.js";
import { customerBillResource } from "../modules/bill/customer-bill.resource.js";
import { BILL_DOCUMENT, type BillDocumentData } from "../modules/bill/customer-bill.document.js";
import { renderBillPdf } from "../modules/bill/customer-bill.pdf.js";
import { relationsOf, restVersionsOf } from "../resource/description.js";
import { isMarkedDecimal, markedDecimalText, stringifyResult } from "../tmf/exact-json.js";
import { collectionPath, type RestResource } from "../tmf/rest-resource.js";
import { tmfError } from "../tmf/tmf-error.js";

/** Lines and payments a document shows at most: within a navigation's page. */
const ROWS = Math.min(BILL_DOCUMENT.rowsMax, NAVIGATION_MAX_LIMIT);

/** Rendered documents kept, by the ETag of what they show: at most this many bytes in all. */
const CACHE_BYTES = 32 * 1024 * 1024;

const MONEY = "{ unit value }";
const PERIOD = "{ startDateTime endDateTime }";
const TAX = `{ taxCategory taxRate taxAmount ${MONEY} }`;

/** The rates on a bill: the navigation the rates' description declares from their bill. */
const lines = relationsOf(appliedCustomerBillingRateResource).find((relation) => relation.to() === customerBillResource)!.inverse!.name;

/**
 * What a bill's document shows, read as one GraphQL operation in the caller's context (so with the
 * bill scope, the cost budget and every rule a REST read has): the bill, its first ROWS lines
 * and payments, and its number of lines.
 */
const documentQuery = (bills: RestResource) => `query ($id: ID!, $limit: Int!) {
  bill: ${bills.queries.one}(id: $id) {
    id billNo billDate state category runType paymentDueDate lastUpdate
    billingPeriod ${PERIOD} billingAccount { id name }
    amountDue ${MONEY} remainingAmount ${MONEY} taxExcludedAmount ${MONEY} taxIncludedAmount ${MONEY} taxItem ${TAX}
    lines: ${lines}(limit: $limit) {
      name description appliedBillingRateType periodCoverage ${PERIOD} taxExcludedAmount ${MONEY} taxIncludedAmount ${MONEY} appliedTax ${TAX}
    }
    lineCount: ${lines}Count
    payments: appliedPayment(limit: $limit) { appliedAmount ${MONEY} payment { id name } }
  } }`;

/**
 * GET <customerBill>/{id}/document: the bill as a PDF, for each REST version of the bill served (the
 * `href` of its `billDocument`). A route like the bill's own: authenticated, rate limited, and its
 * data read through GraphQL with the caller's scopes (a credential without bill:read is refused);
 * an unknown bill is a 404 TMF Error. Rendered on request and never stored; the last renderings are
 * kept by their ETag (a hash of the data shown), and If-None-Match answers 304 without rendering.
 */
export const billDocumentRoutesPlugin = fp<{ resources: readonly RestResource[] }>(
  async (app, { resources }) => {
    const { translator, context } = app.gateway;
    const bills = restVersionsOf(customerBillResource).filter((bill) => resources.includes(bill));
    const rendered = new LRUCache<string, Buffer>({ maxSize: CACHE_BYTES, sizeCalculation: (pdf) => pdf.length });
    for (const resource of bills) {
      const query = documentQuery(resource);
      const url = `${collectionPath(resource)}/:id/${BILL_DOCUMENT.segment}`;
      app.route({
        method: ["POST", "PUT", "PATCH", "DELETE"],
        url,
        handler: async (request, reply) =>
          reply
            .code(405)
            .header("allow", "GET")
            .send(tmfError(405, `${request.method} is not supported on ${request.url.split("?")[0]}; use GET`)),
      });
      app.get(url, async (request, reply) => {
        const id = (request.params as { id: string }).id;
        const data = await translator.execute(query, { id, limit: ROWS }, context(request));
        const bill = data.bill as Record<string, unknown> | null;
        if (!bill) throw notFound(resource.type, id);
        const etag = `"${createHash("sha256").update(stringifyResult(bill)).digest("base64url").slice(0, 27)}"`;
        reply
          .header("etag", etag)
          .header("last-modified", new Date(bill.lastUpdate as string).toUTCString())
          .header("cache-control", "private, no-cache");
        if (request.headers["if-none-match"]?.split(",").some((tag) => tag.trim() === etag)) return reply.code(304).send();
        let pdf = rendered.get(etag);
        if (!pdf) {
          pdf = await renderBillPdf(documentData(bill));
          rendered.set(etag, pdf);
        }
        const name = `bill-${String(bill.billNo ?? bill.id).replace(/[^\w.-]/g, "_")}.pdf`;
        return reply.type(BILL_DOCUMENT.mimeType).header("content-disposition", `inline; filename="${name}"`).send(pdf);
      });
    }
  },
  { name: "bill-document-routes", dependencies: ["authentication", "gateway"], fastify: "5.x" },
);

/** The operation's result as the renderer takes it: its exact decimals (marked in results) as Decimals. */
function documentData(bill: Record<string, unknown>): BillDocumentData {
  const exact = (value: unknown): unknown => {
    if (isMarkedDecimal(value)) return new Decimal(markedDecimalText(value));
    if (Array.isArray(value)) return value.map(exact);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, exact(item)]));
    return value;
  };
  const data = exact(bill) as Omit<BillDocumentData, "morePayments">;
  return { ...data, morePayments: data.payments.length >= ROWS };
}
