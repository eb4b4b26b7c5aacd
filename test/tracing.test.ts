import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListener } from "./support/listener.js";
import { decodeTraceExport } from "./support/otlp-protobuf.js";
import { randomHex, startOtlpReceiver } from "./support/otlp-receiver.js";
import { startTestServer, type TestServer } from "./support/server.js";

// OpenTelemetry: the gateway configured by the standard OTEL_* variables exports its spans over
// OTLP/HTTP to a real receiver on loopback (this test's); a W3C traceparent is continued through the
// HTTP request, the REST→GraphQL translation, the GraphQL operation, the SQL statements and the
// delivery of the event the request caused.

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
  links?: { traceId: string; spanId: string }[];
  service: string;
}

const SERVER = 2;
const PRODUCER = 4;
const spans: OtlpSpan[] = [];
/** Exports received as protobuf (OTLP/HTTP's default encoding, the gateway's). */
let protobufExports = 0;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let server: TestServer;

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};
const traceparent = () => ({ traceId: randomHex(16), parentId: randomHex(8) });

/** The spans of a trace once `ready` holds for them (the exporter batches every 100 ms). */
async function traceOf(traceId: string, ready: (trace: OtlpSpan[]) => boolean): Promise<OtlpSpan[]> {
  await expect.poll(() => ready(spans.filter((s) => s.traceId === traceId)), { timeout: 10_000, interval: 100 }).toBe(true);
  return spans.filter((s) => s.traceId === traceId);
}

beforeAll(async () => {
  receiver = await startOtlpReceiver((bytes, req) => {
    const type = req.headers["content-type"] ?? "";
    if (req.url !== "/v1/traces" || !(type.includes("json") || type.includes("protobuf"))) return;
    if (type.includes("protobuf")) protobufExports++;
    const body = type.includes("json") ? JSON.parse(bytes.toString("utf8")) : decodeTraceExport(bytes);
    for (const resourceSpans of body.resourceSpans ?? []) {
      const service = resourceSpans.resource.attributes.find((a: { key: string }) => a.key === "service.name")?.value.stringValue;
      for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
    }
  });
  server = await startTestServer({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: "100",
    OTEL_SERVICE_NAME: "gateway-under-test",
    EVENTS_POLL_MS: "50",
  });
});

afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

const customer = async (name: string) =>
  (await server.request("POST", "/tmf-api/customerManagement/v4/customer", { name, engagedParty: { id: "o", "@referredType": "Organization" } })).body as {
    id: string;
  };

describe("OpenTelemetry traces", () => {
  it("spans are exported as OTLP/HTTP protobuf by default", async () => {
    await customer("Exported");
    await expect.poll(() => protobufExports, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);
  });

  it("a REST GET continues the caller's trace: HTTP server span (with the operation it became) → SQL statement span", async () => {
    const { id } = await customer("Traced");
    const { traceId, parentId } = traceparent();
    const res = await server.request("GET", `/tmf-api/customerManagement/v4/customer/${id}`, undefined, { traceparent: `00-${traceId}-${parentId}-01` });
    expect(res.status).toBe(200);
    const trace = await traceOf(traceId, (t) => t.some((s) => s.kind === SERVER) && t.some((s) => s.name.startsWith("db ")));
    const http = trace.find((s) => s.kind === SERVER)!;
    expect(http).toMatchObject({ name: "GET /tmf-api/customerManagement/v4/customer/:id", parentSpanId: parentId, service: "gateway-under-test" });
    expect(attribute(http, "http.response.status_code")).toBe(200);
    expect([attribute(http, "tmf.rest.operation"), attribute(http, "tmf.resource.type"), attribute(http, "graphql.operation.type")]).toEqual([
      "one",
      "Customer",
      "query",
    ]);
    const select = trace.find((s) => s.name === "db SELECT" && String(attribute(s, "db.query.text")).includes('FROM "customer"'))!;
    expect(attribute(select, "db.system.name")).toBe("postgresql");
    expect(select.parentSpanId).toBe(http.spanId);
    expect(trace).toHaveLength(2); // one span for the request, one for its statement
    expect(String(attribute(select, "db.query.text"))).not.toContain(id); // values are never in a span
  });

  it("a statement serving several requests (coalesced reads) links to each of them", async () => {
    const ids = await Promise.all(["A", "B", "C", "D", "E", "F"].map((n) => customer(`Coalesced ${n}`)));
    const calls = ids.map(({ id }) => ({ id, ...traceparent() }));
    await Promise.all(
      calls.map((c) =>
        server.request("GET", `/tmf-api/customerManagement/v4/customer/${c.id}`, undefined, { traceparent: `00-${c.traceId}-${c.parentId}-01` }),
      ),
    );
    for (const call of calls) {
      const trace = await traceOf(call.traceId, (t) => t.some((s) => s.kind === SERVER));
      const rest = trace.find((s) => s.kind === SERVER)!;
      // Its read is a span of its own trace, or the span of a read another request started, linked to it.
      await expect
        .poll(() => spans.some((s) => s.name === "db SELECT" && (s.parentSpanId === rest.spanId || s.links?.some((l) => l.spanId === rest.spanId))), {
          timeout: 5000,
        })
        .toBe(true);
    }
    for (const read of spans.filter((s) => attribute(s, "db.coalesced.requests") !== undefined)) {
      expect(read.links).toHaveLength(Number(attribute(read, "db.coalesced.requests")));
    }
  });

  it("a group commit (payments booked together) links to every request it booked for", async () => {
    const account = await server.request("POST", "/tmf-api/accountManagement/v4/billingAccount", {
      name: "Grouped",
      relatedParty: [{ id: "org-g", name: "G", role: "partner", "@referredType": "Organization" }],
    });
    const calls = Array.from({ length: 12 }, () => traceparent());
    const paid = await Promise.all(
      calls.map((c) =>
        server.request(
          "POST",
          "/tmf-api/paymentManagement/v4/payment",
          {
            account: { id: account.body.id },
            paymentMethod: { id: "pm", name: "card", "@type": "PaymentMethodRef" },
            totalAmount: { unit: "EUR", value: "1.00" },
          },
          { traceparent: `00-${c.traceId}-${c.parentId}-01` },
        ),
      ),
    );
    expect(paid.map((p) => p.status)).toEqual(Array(12).fill(201));
    // Bookings are the statements sent as batches (a span's text is cut at 2,000 characters: not a way to tell).
    const isCommit = (s: OtlpSpan) => attribute(s, "db.operation.batch.size") !== undefined;
    for (const call of calls) {
      // The commit that booked it links to one of its spans (exported by now or soon), whichever request's batch it was.
      const linked = () => {
        const own = new Set(spans.filter((s) => s.traceId === call.traceId).map((s) => s.spanId));
        return spans.some((s) => isCommit(s) && s.links?.some((l) => own.has(l.spanId)));
      };
      await expect.poll(linked, { timeout: 10_000, interval: 100 }).toBe(true);
    }
    for (const commit of spans.filter(isCommit)) expect(commit.links).toHaveLength(Number(attribute(commit, "db.operation.batch.size")));
  });

  it("reads and writes at once: every span is in its own request's trace, under a parent of that trace", async () => {
    // Reads carry their trace explicitly; writes run in the async context, left when the last write
    // in flight ends and entered again by the next: neither may lend its spans to the other.
    const existing = await Promise.all(["R1", "R2", "R3", "R4"].map((n) => customer(`Concurrent ${n}`)));
    const headers = (t: { traceId: string; parentId: string }) => ({ traceparent: `00-${t.traceId}-${t.parentId}-01` });
    const writes = [0, 1, 2].map(() => traceparent());
    const restReads = existing.map(({ id }) => ({ id, ...traceparent() }));
    const graphqlReads = existing.map(({ id }) => ({ id, ...traceparent() }));
    for (let round = 0; round < 2; round++) {
      const started = [
        ...writes.map((w, i) =>
          server.request(
            "POST",
            "/tmf-api/customerManagement/v4/customer",
            { name: `Written ${round}-${i}`, engagedParty: { id: "o", "@referredType": "Organization" } },
            headers(w),
          ),
        ),
        ...restReads.map((r) => server.request("GET", `/tmf-api/customerManagement/v4/customer/${r.id}`, undefined, headers(r))),
        ...graphqlReads.map((r) =>
          fetch(`${server.url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", ...headers(r) },
            body: JSON.stringify({ query: `{ customer(id: "${r.id}") { id name } }` }),
          }).then(async (res) => ({ status: res.status, body: await res.json() })),
        ),
      ];
      for (const res of await Promise.all(started)) expect(res.status).toBeLessThan(300);
    }
    const statementsOf = (t: OtlpSpan[]) => t.filter((s) => s.name.startsWith("db "));
    for (const call of [...writes, ...restReads, ...graphqlReads]) {
      const isWrite = writes.includes(call);
      const trace = await traceOf(
        call.traceId,
        (t) => t.filter((s) => s.kind === SERVER).length === 2 && (!isWrite || statementsOf(t).some((s) => s.name === "db INSERT")),
      );
      const own = new Set(trace.map((s) => s.spanId));
      for (const span of trace) expect(span.parentSpanId === call.parentId || own.has(span.parentSpanId!), `${span.name} of ${call.traceId}`).toBe(true);
      if (isWrite) expect(statementsOf(trace).filter((s) => s.name === "db INSERT").length).toBeGreaterThanOrEqual(2);
      else expect(statementsOf(trace).every((s) => s.name === "db SELECT")).toBe(true);
    }
  });

  it("GraphQL operations are spans with their name and type", async () => {
    const { traceId, parentId } = traceparent();
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${traceId}-${parentId}-01` },
      body: JSON.stringify({ query: "query CountThem { customersCount }", operationName: "CountThem" }),
    });
    expect(res.status).toBe(200);
    const trace = await traceOf(traceId, (t) => t.some((s) => s.name === "graphql query CountThem"));
    const operation = trace.find((s) => s.name === "graphql query CountThem")!;
    expect(attribute(operation, "graphql.operation.name")).toBe("CountThem");
    expect(attribute(operation, "graphql.operation.type")).toBe("query");
    expect(operation.parentSpanId).toBe(trace.find((s) => s.kind === SERVER)!.spanId);
  });

  it("the event a request causes is delivered in its trace: the listener gets the delivery span's traceparent", async () => {
    const headers: string[] = [];
    const listener = await startListener((_event, req) => {
      headers.push(String(req.headers.traceparent));
      return 201;
    });
    try {
      await server.request("POST", "/tmf-api/customerManagement/v4/hub", { callback: listener.url, query: "eventType=CustomerCreateEvent" });
      const { traceId, parentId } = traceparent();
      const created = await server.request(
        "POST",
        "/tmf-api/customerManagement/v4/customer",
        { name: "Evented", engagedParty: { id: "o", "@referredType": "Organization" } },
        {
          traceparent: `00-${traceId}-${parentId}-01`,
        },
      );
      expect(created.status).toBe(201);
      await listener.waitFor(1);
      const [version, headerTrace, headerSpan] = headers[0]!.split("-");
      expect([version, headerTrace]).toEqual(["00", traceId]);
      const trace = await traceOf(traceId, (t) => t.some((s) => s.kind === PRODUCER));
      const delivery = trace.find((s) => s.kind === PRODUCER)!;
      expect(delivery).toMatchObject({ name: "deliver CustomerCreateEvent", spanId: headerSpan });
      // Its parent is a span of the request that wrote the event.
      expect(trace.some((s) => s.spanId === delivery.parentSpanId)).toBe(true);
      expect(attribute(delivery, "url.full")).toBe(listener.url);
    } finally {
      await listener.close();
    }
  });
});
