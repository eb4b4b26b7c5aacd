import { describe, expect, it } from "vitest";
import { tracingConfig } from "../../src/telemetry/tracing.js";

// The OTLP export's encoding follows the standard variables: the traces-specific one wins over the
// general one; protobuf unless JSON is asked for (the OTLP exporter specification's default).
describe("OTLP protocol", () => {
  const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };

  it("is protobuf by default", () => {
    expect(tracingConfig(endpoint)).toMatchObject({ url: "http://collector:4318/v1/traces", protocol: "http/protobuf" });
  });

  it("is JSON when OTEL_EXPORTER_OTLP_PROTOCOL says so", () => {
    expect(tracingConfig({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json" }).protocol).toBe("http/json");
  });

  it("follows OTEL_EXPORTER_OTLP_TRACES_PROTOCOL over the general variable", () => {
    expect(tracingConfig({ ...endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf" }).protocol).toBe(
      "http/protobuf",
    );
    expect(tracingConfig({ ...endpoint, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json" }).protocol).toBe("http/json");
  });
});

describe("batch processor variables", () => {
  const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };

  it("take the specification's defaults, and ignore what is not a positive integer", () => {
    expect(tracingConfig(endpoint)).toMatchObject({ maxExportBatchSize: 512, maxQueueSize: 2048 });
    expect(tracingConfig({ ...endpoint, OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "0", OTEL_BSP_MAX_QUEUE_SIZE: "1.5" })).toMatchObject({
      maxExportBatchSize: 512,
      maxQueueSize: 2048,
    });
    expect(tracingConfig({ ...endpoint, OTEL_BSP_MAX_EXPORT_BATCH_SIZE: "64", OTEL_BSP_MAX_QUEUE_SIZE: "4096" })).toMatchObject({
      maxExportBatchSize: 64,
      maxQueueSize: 4096,
    });
  });
});

describe("sampler variables", () => {
  const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" };

  it("default to parentbased_always_on, and take the specification's names and a ratio in [0, 1]", () => {
    expect(tracingConfig(endpoint).sampler).toEqual({ name: "parentbased_always_on", ratio: 1 });
    expect(tracingConfig({ ...endpoint, OTEL_TRACES_SAMPLER: "parentbased_traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.1" }).sampler).toEqual({
      name: "parentbased_traceidratio",
      ratio: 0.1,
    });
    expect(tracingConfig({ ...endpoint, OTEL_TRACES_SAMPLER: "always_off" }).sampler.name).toBe("always_off");
  });

  it("fall back to the defaults on a ratio out of range and on a sampler this service does not have, and say which", () => {
    expect(tracingConfig({ ...endpoint, OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "1.5" }).sampler).toEqual({
      name: "traceidratio",
      ratio: 1,
    });
    expect(tracingConfig({ ...endpoint, OTEL_TRACES_SAMPLER: "jaeger_remote" }).sampler).toEqual({
      name: "parentbased_always_on",
      ratio: 1,
      unsupported: "jaeger_remote",
    });
  });
});
