import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { AppError } from "../errors.js";
import { tmfError, tmfErrorOf, type TmfError } from "../tmf/tmf-error.js";
import { tmfMessage } from "../tmf/tmf-json.js";
import { adviseOnPreparedStatements, isPreparedStatementClash, RETRY_AFTER_SECONDS, serviceFailure } from "../db/availability.js";

const isGraphqlRoute = (request: FastifyRequest) => request.routeOptions.url === "/graphql";

/**
 * The one place where errors become HTTP responses: domain errors and client errors (malformed JSON,
 * body too large, unsupported media type, Fastify's own FST_ERR_*) as TMF `Error` bodies with their
 * 4xx status — GraphQL's `{ errors: [{ extensions: { code } }] }` on /graphql; a database that
 * cannot be reached (or cancelled a statement, or a pooler that loses prepared statements) is a 503 with Retry-After; anything else is logged with the request id and
 * answered with a generic 500 — no stack, no internal message or address.
 */
export const errorHandlingPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
      const answer = answerOf(error, request);
      // A refusal that knows when to come back (rate limits) has said so already.
      if ((answer.body.code === "SERVICE_UNAVAILABLE" || answer.body.code === "TOO_MANY_REQUESTS") && !reply.hasHeader("retry-after")) {
        reply.header("retry-after", String(RETRY_AFTER_SECONDS));
      }
      if (isGraphqlRoute(request) && !answer.masked) {
        return reply.code(answer.status).send({ errors: [{ message: answer.body.message, extensions: { code: answer.graphqlCode } }] });
      }
      return reply.code(answer.status).send(answer.body);
    });

    app.setNotFoundHandler((request, reply) => reply.code(404).send(tmfError(404, `No resource at ${request.method} ${request.url.split("?")[0]}`)));
  },
  { name: "error-handling", fastify: "5.x" },
);

/**
 * What a client is told of an error of its request, on any carrier: a domain error or a client
 * error as its status and TMF Error; a database that cannot be reached as a 503; anything else
 * logged with the request id and told as a generic 500.
 */
export function answerOf(error: unknown, request: FastifyRequest): { status: number; body: TmfError; graphqlCode: string; masked?: boolean } {
  const failure = serviceFailure(error);
  if (failure) {
    if (isPreparedStatementClash(error)) adviseOnPreparedStatements((message) => request.log.error(message));
    request.log.warn({ err: error }, "database unavailable");
    error = failure;
  }
  if (error instanceof AppError) return { status: error.status, body: tmfErrorOf(error), graphqlCode: error.code };
  const status = (error as FastifyError).statusCode;
  if (error instanceof Error && status && status >= 400 && status < 500) {
    const message =
      (error as FastifyError).code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError
        ? `Malformed JSON body: ${error.message}`
        : tmfMessage(error.message);
    return { status, body: tmfError(status, message), graphqlCode: codeOf(status) };
  }
  request.log.error({ err: error }, "unhandled error");
  return { status: 500, body: tmfError(500, `Internal error; reference request id ${request.id}`), graphqlCode: "INTERNAL_SERVER_ERROR", masked: true };
}

const codeOf = (status: number) => (status === 413 ? "PAYLOAD_TOO_LARGE" : status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "BAD_REQUEST");

/** Fastify's routing errors (a malformed percent-encoding, a path parameter over maxParamLength), as TMF Errors. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status = error.code === "FST_ERR_MAX_PARAM_LENGTH" ? 414 : error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  const message = error.code === "FST_ERR_MAX_PARAM_LENGTH" ? "A path segment of the URL is too long" : "The URL is not valid (malformed percent-encoding)";
  return reply.code(status).send(tmfError(status, message));
}

/**
 * What Node's HTTP parser refuses before any route runs — headers over the size limit (431), a
 * request that took longer than the request timeout (408), a malformed request (400) — answered with
 * a TMF Error on the socket, then closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const message =
    status === 431
      ? "The request headers (or the URL) are larger than allowed"
      : status === 408
        ? "The request took too long to arrive"
        : "Malformed HTTP request";
  const body = JSON.stringify(tmfError(status, message));
  if (!socket.writable) return socket.destroy();
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
