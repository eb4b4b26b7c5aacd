import { Worker } from "node:worker_threads";
import type { SpanContext } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";

export interface WorkerExporterOptions {
  url: string;
  headers: Record<string, string>;
}

const plainContext = (c: SpanContext & { isRemote?: boolean }) => ({ traceId: c.traceId, spanId: c.spanId, traceFlags: c.traceFlags, isRemote: c.isRemote, traceState: c.traceState?.serialize() });

/** What a worker needs of a span to export it: its data only (the resource is the worker's). */
function plainSpan(span: ReadableSpan) {
  return {
    name: span.name,
    kind: span.kind,
    context: plainContext(span.spanContext()),
    parentContext: span.parentSpanContext && plainContext(span.parentSpanContext),
    startTime: span.startTime,
    endTime: span.endTime,
    duration: span.duration,
    ended: span.ended,
    status: span.status,
    attributes: span.attributes,
    links: span.links.map((link) => ({ attributes: link.attributes, droppedAttributesCount: link.droppedAttributesCount, context: plainContext(link.context) })),
    events: span.events,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/**
 * The BatchSpanProcessor's exporter: each batch is handed to a worker thread
 * (span-export-worker.mjs) that builds its OTLP JSON and sends it over OTLP/HTTP, so encoding and
 * sending spans never run on the thread that serves requests. A batch is done (the processor
 * sends the next) when the worker says its export is.
 */
export class WorkerSpanExporter implements SpanExporter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (result: ExportResult) => void>();
  private nextId = 0;
  private exited = false;

  constructor(options: WorkerExporterOptions) {
    this.worker = new Worker(new URL("./span-export-worker.mjs", import.meta.url), { workerData: options, execArgv: [] });
    this.worker.unref();
    this.worker.on("message", ({ id, code, error }: { id: number; code: ExportResultCode; error?: string }) => {
      const done = this.pending.get(id);
      this.pending.delete(id);
      done?.({ code, error: error === undefined ? undefined : new Error(error) });
    });
    this.worker.on("error", (error) => this.failAll(error));
    this.worker.on("exit", () => {
      this.exited = true;
      this.failAll(new Error("the span export worker exited"));
    });
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    // The resource is the provider's (service.name, telemetry.sdk.*): sent with each batch, a few attributes.
    this.send({ spans: spans.map(plainSpan), resource: spans[0]?.resource.attributes ?? {} }, resultCallback);
  }

  forceFlush(): Promise<void> {
    return new Promise((resolve) => this.send({ flush: true }, () => resolve()));
  }

  async shutdown(): Promise<void> {
    await new Promise<void>((resolve) => this.send({ shutdown: true }, () => resolve()));
    this.exited = true;
    await this.worker.terminate();
  }

  private send(message: object, done: (result: ExportResult) => void): void {
    if (this.exited) return done({ code: ExportResultCode.FAILED, error: new Error("the span export worker exited") });
    const id = this.nextId++;
    this.pending.set(id, done);
    this.worker.postMessage({ id, ...message });
  }

  private failAll(error: Error): void {
    for (const done of this.pending.values()) done({ code: ExportResultCode.FAILED, error });
    this.pending.clear();
  }
}
