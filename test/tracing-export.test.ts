import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeTraceExport } from "./support/otlp-protobuf.js";
import { randomHex, startOtlpReceiver } from "./support/otlp-receiver.js";
import { startTestServer, type TestServer } from "./support/server.js";

// The export leaves the request thread: spans are serialised and sent by a thread of the gateway's
// own. What a user relies on is unchanged: a span ended before shutdown reaches the collector (the
// close flushes through that thread), with its times and parent; a trace its caller left out of the
// sample is not recorded at all, its statements included.

interface ExportedSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano?: bigint;
  endTimeUnixNano?: bigint;
}

const SERVER = 2;
const spans: ExportedSpan[] = [];
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let server: TestServer;
let closed = false;

beforeAll(async () => {
  receiver = await startOtlpReceiver((body) => {
    for (const resourceSpans of decodeTraceExport(body).resourceSpans) for (const scope of resourceSpans.scopeSpans) spans.push(...scope.spans);
  });
  // Batches wait ten minutes: only the shutdown's flush can send these spans within the test.
  server = await startTestServer({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: "600000" });
});

afterAll(async () => {
  if (!closed) await server?.close();
  await receiver?.close();
});

describe("span export on a thread of its own", () => {
  it("flushes at shutdown: the spans of a sampled request arrive with their parent and times; an unsampled trace sends nothing", async () => {
    const created = await server.request("POST", "/tmf-api/customerManagement/v4/customer", {
      name: "Flushed at close",
      engagedParty: { id: "o", "@referredType": "Organization" },
    });
    expect(created.status).toBe(201);
    const sampled = { traceId: randomHex(16), parentId: randomHex(8) };
    const unsampled = { traceId: randomHex(16), parentId: randomHex(8) };
    const path = `/tmf-api/customerManagement/v4/customer/${created.body.id}`;
    const before = BigInt(Date.now()) * 1_000_000n;
    const a = await server.request("GET", path, undefined, { traceparent: `00-${sampled.traceId}-${sampled.parentId}-01` });
    const b = await server.request("GET", path, undefined, { traceparent: `00-${unsampled.traceId}-${unsampled.parentId}-00` });
    const after = BigInt(Date.now()) * 1_000_000n;
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(spans).toHaveLength(0); // still waiting for their batch

    await server.close();
    closed = true;

    const http = spans.find((s) => s.traceId === sampled.traceId && s.kind === SERVER);
    expect(http).toMatchObject({ parentSpanId: sampled.parentId, name: "GET /tmf-api/customerManagement/v4/customer/:id" });
    expect(http!.startTimeUnixNano).toBeGreaterThanOrEqual(before - 5_000_000n); // clocks read in ms here, ns there
    expect(http!.endTimeUnixNano).toBeGreaterThanOrEqual(http!.startTimeUnixNano!);
    expect(http!.endTimeUnixNano).toBeLessThanOrEqual(after + 5_000_000n);
    expect(spans.find((s) => s.traceId === sampled.traceId && s.name === "db SELECT")).toMatchObject({ parentSpanId: http!.spanId });
    expect(spans.filter((s) => s.traceId === unsampled.traceId)).toEqual([]);
  });
});
