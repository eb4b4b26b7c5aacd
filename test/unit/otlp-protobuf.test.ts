import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from "@opentelemetry/api";
import { TraceState } from "@opentelemetry/core";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { AlwaysOnSampler, ParentBasedSampler } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { LeanTracer } from "../../src/telemetry/lean-tracer.js";
import { encodeTraceRequest } from "../../src/telemetry/otlp-protobuf.js";
import { fromBatch, pushSpan, type SpanBatch } from "../../src/telemetry/span-records.js";
import { decodeTraceExport } from "../support/otlp-protobuf.js";

// The export thread writes OTLP protobuf straight from the span records. A collector must receive
// exactly what OpenTelemetry's own serialiser writes for the same spans: the bytes are compared, on
// spans that reach every branch (long and non-ASCII text, every attribute type, events, links, trace
// state, remote parents, statuses) and on a batch large enough for three-byte lengths.

const remote = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
  traceFlags: TraceFlags.SAMPLED,
  traceState: new TraceState("vendor=a1"),
  isRemote: true,
});

const HEAD = {
  resource: { attributes: { "service.name": "gateway", "deployment.environment": "test" } },
  scope: { name: "tmf-graphql-gateway", version: "1.2.3" },
};

/** A batch of `count` × 2 spans, recorded by the lean tracer. */
function batch(count: number): SpanBatch {
  const out: SpanBatch = { ...HEAD, count: 0, data: [] };
  const ended = (span: { writeTo(data: unknown[]): void }) => {
    span.writeTo(out.data);
    out.count++;
  };
  const tracer = new LeanTracer({ sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }), ended });
  for (let i = 0; i < count; i++) {
    const server = tracer.start(`GET /customer/${i}`, SpanKind.SERVER, i % 2 ? remote : ROOT_CONTEXT, {
      "http.request.method": "GET",
      "http.response.status_code": 200,
      "big.int": 2 ** 40 + i,
      "negative.int": -7 - i,
      ratio: 0.25 + i,
      cached: i % 3 === 0,
      tags: ["a", "ü", "€𝄞"],
      counts: [1, -2, 3.5],
      "text.unicode": "Müller – 東京 🚀",
    });
    server.addEvent("cache miss", { "cache.key": `customer:${i}` });
    server.recordException(Object.assign(new Error("x".repeat(300)), { stack: "Error\n    at y".repeat(i % 4 === 0 ? 2000 : 1) }));
    const statement = tracer.start(
      "db SELECT",
      SpanKind.INTERNAL,
      trace.setSpan(ROOT_CONTEXT, server),
      { "db.query.text": "SELECT 1 -- ".padEnd(20_000 * (i % 5 === 0 ? 1 : 0), "é") },
      [{ context: server.spanContext(), attributes: { "link.kind": "served" } }, { context: trace.getSpanContext(remote)! }],
    );
    statement.setStatus(i % 2 ? { code: SpanStatusCode.ERROR, message: "canceling statement due to statement timeout" } : { code: SpanStatusCode.OK });
    statement.end();
    server.end();
  }
  return out;
}

describe("OTLP protobuf of span records", () => {
  it("is byte for byte OpenTelemetry's serialiser's, for every kind of value", () => {
    const sent = batch(8);
    const ours = encodeTraceRequest(sent);
    expect(Buffer.from(ours).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(fromBatch(sent))!))).toBe(true);
    // Not vacuous: an independent decoder reads the spans back.
    const decoded = decodeTraceExport(Buffer.from(ours));
    const spans = decoded.resourceSpans[0].scopeSpans[0].spans;
    expect(spans).toHaveLength(16);
    expect(spans.find((s: { name: string }) => s.name === "GET /customer/1")).toMatchObject({ parentSpanId: "b7ad6b7169203331" });
  });

  it("is the same for a batch of 1,000 spans (lengths of three bytes, a buffer that grows), and stays so after the next batch", () => {
    const sent = batch(500);
    const ours = encodeTraceRequest(sent);
    expect(ours.length).toBeGreaterThan(256 * 1024);
    encodeTraceRequest(batch(3)); // the next batch, while this one may still be in flight
    expect(Buffer.from(ours).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(fromBatch(sent))!))).toBe(true);
  });

  it("writes times to the nanosecond past 2^53", () => {
    const at = 1_765_000_000_123.25; // ms since the epoch (a fraction a double holds exactly)
    const sent: SpanBatch = { ...HEAD, count: 1, data: [] };
    const context = { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "00f067aa0ba902b7", traceFlags: TraceFlags.SAMPLED };
    pushSpan(sent.data, "GET /", SpanKind.SERVER, context, undefined, at, 1.5, { code: SpanStatusCode.UNSET }, [], [], [], [], 0, 0);
    expect(Buffer.from(encodeTraceRequest(sent)).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(fromBatch(sent))!))).toBe(true);
    const span = decodeTraceExport(Buffer.from(encodeTraceRequest(sent))).resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.startTimeUnixNano).toBe(1_765_000_000_123_250_000n);
    expect(span.endTimeUnixNano! - span.startTimeUnixNano!).toBe(1_500_000n);
  });
});
