import type { Span } from "@opentelemetry/api";
import fp from "fastify-plugin";
import { startServerSpan, SpanStatusCode, startTracing, type TraceParent, type TracingConfig } from "../telemetry/tracing.js";

declare module "fastify" {
  interface FastifyRequest {
    traceSpan?: { span: Span; context: TraceParent };
  }
}

/**
 * OpenTelemetry for the HTTP server (when an OTLP endpoint is configured): one server span per
 * request, continuing a W3C `traceparent`, ended with the response's status. Its context is the
 * request's `traceSpan.context`, which the request's GraphQL context carries on (so the GraphQL, REST
 * and SQL spans below are its children). The provider is started here and flushed when the app closes.
 */
export const tracingPlugin = fp<{ tracing: TracingConfig }>(
  async (app, { tracing }) => {
    const stop = startTracing(tracing, (message) => app.log.warn(`tracing: ${message}`));
    if (!stop) return;
    app.log.info(`tracing: spans exported to ${tracing.url}`);
    app.addHook("onClose", stop);
    app.addHook("onRequest", (request, _reply, done) => {
      const traceparent = typeof request.headers.traceparent === "string" ? request.headers.traceparent : undefined;
      // Fastify builds `routeOptions` anew at each read.
      const route = request.routeOptions.url;
      request.traceSpan = startServerSpan(`${request.method} ${route ?? "(unmatched)"}`, traceparent, () => ({
        "http.request.method": request.method,
        "url.path": request.url.split("?")[0],
        "http.route": route ?? "",
        "client.address": request.ip,
      }));
      done();
    });
    // Callback hooks, not async ones: a promise per hook per request is work for the context manager too.
    app.addHook("onResponse", (request, reply, done) => {
      const span = request.traceSpan?.span;
      if (span?.isRecording()) {
        span.setAttribute("http.response.status_code", reply.statusCode);
        if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span?.end();
      done();
    });
  },
  { name: "tracing", fastify: "5.x" },
);
