import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, type Sampler, TraceIdRatioBasedSampler } from "@opentelemetry/sdk-trace-base";
import { LeanTracer, leanProvider } from "./lean-tracer.js";
import { ScopedContextManager } from "./scoped-context.js";
import { SpanBatcher } from "./span-batcher.js";
import { ThreadSpanExporter } from "./thread-exporter.js";

/**
 * OpenTelemetry traces, off unless an OTLP endpoint is configured by the standard variables
 * (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces; OTEL_SDK_DISABLED
 * wins). Spans are recorded by a lean tracer (lean-tracer.ts), sampled by OTEL_TRACES_SAMPLER before anything
 * is built, and exported over OTLP/HTTP (protobuf, or JSON) in batches, serialised and sent by a thread of
 * their own. While off, every helper here runs its work directly: no span, no context switch.
 *
 * A request's trace context travels explicitly (`TraceParent`: the server span, then the operation's, in the
 * GraphQL context; the loaders and the read statements take it from there), not in OpenTelemetry's async
 * context. On Node < 24 that context is an AsyncLocalStorage run on promise hooks, which, once entered,
 * cost every promise of the process (≈ 50 per REST read) whether a trace is sampled or not. Only writes and
 * the event dispatcher still enter it (`inSpan` without `explicit`, `inTraceOf`: services and the outbox find
 * their trace there); it is left again when the last of them ends (ScopedContextManager), so reads pay
 * nothing while no write is in flight.
 */

export interface TracingConfig {
  /** The OTLP/HTTP traces URL; undefined: tracing off. */
  url?: string;
  headers: Record<string, string>;
  serviceName: string;
  resourceAttributes: Record<string, string>;
  /** OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL: `http/protobuf` (the default) or `http/json`. */
  protocol: "http/protobuf" | "http/json";
  /** OTEL_BSP_SCHEDULE_DELAY: how long spans wait for their batch. */
  scheduleDelayMs: number;
  /** OTEL_BSP_MAX_EXPORT_BATCH_SIZE: spans per export at most (a full batch is exported at once). */
  maxExportBatchSize: number;
  /** OTEL_BSP_MAX_QUEUE_SIZE: spans waiting at most (more are dropped). */
  maxQueueSize: number;
  /** OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG; `unsupported`: a value given that is not one of these. */
  sampler: { name: SamplerName; ratio: number; unsupported?: string };
}

const SAMPLERS = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"] as const;
type SamplerName = (typeof SAMPLERS)[number];

/** The specification's samplers (remote ones aside); the ratio is 1 unless a number in [0, 1] is given. */
function samplerConfig(env: NodeJS.ProcessEnv): TracingConfig["sampler"] {
  const given = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() || "parentbased_always_on";
  const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  const ratio = arg && Number(arg) >= 0 && Number(arg) <= 1 ? Number(arg) : 1;
  return (SAMPLERS as readonly string[]).includes(given) ? { name: given as SamplerName, ratio } : { name: "parentbased_always_on", ratio, unsupported: given };
}

function samplerOf({ name, ratio }: TracingConfig["sampler"]): Sampler {
  const root = name.endsWith("always_on") ? new AlwaysOnSampler() : name.endsWith("always_off") ? new AlwaysOffSampler() : new TraceIdRatioBasedSampler(ratio);
  return name.startsWith("parentbased_") ? new ParentBasedSampler({ root }) : root;
}

const positive = (raw: string | undefined, fallback: number) => (Number.isInteger(Number(raw)) && Number(raw) > 0 ? Number(raw) : fallback);

/** `k1=v1,k2=v2` (OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES), values percent-decoded. */
export function keyValues(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (raw ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at > 0) out[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return out;
}

export function tracingConfig(env: NodeJS.ProcessEnv): TracingConfig {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, "");
  const disabled = env.OTEL_SDK_DISABLED?.toLowerCase() === "true" || env.OTEL_TRACES_EXPORTER === "none";
  const url = disabled ? undefined : env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (base ? `${base}/v1/traces` : undefined);
  const resourceAttributes = keyValues(env.OTEL_RESOURCE_ATTRIBUTES);
  return {
    url,
    headers: { ...keyValues(env.OTEL_EXPORTER_OTLP_HEADERS), ...keyValues(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) },
    serviceName: env.OTEL_SERVICE_NAME || resourceAttributes["service.name"] || "tmf-graphql-gateway",
    resourceAttributes,
    protocol: (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL)?.trim() === "http/json" ? "http/json" : "http/protobuf",
    scheduleDelayMs: Number(env.OTEL_BSP_SCHEDULE_DELAY) > 0 ? Number(env.OTEL_BSP_SCHEDULE_DELAY) : 5000,
    maxExportBatchSize: positive(env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE, 512),
    maxQueueSize: positive(env.OTEL_BSP_MAX_QUEUE_SIZE, 2048),
    sampler: samplerConfig(env),
  };
}

/** The instrumentation scope of every span. */
const SCOPE = { name: "tmf-graphql-gateway" };
let tracer: LeanTracer | undefined;
const w3c = new W3CTraceContextPropagator();

/** A request's trace context, passed along explicitly (see above); undefined: none (tracing off, or not a request's work). */
export type TraceParent = Context;

/** Whether spans are recorded (the tracer is started). */
export const tracingOn = () => tracer !== undefined;

/**
 * Starts the process's tracer (once) and registers it, the W3C propagator and the context manager
 * with the API; returns its shutdown (exports what is pending). `warn`: told of an unsupported
 * sampler, of dropped spans and failed exports, and when the export thread stops unexpectedly (the
 * next batch starts another).
 */
export function startTracing(config: TracingConfig, warn: (message: string) => void = () => {}): (() => Promise<void>) | undefined {
  const { url, headers, protocol } = config;
  if (!url || tracer) return undefined;
  if (config.sampler.unsupported) warn(`OTEL_TRACES_SAMPLER=${config.sampler.unsupported} is not supported: parentbased_always_on is used`);
  const resource = { attributes: { ...config.resourceAttributes, "service.name": config.serviceName } };
  const batcher = new SpanBatcher(new ThreadSpanExporter({ url, headers, protocol }, warn), { resource, scope: SCOPE }, config, warn);
  const started = new LeanTracer({ sampler: samplerOf(config.sampler), ended: batcher.add });
  trace.setGlobalTracerProvider(leanProvider(started));
  propagation.setGlobalPropagator(w3c);
  context.setGlobalContextManager(new ScopedContextManager().enable());
  tracer = started;
  return async () => {
    tracer = undefined;
    await batcher.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  };
}

/**
 * A span's attributes, or the function that builds them: called only when the sampler records the
 * span (OTEL_TRACES_SAMPLER), so a span left out of the sample costs no attribute (nor its text).
 */
export type SpanAttributes = Attributes | (() => Attributes);

const started = (name: string, attributes: SpanAttributes, parent: Context, options: { kind?: SpanKind; links?: Link[] }): Span =>
  tracer!.start(name, options.kind ?? SpanKind.INTERNAL, parent, attributes, options.links);

/**
 * Runs `work` in a span of its own, a child of `options.parent` (else of the active context), ended when it
 * settles; errors mark the span. `work` gets the span and the context that has it (its children's parent).
 */
export function inSpan<T>(
  name: string,
  attributes: SpanAttributes,
  work: (span?: Span, inside?: TraceParent) => Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  if (!tracer) return work();
  const parent = options.parent ?? context.active();
  // A statement of no request, or of a trace left out of the sample: its span would not be recorded either.
  if (options.leaf && !trace.getSpan(parent)?.isRecording()) return work();
  const span = started(name, attributes, parent, options);
  const inside = options.leaf ? parent : trace.setSpan(parent, span);
  const run = async () => {
    try {
      return await work(span, inside);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  };
  return options.leaf || options.explicit ? run() : context.with(inside, run);
}

interface SpanOptions {
  kind?: SpanKind;
  links?: Link[];
  parent?: TraceParent;
  /** `work` starts no span (a statement): it runs in the caller's context, not the span's, which saves the switch. */
  leaf?: boolean;
  /** `work` passes `inside` on itself: the async context is not entered. */
  explicit?: boolean;
}

/** Runs `work` (a write) with `parent` as the active context, where services and the outbox find it. */
export function inTraceOf<T>(parent: TraceParent | undefined, work: () => Promise<T>): Promise<T> {
  return tracer && parent ? context.with(parent, work) : work();
}

/** Adds attributes to the span of `parent` (a request's server span), when it is recorded. */
export function annotate(parent: TraceParent | undefined, attributes: SpanAttributes): void {
  const span = parent && trace.getSpan(parent);
  if (span?.isRecording()) span.setAttributes(typeof attributes === "function" ? attributes() : attributes);
}

/** Whether the span of `parent` is recorded (sampled). */
export const recorded = (parent: TraceParent | undefined): boolean => Boolean(tracer && parent && trace.getSpan(parent)?.isRecording());

/** A link to the span of `parent` (else the active one), to record on a statement that serves several requests, if it is recorded. */
export function linkTo(parent?: TraceParent): Link | undefined {
  const span = tracer && trace.getSpan(parent ?? context.active());
  return span?.isRecording() ? { context: span.spanContext() } : undefined;
}

/** The W3C traceparent of the active span (kept with an outbox event), or null. */
export function currentTraceparent(): string | null {
  if (!tracer) return null;
  const carrier: Record<string, string> = {};
  w3c.inject(context.active(), carrier, { set: (c, k, v) => (c[k] = v) });
  return carrier.traceparent ?? null;
}

/** The context a traceparent (a request's header, an outbox row's) continues. */
export function contextOf(traceparent: string | null | undefined): Context {
  if (!tracer || !traceparent) return ROOT_CONTEXT;
  return w3c.extract(ROOT_CONTEXT, { traceparent }, { get: (c, k) => c[k as "traceparent"], keys: () => ["traceparent"] });
}

/** A server span for an HTTP request, continuing its traceparent; undefined while tracing is off. */
export function startServerSpan(name: string, traceparent: string | undefined, attributes: SpanAttributes): { span: Span; context: Context } | undefined {
  if (!tracer) return undefined;
  const parent = contextOf(traceparent);
  const span = started(name, attributes, parent, { kind: SpanKind.SERVER });
  return { span, context: trace.setSpan(parent, span) };
}

export { SpanKind, SpanStatusCode };
export type SpanLink = Link;
