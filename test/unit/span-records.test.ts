import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from "@opentelemetry/api";
import { TraceState } from "@opentelemetry/core";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { fromBatch, toBatch } from "../../src/telemetry/span-records.js";

// Spans cross to the export thread as plain data (structured clone). What the collector receives must
// not change on the way: the OTLP request OpenTelemetry's own serialiser makes of the spans rebuilt on
// the other side equals the one it makes of the SDK's spans themselves.

function endedSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "gateway", "deployment.environment": "test" }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("tmf-graphql-gateway", "1.2.3");
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    traceFlags: TraceFlags.SAMPLED,
    traceState: new TraceState("vendor=a1,other=b2"),
    isRemote: true,
  });
  const server = tracer.startSpan(
    "GET /customer/:id",
    { kind: SpanKind.SERVER, attributes: { "http.request.method": "GET", "http.response.status_code": 200 } },
    remote,
  );
  server.addEvent("cache miss", { "cache.key": "customer:1", tags: ["a", "b"] });
  const statement = tracer.startSpan(
    "db SELECT",
    {
      attributes: { "db.query.text": 'SELECT "id" FROM "customer" WHERE "id" = ANY($1)', "db.coalesced.requests": 2, cached: false },
      links: [{ context: server.spanContext(), attributes: { "link.kind": "served" } }, { context: trace.getSpanContext(remote)! }],
    },
    trace.setSpan(remote, server),
  );
  statement.setStatus({ code: SpanStatusCode.ERROR, message: "canceling statement due to statement timeout" });
  statement.end();
  server.end();
  return memory.getFinishedSpans();
}

const otlp = (spans: ReadableSpan[]) => JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)));

describe("span records", () => {
  it("rebuild, after a structured clone, spans whose OTLP export is the SDK spans' own", () => {
    const spans = endedSpans();
    const rebuilt = fromBatch(structuredClone(toBatch(spans)));
    expect(otlp(rebuilt)).toEqual(otlp(spans));
    // Not vacuous: the request carries what was recorded (trace state, remote parent, event, link, status).
    const [scope] = otlp(spans).resourceSpans[0].scopeSpans;
    expect(scope.scope).toMatchObject({ name: "tmf-graphql-gateway", version: "1.2.3" });
    const [statement, server] = scope.spans;
    expect(server).toMatchObject({ traceState: "vendor=a1,other=b2", parentSpanId: "b7ad6b7169203331", events: [{ name: "cache miss" }] });
    expect(statement).toMatchObject({ status: { code: 2, message: "canceling statement due to statement timeout" }, links: [{}, {}] });
  });
});
