import { randomFillSync } from "node:crypto";
import {
  type Attributes,
  type AttributeValue,
  type Context,
  type Exception,
  INVALID_SPAN_CONTEXT,
  type Link,
  type Span,
  type SpanContext,
  SpanKind,
  type SpanOptions,
  type SpanStatus,
  SpanStatusCode,
  type TimeInput,
  TraceFlags,
  type Tracer,
  type TracerProvider,
  context as contexts,
  trace,
} from "@opentelemetry/api";
import { hrTimeToMilliseconds, isTimeInput, isTracingSuppressed, timeInputToHrTime } from "@opentelemetry/core";
import { type Sampler, SamplingDecision } from "@opentelemetry/sdk-trace-base";
import { pushSpan, type SpanData, type SpanEvent } from "./span-records.js";

/**
 * A tracer that records what this service's spans hold and nothing more: a span is a few fields until
 * it ends; then `ended` (the batcher) has it write itself into its batch's data (span-records.ts),
 * which goes to the export thread as it is. OpenTelemetry's SDK span (`SpanImpl`, its processors and
 * `ReadableSpan`) cost about twice as much on the request thread, and had to be copied into plain data
 * again to leave it (docs/operations.md, Tracing). The sampler is the SDK's (OTEL_TRACES_SAMPLER), and what reaches the
 * collector is what the SDK would send for the same calls (test/unit/lean-tracer.test.ts).
 */

/** OpenTelemetry's default span limits: links and events beyond them are dropped and counted. */
const LINK_LIMIT = 128;
const EVENT_LIMIT = 128;

const POOL_BYTES = 8192;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let used = POOL_BYTES;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/** `bytes` random bytes as hex, never all zeros (an invalid id): one system call per 8 KiB of ids. */
function randomHex(bytes: number, zero: string): string {
  for (;;) {
    if (used + bytes > POOL_BYTES) {
      randomFillSync(pool);
      used = 0;
    }
    const hex = pool.toString("hex", used, (used += bytes));
    if (hex !== zero) return hex;
  }
}

export const ids = { traceId: () => randomHex(16, ZERO_TRACE), spanId: () => randomHex(8, ZERO_SPAN) };

/** An API `TimeInput` (epoch ms, `performance.now()`, a Date, an `HrTime`) as epoch ms. */
const epochMs = (time: TimeInput): number => hrTimeToMilliseconds(timeInputToHrTime(time));

/** A span that has ended, for the batcher: it writes itself where its batch is kept. */
export interface EndedSpan {
  writeTo(out: SpanData): void;
}

export interface LeanTracerOptions {
  sampler: Sampler;
  /** Given each sampled span when it ends. */
  ended: (span: EndedSpan) => void;
  /** Tests fix them; otherwise random. */
  ids?: typeof ids;
}

const ignore = () => {};
const UNSET: SpanStatus = { code: SpanStatusCode.UNSET };

const NONE: never[] = [];

class LeanSpan implements Span, EndedSpan {
  /** Attributes as the batch keeps them: keys, and their values at the same index. */
  private readonly keys: string[] = [];
  private readonly values: AttributeValue[] = [];
  private links?: Link[];
  private events?: SpanEvent[];
  private status: SpanStatus = UNSET;
  private droppedLinks = 0;
  private droppedEvents = 0;
  private ended = false;
  private durationMs = 0;
  /** Wall-clock start (as the SDK: `Date.now()`), and the monotonic one the duration is measured from. */
  private readonly startMs = Date.now();
  private readonly startPerf = performance.now();

  constructor(
    private readonly done: (span: EndedSpan) => void,
    private name: string,
    private readonly kind: SpanKind,
    private readonly context: SpanContext,
    private readonly parent: SpanContext | undefined,
  ) {}

  spanContext(): SpanContext {
    return this.context;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (this.ended || value === undefined || value === null || !key) return this;
    const at = this.keys.indexOf(key);
    if (at === -1) {
      this.keys.push(key);
      this.values.push(value);
    } else this.values[at] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    this.events ??= [];
    if (this.events.length >= EVENT_LIMIT) {
      this.droppedEvents++;
      return this;
    }
    const timeGiven = isTimeInput(attributesOrTime);
    const at = epochMs(timeGiven ? (attributesOrTime as TimeInput) : (time ?? Date.now()));
    this.events.push([name, at, timeGiven ? undefined : (attributesOrTime as Attributes | undefined)]);
    return this;
  }

  addLink(link: Link): this {
    if (this.ended) return this;
    this.links ??= [];
    if (this.links.length >= LINK_LIMIT) this.droppedLinks++;
    else this.links.push(link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  /** As the specification says: UNSET changes nothing, and OK is final. */
  setStatus(status: SpanStatus): this {
    if (this.ended || status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    this.status =
      status.code === SpanStatusCode.ERROR && typeof status.message === "string" ? { code: status.code, message: status.message } : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  isRecording(): boolean {
    return !this.ended;
  }

  /** The `exception` event of the semantic conventions (type, message, stack trace), as the SDK records it. */
  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === "string") attributes["exception.message"] = exception;
    else if (exception) {
      const type = exception.code ?? exception.name;
      if (type) attributes["exception.type"] = String(type);
      if (exception.message) attributes["exception.message"] = exception.message;
      if (exception.stack) attributes["exception.stacktrace"] = exception.stack;
    }
    if (attributes["exception.type"] || attributes["exception.message"]) this.addEvent("exception", attributes, time);
  }

  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.ended = true;
    this.durationMs = endTime === undefined ? performance.now() - this.startPerf : Math.max(0, epochMs(endTime) - this.startMs);
    this.done(this);
  }

  writeTo(out: SpanData): void {
    pushSpan(
      out,
      this.name,
      this.kind,
      this.context,
      this.parent,
      this.startMs,
      this.durationMs,
      this.status,
      this.keys,
      this.values,
      this.links ?? NONE,
      this.events ?? NONE,
      this.droppedLinks,
      this.droppedEvents,
    );
  }
}

export class LeanTracer implements Tracer {
  private readonly ids: typeof ids;

  constructor(readonly options: LeanTracerOptions) {
    this.ids = options.ids ?? ids;
  }

  /**
   * A span, a child of the span in `parent` (if any); recorded if the sampler says so, else a
   * non-recording span that carries its ids on (as the SDK's). `attributes` may be a function: it is
   * called only for a recorded span.
   */
  start(name: string, kind: SpanKind, parent: Context, attributes?: Attributes | (() => Attributes), links?: readonly Link[]): Span {
    if (isTracingSuppressed(parent)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const parentContext = trace.getSpanContext(parent);
    const valid = parentContext !== undefined && trace.isSpanContextValid(parentContext);
    const spanId = this.ids.spanId();
    const traceId = valid ? parentContext.traceId : this.ids.traceId();
    const eager = typeof attributes === "function" ? undefined : attributes;
    const sampled = this.options.sampler.shouldSample(parent, traceId, name, kind, eager ?? {}, (links ?? []) as Link[]);
    const traceState = sampled.traceState ?? (valid ? parentContext.traceState : undefined);
    const recorded = sampled.decision !== SamplingDecision.NOT_RECORD;
    const traceFlags = sampled.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE;
    const context: SpanContext = traceState ? { traceId, spanId, traceFlags, traceState } : { traceId, spanId, traceFlags };
    if (!recorded) return trace.wrapSpanContext(context);
    // Recorded but not sampled (a sampler's RECORD): the span is live, as the API wants, but not exported.
    const done = traceFlags === TraceFlags.SAMPLED ? this.options.ended : ignore;
    const span = new LeanSpan(done, name, kind, context, valid ? parentContext : undefined);
    if (links) span.addLinks(links as Link[]);
    span.setAttributes(typeof attributes === "function" ? attributes() : (attributes ?? {}));
    if (sampled.attributes) span.setAttributes(sampled.attributes);
    return span;
  }

  startSpan(name: string, options: SpanOptions = {}, parent: Context = contexts.active()): Span {
    return this.start(name, options.kind ?? SpanKind.INTERNAL, options.root ? trace.deleteSpan(parent) : parent, options.attributes, options.links);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...args: unknown[]): ReturnType<F> {
    const fn = args.pop() as F;
    const [options, parent = contexts.active()] = args as [SpanOptions | undefined, Context | undefined];
    const span = this.startSpan(name, options, parent);
    return contexts.with(trace.setSpan(parent, span), () => fn(span)) as ReturnType<F>;
  }
}

/** A provider of the one lean tracer (whatever name is asked), for the API's global registration. */
export const leanProvider = (tracer: LeanTracer): TracerProvider => ({ getTracer: () => tracer });
