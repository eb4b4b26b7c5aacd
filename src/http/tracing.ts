import type { Span } from "@opentelemetry/api";
import type { FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { startServerSpan, SpanStatusCode, startTracing, withContext, type TracingConfig } from "../telemetry/tracing.js";

declare module "fastify" {
  interface FastifyRequest {
    traceSpan?: { span: Span; context: import("@opentelemetry/api").Context };
  }
}

/**
 * OpenTelemetry for the HTTP server (when an OTLP endpoint is configured): one server span per
 * request, continuing a W3C `traceparent`, active while the request is handled (so the GraphQL, REST
 * and SQL spans below are its children); ended with the response's status. The provider is started
 * here and flushed when the app closes.
 */
export const tracingPlugin = fp<{ tracing: TracingConfig }>(
  async (app, { tracing }) => {
    const stop = startTracing(tracing, (message) => app.log.warn(`tracing: ${message}`));
    if (!stop) return;
    app.log.info(`tracing: spans exported to ${tracing.url}`);
    app.addHook("onClose", stop);
    app.addHook("onRequest", (request, _reply, done) => {
      const traceparent = typeof request.headers.traceparent === "string" ? request.headers.traceparent : undefined;
      request.traceSpan = startServerSpan(`${request.method} ${request.routeOptions.url ?? "(unmatched)"}`, traceparent, () => ({
        "http.request.method": request.method,
        "url.path": request.url.split("?")[0],
        "http.route": request.routeOptions.url ?? "",
        "client.address": request.ip,
      }));
      withContext(request.traceSpan?.context, done);
    });
    // The body is read from socket events, outside the request's context: enter it again for the handler.
    app.addHook("preHandler", (request: FastifyRequest, _reply, done) => withContext(request.traceSpan?.context, done));
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
