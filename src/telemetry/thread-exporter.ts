import { Worker } from "node:worker_threads";
import type { OtlpTarget } from "./otlp-exporter.js";
import type { BatchExporter } from "./span-batcher.js";
import type { SpanBatch } from "./span-records.js";

type Request = { type: "export"; batch: SpanBatch } | { type: "flush" } | { type: "shutdown" };
export type ToExportThread = { id: number } & Request;
interface FromExportThread {
  id: number;
  error?: string;
}

const ENTRY = new URL("./export-thread.mjs", import.meta.url);
/**
 * The thread's heap: batches in flight (at most the processor's queue, and the exporter's concurrent
 * requests) are a few MB. Without node flags of its own it would take the service's young generation.
 */
const LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 128 };

/**
 * An exporter whose serialisation and HTTP run on a thread of their own: the request thread only
 * copies each batch's span records across (`postMessage`), which costs a fraction of OTLP encoding,
 * and goes back to requests. The batcher decides when a batch leaves. A thread that dies fails its
 * pending batches; the next batch starts a new one.
 */
export class ThreadSpanExporter implements BatchExporter {
  private worker?: Worker;
  private readonly waiting = new Map<number, (error?: string) => void>();
  private nextId = 0;
  private stopped = false;

  constructor(
    private readonly target: OtlpTarget,
    /** Told when the thread stops other than by `shutdown`; its pending batches failed. */
    private readonly warn: (message: string) => void = () => {},
  ) {}

  export(batch: SpanBatch): Promise<void> {
    return new Promise((resolve, reject) => this.send({ type: "export", batch }, (error) => (error === undefined ? resolve() : reject(new Error(error)))));
  }

  forceFlush(): Promise<void> {
    return this.worker ? new Promise((resolve) => this.send({ type: "flush" }, () => resolve())) : Promise.resolve();
  }

  async shutdown(): Promise<void> {
    if (this.worker) await new Promise<void>((resolve) => this.send({ type: "shutdown" }, () => resolve()));
    this.stopped = true;
    await this.worker?.terminate();
  }

  private send(request: Request, settle: (error?: string) => void): void {
    if (this.stopped) {
      settle("the exporter is shut down");
      return;
    }
    const id = this.nextId++;
    this.waiting.set(id, settle);
    this.thread().postMessage({ id, ...request });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(ENTRY, { workerData: this.target, execArgv: [], resourceLimits: LIMITS });
    worker.unref();
    worker.on("message", ({ id, error }: FromExportThread) => {
      this.waiting.get(id)?.(error);
      this.waiting.delete(id);
    });
    let failure = "export thread stopped";
    worker.on("error", (err) => (failure = `export thread failed: ${err.message}`));
    worker.on("exit", () => {
      if (this.worker === worker) this.worker = undefined;
      if (!this.stopped) this.warn(`${failure}; ${this.waiting.size} pending export(s) failed`);
      for (const settle of this.waiting.values()) settle(failure);
      this.waiting.clear();
    });
    this.worker = worker;
    return worker;
  }
}
