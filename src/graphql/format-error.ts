import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { AppError } from "../errors.js";

/**
 * The one mapping of domain errors to GraphQL: an AppError keeps its message with its code (and HTTP
 * status) in `extensions`; GraphQL's own errors (validation, coercion) pass through; anything else is
 * an internal error whose message and stack never reach the client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: original.code, status: original.status, reason: original.reason },
    };
  }
  if (original instanceof GraphQLError && original.extensions?.code && original.extensions.code !== "INTERNAL_SERVER_ERROR") {
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.extensions.code } };
  }
  const code = formatted.extensions?.code;
  if (code && code !== "INTERNAL_SERVER_ERROR") {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}
