import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { type BatchExporter, SpanBatcher } from "../../src/telemetry/span-batcher.js";
import { fromBatch, pushSpan, type SpanBatch } from "../../src/telemetry/span-records.js";

// The batch span processor's rules on records: a full batch leaves at once, one export at a time,
// a bounded queue that drops (and says so) rather than grows, and a flush that leaves nothing behind.

const CONTEXT = { traceId: "a".repeat(32), spanId: "b".repeat(16), traceFlags: 1 };
const span = (n: number) => ({
  writeTo: (out: unknown[]) => pushSpan(out, `s${n}`, SpanKind.INTERNAL, CONTEXT, undefined, 0, 1, { code: SpanStatusCode.UNSET }, [], [], [], [], 0, 0),
});
/** The names of a batch's spans. */
const names = (batch: SpanBatch) => fromBatch(batch).map((s) => s.name);
const HEAD = { resource: { attributes: { "service.name": "t" } }, scope: { name: "t" } };

/** An exporter whose exports settle when the test says. */
function gated() {
  const batches: SpanBatch[] = [];
  const pending: (() => void)[] = [];
  let fail = false;
  const exporter: BatchExporter = {
    export: (batch) =>
      new Promise((resolve, reject) => {
        batches.push(batch);
        pending.push(() => (fail ? reject(new Error("collector unavailable")) : resolve()));
      }),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const settle = async () => {
    for (const done of pending.splice(0)) done();
    await new Promise((r) => setImmediate(r));
  };
  return { exporter, batches, settle, failing: (f: boolean) => (fail = f) };
}

describe("span batcher", () => {
  it("sends a full batch at once, one export at a time, and drops beyond the queue's bound", async () => {
    const { exporter, batches, settle } = gated();
    const warnings: string[] = [];
    const batcher = new SpanBatcher(exporter, HEAD, { scheduleDelayMs: 600_000, maxExportBatchSize: 4, maxQueueSize: 8 }, (m) => warnings.push(m));
    for (let i = 0; i < 4; i++) batcher.add(span(i));
    expect(batches.map((b) => b.count)).toEqual([4]);
    // While that export is in flight, spans wait; the queue holds 8, the rest are dropped.
    for (let i = 4; i < 14; i++) batcher.add(span(i));
    expect(batches).toHaveLength(1);
    expect(warnings).toEqual([expect.stringContaining("OTEL_BSP_MAX_QUEUE_SIZE=8")]);
    await settle();
    expect(batches.map(names)).toEqual([
      ["s0", "s1", "s2", "s3"],
      ["s4", "s5", "s6", "s7"],
    ]);
    expect(warnings[1]).toBe("2 span(s) were dropped while the span queue was full");
    await settle();
    expect(names(batches[2]!)).toEqual(["s8", "s9", "s10", "s11"]);
    expect(batches[2]!.resource).toEqual(HEAD.resource);
  });

  it("flushes every span left, and after shutdown takes no more", async () => {
    const { exporter, batches, settle } = gated();
    const batcher = new SpanBatcher(exporter, HEAD, { scheduleDelayMs: 600_000, maxExportBatchSize: 4, maxQueueSize: 100 });
    for (let i = 0; i < 6; i++) batcher.add(span(i));
    const flushed = batcher.shutdown();
    while (batches.length < 2) await settle();
    await settle();
    await flushed;
    expect(batches.map((b) => b.count)).toEqual([4, 2]);
    batcher.add(span(99));
    await settle();
    expect(batches).toHaveLength(2);
  });

  it("sends what waited the schedule delay, and tells of failed exports once, then of the recovery", async () => {
    const { exporter, batches, settle, failing } = gated();
    const warnings: string[] = [];
    const batcher = new SpanBatcher(exporter, HEAD, { scheduleDelayMs: 20, maxExportBatchSize: 512, maxQueueSize: 2048 }, (m) => warnings.push(m));
    failing(true);
    for (let round = 0; round < 3; round++) {
      batcher.add(span(round));
      await expect.poll(() => batches.length).toBe(round + 1);
      await settle();
    }
    expect(warnings).toEqual(["span export failed (collector unavailable); the batch is dropped"]);
    failing(false);
    batcher.add(span(3));
    await expect.poll(() => batches.length).toBe(4);
    await settle();
    expect(warnings[1]).toBe("spans are exported again, after 3 failed export(s)");
  });
});
