import type { EndedSpan } from "./lean-tracer.js";
import type { SpanBatch, SpanData } from "./span-records.js";

export interface BatchOptions {
  /** OTEL_BSP_SCHEDULE_DELAY: how long a span waits for its batch. */
  scheduleDelayMs: number;
  /** OTEL_BSP_MAX_EXPORT_BATCH_SIZE: spans per export at most; a full batch leaves at once. */
  maxExportBatchSize: number;
  /** OTEL_BSP_MAX_QUEUE_SIZE: spans waiting at most; more are dropped. */
  maxQueueSize: number;
}

/** Where batches go (the export thread); the promise settles when the collector has answered. */
export interface BatchExporter {
  export(batch: SpanBatch): Promise<void>;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** OTEL_BSP_EXPORT_TIMEOUT's default: an export that has not settled by then no longer holds the next one back. */
const EXPORT_TIMEOUT_MS = 30_000;

/** A batch being filled: its spans' data, and how many they are. */
interface Filling {
  count: number;
  data: SpanData;
}

/**
 * The batch span processor of the specification (OpenTelemetry's `BatchSpanProcessor`, on span data):
 * ended spans wait in a bounded queue, and leave in batches, one export at a time, when a batch is
 * full or when the oldest has waited the schedule delay. What the queue cannot hold is dropped and
 * counted, never kept: the memory spans take is bounded whatever the collector does. The queue is
 * a list of batches being filled: a span is written into the last one when it ends.
 */
export class SpanBatcher {
  private queue: Filling[] = [];
  private queued = 0;
  private timer?: NodeJS.Timeout;
  private exporting?: Promise<void>;
  private dropped = 0;
  /** Exports failed in a row (the first is told, and the recovery). */
  private failures = 0;
  private closed = false;

  constructor(
    private readonly exporter: BatchExporter,
    private readonly head: Omit<SpanBatch, "count" | "data">,
    private readonly options: BatchOptions,
    /** Told when spans start to be dropped, and how many were once the queue has room again. */
    private readonly warn: (message: string) => void = () => {},
  ) {}

  /** Queues an ended span (the tracer's `ended`). */
  readonly add = (span: EndedSpan): void => {
    if (this.closed) return;
    if (this.queued >= this.options.maxQueueSize) {
      if (this.dropped++ === 0) this.warn(`the span queue is full (OTEL_BSP_MAX_QUEUE_SIZE=${this.options.maxQueueSize}): spans are dropped`);
      return;
    }
    let last = this.queue[this.queue.length - 1];
    if (!last || last.count >= this.options.maxExportBatchSize) this.queue.push((last = { count: 0, data: [] }));
    span.writeTo(last.data);
    last.count++;
    this.queued++;
    this.schedule();
  };

  /** Exports every queued span, then waits for the exporter's own flush. */
  async forceFlush(): Promise<void> {
    while (this.exporting || this.queued) {
      this.stopTimer();
      await (this.exporting ?? this.exportOne());
    }
    await this.exporter.forceFlush();
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    this.closed = true;
    await this.exporter.shutdown();
  }

  private schedule(): void {
    if (this.exporting || !this.queued) return;
    if (this.queued >= this.options.maxExportBatchSize) {
      this.stopTimer();
      void this.exportOne();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        if (!this.exporting) void this.exportOne();
      }, this.options.scheduleDelayMs).unref();
    }
  }

  private exportOne(): Promise<void> {
    const batch = this.queue.shift();
    if (!batch) return Promise.resolve();
    this.queued -= batch.count;
    if (this.dropped) {
      this.warn(`${this.dropped} span(s) were dropped while the span queue was full`);
      this.dropped = 0;
    }
    let timeout: NodeJS.Timeout | undefined;
    const settled = Promise.race([
      this.exporter.export({ ...this.head, ...batch }),
      new Promise<void>(
        (_resolve, reject) => (timeout = setTimeout(() => reject(new Error(`no answer in ${EXPORT_TIMEOUT_MS} ms`)), EXPORT_TIMEOUT_MS).unref()),
      ),
    ])
      .then(
        () => {
          if (this.failures) this.warn(`spans are exported again, after ${this.failures} failed export(s)`);
          this.failures = 0;
        },
        (err: Error) => {
          if (this.failures++ === 0) this.warn(`span export failed (${err.message}); the batch is dropped`);
        },
      )
      .finally(() => {
        clearTimeout(timeout);
        this.exporting = undefined;
        this.schedule();
      });
    this.exporting = settled;
    return settled;
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
