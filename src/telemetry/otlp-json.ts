import { request as httpRequest, Agent as HttpAgent } from "node:http";
import { request as httpsRequest, Agent as HttpsAgent } from "node:https";
import type { AttributeValue, Attributes, HrTime, Link, SpanContext } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";

/**
 * OTLP/HTTP JSON (opentelemetry-proto's JSON mapping) written straight to text, span by span: the
 * OTLP exporter package first builds an object tree of the whole batch, then stringifies it, then
 * encodes it — three passes and a few objects per attribute on the main thread, for every batch.
 */

const json = JSON.stringify;

function value(v: AttributeValue | undefined | null): string {
  switch (typeof v) {
    case "string":
      return `{"stringValue":${json(v)}}`;
    case "number":
      return Number.isInteger(v) ? `{"intValue":${v}}` : Number.isFinite(v) ? `{"doubleValue":${v}}` : `{"stringValue":"${v}"}`;
    case "boolean":
      return `{"boolValue":${v}}`;
    default:
      return Array.isArray(v) ? `{"arrayValue":{"values":[${v.map(value).join(",")}]}}` : "{}";
  }
}

function attributes(attrs: Attributes | undefined): string {
  let out = "";
  for (const key in attrs) {
    const v = attrs[key];
    if (v === undefined) continue;
    out += `${out ? "," : ""}{"key":${json(key)},"value":${value(v)}}`;
  }
  return `[${out}]`;
}

/** Nanoseconds since the epoch as a decimal string (a double cannot hold them). */
const nanos = ([seconds, ns]: HrTime) => (seconds > 0 ? `"${seconds}${String(ns).padStart(9, "0")}"` : `"${ns}"`);

const traceState = (context: SpanContext) => (context.traceState ? `,"traceState":${json(context.traceState.serialize())}` : "");

function link(l: Link): string {
  return `{"traceId":"${l.context.traceId}","spanId":"${l.context.spanId}"${traceState(l.context)},"attributes":${attributes(l.attributes)},"droppedAttributesCount":0}`;
}

/** The span's trace flags, and whether its parent is known to be remote or local (bits 8 and 9). */
const flags = (context: SpanContext, parent: SpanContext | undefined) => (context.traceFlags & 0xff) | 0x100 | (parent?.isRemote ? 0x200 : 0);

/** One span as OTLP JSON (kind: the API's enum + 1, as the protocol numbers them). */
export function spanJson(span: ReadableSpan): string {
  const context = span.spanContext();
  const parent = span.parentSpanContext?.spanId;
  const status = span.status.message ? `{"code":${span.status.code},"message":${json(span.status.message)}}` : `{"code":${span.status.code}}`;
  const events = span.events.map((e) => `{"timeUnixNano":${nanos(e.time)},"name":${json(e.name)},"attributes":${attributes(e.attributes)},"droppedAttributesCount":${e.droppedAttributesCount ?? 0}}`);
  return (
    `{"traceId":"${context.traceId}","spanId":"${context.spanId}"${parent ? `,"parentSpanId":"${parent}"` : ""}${traceState(context)},` +
    `"name":${json(span.name)},"kind":${span.kind + 1},"startTimeUnixNano":${nanos(span.startTime)},"endTimeUnixNano":${nanos(span.endTime)},` +
    `"attributes":${attributes(span.attributes)},"droppedAttributesCount":${span.droppedAttributesCount},` +
    `"events":[${events.join(",")}],"droppedEventsCount":${span.droppedEventsCount},"status":${status},` +
    `"links":[${span.links.map(link).join(",")}],"droppedLinksCount":${span.droppedLinksCount},"flags":${flags(context, span.parentSpanContext)}}`
  );
}

/** An export request: the spans grouped by resource, then by instrumentation scope. */
export function exportRequestJson(spans: readonly ReadableSpan[]): string {
  const byResource = new Map<ReadableSpan["resource"], Map<string, string[]>>();
  for (const span of spans) {
    let scopes = byResource.get(span.resource);
    if (!scopes) byResource.set(span.resource, (scopes = new Map()));
    const { name, version, schemaUrl } = span.instrumentationScope;
    const scope = `{"name":${json(name)}${version ? `,"version":${json(version)}` : ""}}${schemaUrl ? `,"schemaUrl":${json(schemaUrl)}` : ""}`;
    let list = scopes.get(scope);
    if (!list) scopes.set(scope, (list = []));
    list.push(spanJson(span));
  }
  const resources = [...byResource].map(([resource, scopes]) => {
    const scopeSpans = [...scopes].map(([scope, list]) => `{"scope":${scope},"spans":[${list.join(",")}]}`);
    return `{"resource":{"attributes":${attributes(resource.attributes)},"droppedAttributesCount":0},"scopeSpans":[${scopeSpans.join(",")}]}`;
  });
  return `{"resourceSpans":[${resources.join(",")}]}`;
}

/**
 * Sends batches of spans to an OTLP/HTTP traces endpoint as JSON, over kept-alive connections, one
 * request per batch (the batch processor sends one at a time); a batch the receiver does not take
 * within `timeoutMs` (or refuses) is dropped, as the batch processor drops what overflows its queue.
 */
export class OtlpJsonExporter implements SpanExporter {
  private readonly target: URL;
  private readonly agent: HttpAgent;
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    url: string,
    private readonly headers: Record<string, string>,
    private readonly timeoutMs = 10_000,
  ) {
    this.target = new URL(url);
    this.agent = this.target.protocol === "https:" ? new HttpsAgent({ keepAlive: true, maxSockets: 2 }) : new HttpAgent({ keepAlive: true, maxSockets: 2 });
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    if (this.stopped) return done({ code: ExportResultCode.FAILED, error: new Error("exporter shut down") });
    const sent = this.send(exportRequestJson(spans)).then(
      () => done({ code: ExportResultCode.SUCCESS }),
      (error: Error) => done({ code: ExportResultCode.FAILED, error }),
    );
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  private send(body: string): Promise<void> {
    const request = this.target.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(this.target, {
        method: "POST",
        agent: this.agent,
        timeout: this.timeoutMs,
        headers: { ...this.headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      }, (res) => {
        res.resume();
        res.on("end", () => ((res.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`OTLP receiver answered ${res.statusCode}`))));
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`OTLP export timed out after ${this.timeoutMs} ms`)));
      req.on("error", reject);
      req.end(body);
    });
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.pending);
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.forceFlush();
    this.agent.destroy();
  }
}
