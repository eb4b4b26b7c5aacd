import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Tracer } from "@opentelemetry/api";
import { suppressTracing, TraceState } from "@opentelemetry/core";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  ParentBasedSampler,
  type ReadableSpan,
  SamplingDecision,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
} from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { type EndedSpan, LeanTracer } from "../../src/telemetry/lean-tracer.js";
import { fromBatch, type SpanBatch } from "../../src/telemetry/span-records.js";

// The lean tracer records spans as plain records that cross to the export thread (structured clone)
// and become the SDK's `ReadableSpan`s there. What the collector receives must be what OpenTelemetry's
// own SDK would have sent for the same calls: the OTLP request its serialiser makes of both is equal,
// but for the timestamps, which are checked apart.

const RESOURCE = { "service.name": "gateway", "deployment.environment": "test" };
const SCOPE = { name: "tmf-graphql-gateway", version: "1.2.3" };
const failure = new Error("connection reset");

/** A batch the tracer's ended spans are written into, as the batcher does. */
function collecting() {
  const batch: SpanBatch = { resource: { attributes: RESOURCE }, scope: SCOPE, count: 0, data: [] };
  const ended = (span: EndedSpan) => {
    span.writeTo(batch.data);
    batch.count++;
  };
  return { batch, ended };
}

/** Ids in sequence, the same for both tracers. */
function counting() {
  let n = 0;
  const next = (length: number) => (++n).toString(16).padStart(length, "0");
  return { traceId: () => next(32), spanId: () => next(16) };
}

/** The calls the service makes: a server span continuing a remote parent, a statement linking two requests. */
function record(tracer: Tracer): void {
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    traceFlags: TraceFlags.SAMPLED,
    traceState: new TraceState("vendor=a1,other=b2"),
    isRemote: true,
  });
  const server = tracer.startSpan("GET /customer/:id", { kind: SpanKind.SERVER, attributes: { "http.request.method": "GET" } }, remote);
  server.setAttributes({ "http.response.status_code": 200, "url.path": "/customer/1", ignored: undefined });
  server.addEvent("cache miss", { "cache.key": "customer:1", tags: ["a", "b"] });
  server.recordException(failure);
  server.setStatus({ code: SpanStatusCode.OK });
  server.setStatus({ code: SpanStatusCode.ERROR, message: "too late: OK is final" });
  const statement = tracer.startSpan(
    "db SELECT",
    {
      attributes: { "db.query.text": 'SELECT "id" FROM "customer" WHERE "id" = ANY($1)', "db.coalesced.requests": 2, cached: false, ratio: 0.5 },
      links: [{ context: server.spanContext(), attributes: { "link.kind": "served" } }, { context: trace.getSpanContext(remote)! }],
    },
    trace.setSpan(remote, server),
  );
  statement.setStatus({ code: SpanStatusCode.ERROR, message: "canceling statement due to statement timeout" });
  statement.updateName("db SELECT customer");
  statement.end();
  statement.setAttribute("after.end", 1);
  server.end();
  tracer.startSpan("root", { kind: SpanKind.INTERNAL }, ROOT_CONTEXT).end();
}

function bySdk(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const ids = counting();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(RESOURCE),
    spanProcessors: [new SimpleSpanProcessor(memory)],
    idGenerator: { generateTraceId: ids.traceId, generateSpanId: ids.spanId },
  });
  record(provider.getTracer(SCOPE.name, SCOPE.version));
  return memory.getFinishedSpans();
}

function byLeanTracer(): ReadableSpan[] {
  const { batch, ended } = collecting();
  record(new LeanTracer({ sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(1) }), ended, ids: counting() }));
  return fromBatch(structuredClone(batch));
}

const TIMES = new Set(["startTimeUnixNano", "endTimeUnixNano", "timeUnixNano"]);
const otlp = (spans: ReadableSpan[]) =>
  JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)), (key, value) => (TIMES.has(key) ? "t" : value));

describe("lean tracer", () => {
  it("exports what OpenTelemetry's SDK exports for the same calls", () => {
    const before = Date.now();
    const lean = byLeanTracer();
    const after = Date.now();
    expect(otlp(lean)).toEqual(otlp(bySdk()));
    // Not vacuous: the request carries what was recorded (trace state, remote parent, event, exception, link, status).
    const [scope] = otlp(lean).resourceSpans[0].scopeSpans;
    expect(scope.scope).toMatchObject(SCOPE);
    const [statement, server, root] = scope.spans;
    expect(server).toMatchObject({ traceState: "vendor=a1,other=b2", parentSpanId: "b7ad6b7169203331", status: { code: 1 } });
    expect(server.events.map((e: { name: string }) => e.name)).toEqual(["cache miss", "exception"]);
    expect(statement).toMatchObject({
      name: "db SELECT customer",
      status: { code: 2, message: "canceling statement due to statement timeout" },
      links: [{}, {}],
    });
    expect(root.parentSpanId).toBeUndefined();
    // Times: on the wall clock of the calls, each span ending after it starts.
    for (const span of lean) {
      const start = span.startTime[0] * 1000 + span.startTime[1] / 1e6;
      const end = span.endTime[0] * 1000 + span.endTime[1] / 1e6;
      expect(start).toBeGreaterThanOrEqual(before);
      expect(end).toBeGreaterThanOrEqual(start);
      expect(end).toBeLessThanOrEqual(after + 1);
    }
  });

  it("samples before it builds: a span left out records nothing, yet carries its trace on", () => {
    const { batch, ended } = collecting();
    let built = 0;
    const tracer = new LeanTracer({ sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0) }), ended });
    const attributes = () => {
      built++;
      return { "url.path": "/x" };
    };
    const root = tracer.start("GET /x", SpanKind.SERVER, ROOT_CONTEXT, attributes);
    const child = tracer.start("db SELECT", SpanKind.INTERNAL, trace.setSpan(ROOT_CONTEXT, root), attributes);
    expect(root.isRecording()).toBe(false);
    expect(child.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(child.spanContext().traceFlags).toBe(TraceFlags.NONE);
    // A caller that sampled its trace decides for it (parent-based).
    const sampledParent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: "0af7651916cd43dd8448eb211c80319c",
      spanId: "b7ad6b7169203331",
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    const continued = tracer.start("GET /y", SpanKind.SERVER, sampledParent, attributes);
    for (const span of [root, child, continued]) span.end();
    expect(built).toBe(1);
    expect(fromBatch(batch).map((span) => span.name)).toEqual(["GET /y"]);
    expect(continued.spanContext()).toMatchObject({ traceId: "0af7651916cd43dd8448eb211c80319c", traceFlags: TraceFlags.SAMPLED });
  });

  it("exports only sampled spans: a span a sampler records without sampling is live but not sent; suppressed tracing records nothing", () => {
    const { batch, ended } = collecting();
    const recordOnly = { shouldSample: () => ({ decision: SamplingDecision.RECORD }), toString: () => "record only" };
    const tracer = new LeanTracer({ sampler: recordOnly, ended });
    const live = tracer.start("GET /x", SpanKind.SERVER, ROOT_CONTEXT);
    expect(live.isRecording()).toBe(true);
    live.end();
    const suppressed = tracer.start("db SELECT", SpanKind.INTERNAL, suppressTracing(ROOT_CONTEXT));
    expect(suppressed.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(suppressed.spanContext())).toBe(false);
    suppressed.end();
    expect(batch).toMatchObject({ count: 0, data: [] });
  });

  it("gives random ids, never all zeros, distinct across many spans", () => {
    const tracer = new LeanTracer({ sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(1) }), ended: () => {} });
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const { traceId, spanId } = tracer.start("s", SpanKind.INTERNAL, ROOT_CONTEXT).spanContext();
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^[0-9a-f]{16}$/);
      seen.add(traceId).add(spanId);
    }
    expect(seen.size).toBe(10_000);
  });
});
