import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";

/** Where and how spans are sent (the part of the tracing configuration the export thread needs). */
export interface OtlpTarget {
  url: string;
  headers: Record<string, string>;
  /** `http/protobuf` sends half JSON's bytes, for less CPU per span. */
  protocol: "http/protobuf" | "http/json";
}

/** The OpenTelemetry OTLP/HTTP exporter of `target.protocol`. */
export function otlpExporter({ url, headers, protocol }: OtlpTarget): SpanExporter {
  return protocol === "http/json" ? new JsonTraceExporter({ url, headers }) : new ProtobufTraceExporter({ url, headers });
}
