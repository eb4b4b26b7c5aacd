import type { FastifyError, FastifyInstance } from "fastify";
import { AppError } from "../errors.js";
import { tmfError, tmfErrorOf } from "../rest/tmf-error.js";
import { tmfMessage } from "../rest/tmf-json.js";

/**
 * The one place where errors become HTTP responses: domain errors and client errors (malformed JSON,
 * body too large, unsupported media type) as TMF `Error` bodies with their 4xx status; anything else is
 * logged with the request id and answered with a generic 500 — no stack, no internal message.
 */
export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      // GraphQL clients read errors[].extensions.code; REST clients the TMF Error body.
      if (request.url.split("?")[0] === "/graphql") {
        return reply.code(error.status).send({ errors: [{ message: error.message, extensions: { code: error.code } }] });
      }
      return reply.code(error.status).send(tmfErrorOf(error));
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const message = (error as FastifyError).code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError
        ? `Malformed JSON body: ${error.message}`
        : tmfMessage(error.message);
      return reply.code(status).send(tmfError(status, message));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.code(500).send(tmfError(500, `Internal error; reference request id ${request.id}`));
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(tmfError(404, `No resource at ${request.method} ${request.url.split("?")[0]}`)),
  );
}
