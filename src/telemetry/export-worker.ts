import { parentPort, workerData } from "node:worker_threads";
import { otlpExporter, type OtlpTarget } from "./otlp-exporter.js";
import { ExportResultCode } from "@opentelemetry/core";
import type { ToExportThread } from "./thread-exporter.js";

// The export thread: serialises the batches the request thread sends and posts them to the
// collector with OpenTelemetry's OTLP/HTTP transport, then answers each message with its outcome.
const exporter = otlpExporter(workerData as OtlpTarget);
const port = parentPort!;

port.on("message", (message: ToExportThread) => {
  const answer = (error?: unknown) => port.postMessage({ id: message.id, error: error === undefined ? undefined : String((error as Error)?.message ?? error) });
  if (message.type === "export") {
    exporter.export(message.batch, (result) => answer(result.code === ExportResultCode.SUCCESS ? undefined : (result.error ?? "export failed")));
  } else {
    const done = message.type === "flush" ? (exporter.forceFlush?.() ?? Promise.resolve()) : exporter.shutdown();
    done.then(() => answer(), answer);
  }
});
