import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { ApolloServerPlugin } from "@apollo/server";
import { adviseOnPreparedStatements, PREPARED_STATEMENTS_ADVICE, RETRY_AFTER_SECONDS, serviceFailure } from "../db/availability.js";
import { AppError } from "../errors.js";

/**
 * The one mapping of domain errors to GraphQL: an AppError keeps its message with its code (and HTTP
 * status) in `extensions`; GraphQL's own errors (validation, coercion) pass through; anything else is
 * an internal error whose message and stack never reach the client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  let original = unwrapResolverError(error);
  original = serviceFailure(original) ?? original;
  if (original instanceof AppError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, status: original.status, reason: original.reason },
    };
  }
  // A scalar refusing a literal (a JSON value with a prototype key, a Decimal that is not one) is
  // reported by validation; it is bad input, as the same value given in a variable is.
  if (original instanceof GraphQLError && original.originalError instanceof GraphQLError && original.originalError.extensions?.code === "BAD_USER_INPUT") {
    original = original.originalError;
  }
  if (original instanceof GraphQLError && original.extensions?.code && original.extensions.code !== "INTERNAL_SERVER_ERROR") {
    const { code, limit } = original.extensions;
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code, ...(limit !== undefined && { limit }) } };
  }
  const code = formatted.extensions?.code;
  if (code && code !== "INTERNAL_SERVER_ERROR") {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

/**
 * An operation that failed because the database is unavailable is answered 503 with Retry-After, as
 * on REST; a pooler that loses prepared statements is logged once (`log`) with the advice.
 */
export function unavailableAs503(log: (message: string) => void): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const retryAfter = unavailableRetryAfter(response.body.singleResult.errors, log);
          if (retryAfter === undefined) return;
          response.http.status = 503;
          response.http.headers.set("retry-after", retryAfter);
        },
      };
    },
  };
}

/** The Retry-After of a response whose formatted errors say the database is unavailable (answered 503), else undefined. */
export function unavailableRetryAfter(errors: readonly GraphQLFormattedError[] | undefined, log: (message: string) => void): string | undefined {
  if (!errors?.some((e) => e.extensions?.code === "SERVICE_UNAVAILABLE")) return undefined;
  if (errors.some((e) => e.message.startsWith(PREPARED_STATEMENTS_ADVICE))) adviseOnPreparedStatements(log);
  return String(RETRY_AFTER_SECONDS);
}
