import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeTraceExport } from "./support/otlp-protobuf.js";
import { randomHex, startOtlpReceiver } from "./support/otlp-receiver.js";
import { startTestServer, type TestServer } from "./support/server.js";

// The batch processor's standard variables hold: OTEL_BSP_MAX_EXPORT_BATCH_SIZE sends a batch as soon
// as it is full (not at the end of OTEL_BSP_SCHEDULE_DELAY, ten minutes here) and never a larger one.

const BATCH = 4;
/** Spans per export request the receiver got. */
const exports: number[] = [];
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let server: TestServer;

beforeAll(async () => {
  receiver = await startOtlpReceiver((body) => {
    let count = 0;
    for (const resourceSpans of decodeTraceExport(body).resourceSpans) for (const scope of resourceSpans.scopeSpans) count += scope.spans.length;
    exports.push(count);
  });
  server = await startTestServer({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: "600000",
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: String(BATCH),
  });
});

afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

describe("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", () => {
  it("exports a full batch at once, and no batch larger than the size", async () => {
    const created = await server.request("POST", "/tmf-api/customerManagement/v4/customer", {
      name: "Batched",
      engagedParty: { id: "o", "@referredType": "Organization" },
    });
    expect(created.status).toBe(201);
    // Each sampled GET by id ends two spans (the request's and its statement's): five fill two batches.
    for (let i = 0; i < 5; i++) {
      const res = await server.request("GET", `/tmf-api/customerManagement/v4/customer/${created.body.id}`, undefined, {
        traceparent: `00-${randomHex(16)}-${randomHex(8)}-01`,
      });
      expect(res.status).toBe(200);
    }
    await expect.poll(() => exports.reduce((a, b) => a + b, 0), { timeout: 10_000, interval: 50 }).toBeGreaterThanOrEqual(2 * BATCH);
    expect(exports.every((count) => count > 0 && count <= BATCH)).toBe(true);
  });
});
