import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomHex, startOtlpReceiver } from "./support/otlp-receiver.js";
import { startTestServer, type TestServer } from "./support/server.js";

// Spans exported as OTLP/JSON (OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json), by a gateway whose sampler
// records no trace of its own choosing (OTEL_TRACES_SAMPLER=parentbased_traceidratio, ratio 0): a caller's
// sampled trace is exported, with its ids in hex as OTLP/JSON has them; a request without one is not.

const jsonSpans: { traceId: string; parentSpanId?: string; name: string }[] = [];
const contentTypes = new Set<string>();
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let server: TestServer;

beforeAll(async () => {
  receiver = await startOtlpReceiver((body, req) => {
    contentTypes.add(String(req.headers["content-type"]));
    for (const resourceSpans of JSON.parse(body.toString("utf8")).resourceSpans ?? [])
      for (const scope of resourceSpans.scopeSpans) jsonSpans.push(...scope.spans);
  });
  server = await startTestServer({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
    OTEL_BSP_SCHEDULE_DELAY: "50",
    OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
    OTEL_TRACES_SAMPLER_ARG: "0",
  });
});

afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

describe("span export as OTLP/JSON, sampled at the head", () => {
  it("exports a caller's sampled trace as JSON, and records no trace the ratio 0 leaves out", async () => {
    const path = "/tmf-api/customerManagement/v4/customer?limit=1";
    const sampled = { traceId: randomHex(16), parentId: randomHex(8) };
    expect((await server.request("GET", path, undefined, { traceparent: `00-${sampled.traceId}-${sampled.parentId}-01` })).status).toBe(200);
    expect((await server.request("GET", path)).status).toBe(200);
    await expect
      .poll(() => jsonSpans.find((s) => s.traceId === sampled.traceId && s.name === "GET /tmf-api/customerManagement/v4/customer"), { timeout: 10_000 })
      .toMatchObject({ parentSpanId: sampled.parentId });
    expect([...contentTypes]).toEqual(["application/json"]);
    await new Promise((resolve) => setTimeout(resolve, 300)); // several batch delays more
    expect(jsonSpans.filter((s) => s.traceId !== sampled.traceId)).toEqual([]);
  });
});
