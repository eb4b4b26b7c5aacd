import { OTLPExporterBase } from "@opentelemetry/otlp-exporter-base";
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from "@opentelemetry/otlp-exporter-base/node-http";
import { type IExportTraceServiceResponse, type ISerializer, JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { encodeTraceRequest } from "./otlp-protobuf.js";
import { fromBatch, type SpanBatch } from "./span-records.js";

/** Where and how spans are sent (the part of the tracing configuration the export thread needs). */
export interface OtlpTarget {
  url: string;
  headers: Record<string, string>;
  /** `http/protobuf` sends half JSON's bytes, for less CPU per span. */
  protocol: "http/protobuf" | "http/json";
}

const PROTOBUF: ISerializer<SpanBatch, IExportTraceServiceResponse> = {
  serializeRequest: encodeTraceRequest,
  deserializeResponse: ProtobufTraceSerializer.deserializeResponse,
};
const JSON_: ISerializer<SpanBatch, IExportTraceServiceResponse> = {
  serializeRequest: (batch) => JsonTraceSerializer.serializeRequest(fromBatch(batch)),
  deserializeResponse: JsonTraceSerializer.deserializeResponse,
};

/**
 * OpenTelemetry's OTLP/HTTP exporter (its transport: the OTEL_EXPORTER_OTLP_* timeout, compression,
 * headers and certificates, retries, the concurrency limit) on span batches: protobuf is written from
 * the records directly (otlp-protobuf.ts), JSON by the SDK's serialiser.
 */
export function otlpExporter({ url, headers, protocol }: OtlpTarget): OTLPExporterBase<SpanBatch> {
  const json = protocol === "http/json";
  const options = convertLegacyHttpOptions({ url, headers }, "TRACES", "v1/traces", { "Content-Type": json ? "application/json" : "application/x-protobuf" });
  const spans = { name: "span" as const, countItems: (batch: SpanBatch) => batch.count };
  return new OTLPExporterBase(createOtlpHttpExportDelegate(options, json ? JSON_ : PROTOBUF, "otlp_http_span_exporter", spans, undefined));
}
