// The OTLP/HTTP span exporter, in a worker thread of its own (src/telemetry/worker-exporter.ts): the
// spans' OTLP JSON is built, encoded and sent here, off the thread that serves requests. Plain
// JavaScript: a worker does not inherit every loader of the main thread.
import { parentPort, workerData } from "node:worker_threads";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";

const { url, headers } = workerData;
const exporter = new OTLPTraceExporter({ url, headers });
/** The provider's resource, as the batches carry its attributes (the same every time: built once). */
let resource;

const contextOf = (c) => ({ traceId: c.traceId, spanId: c.spanId, traceFlags: c.traceFlags, isRemote: c.isRemote, traceState: c.traceState === undefined ? undefined : { serialize: () => c.traceState } });

/** A span as the main thread sent it (worker-exporter.ts `plainSpan`), as the exporter reads a ReadableSpan. */
const readable = (s) => ({
  ...s,
  spanContext: () => contextOf(s.context),
  parentSpanContext: s.parentContext && contextOf(s.parentContext),
  links: s.links.map((link) => ({ ...link, context: contextOf(link.context) })),
  resource,
});

parentPort.on("message", (message) => {
  const reply = (result) => parentPort.postMessage({ id: message.id, code: result?.code ?? 0, error: result?.error?.message });
  if (message.spans) {
    resource ??= resourceFromAttributes(message.resource);
    exporter.export(message.spans.map(readable), reply);
  }
  else if (message.flush) exporter.forceFlush().then(() => reply(), (error) => reply({ code: 1, error }));
  else if (message.shutdown) exporter.shutdown().then(() => reply(), (error) => reply({ code: 1, error }));
});
