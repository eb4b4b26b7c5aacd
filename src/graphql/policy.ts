import type { ApolloServerPlugin } from "@apollo/server";
import {
  getOperationAST,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
} from "graphql";
import type { RateLimiter } from "../auth/rate-limiter.js";
import { AppError } from "../errors.js";
import { formatError } from "./format-error.js";
import type { OperationLimits } from "./limits/index.js";
import type { OperationRequest, TrustedDocuments } from "./trusted-documents.js";

/**
 * Every way an operation reaches the schema. A carrier registers itself when it is set up
 * (`OperationPolicy.carrier`), and the policy test enumerates this list × every policy: a carrier
 * added here without its column in that test fails it.
 */
export const CARRIERS = ["rest", "graphql-post", "graphql-get", "graphql-ws", "mcp"] as const;
export type Carrier = (typeof CARRIERS)[number];

export interface PolicyOptions {
  /** "Did you mean …?" in error messages (GRAPHQL_SUGGESTIONS): they spell out the schema. */
  suggestions: boolean;
  /** GRAPHQL_TRUSTED_DOCUMENTS: the only operations /graphql and graphql-ws run. */
  trusted?: TrustedDocuments;
  /** RATE_LIMIT_*: one count per principal (or address) over every carrier; absent when off. */
  rateLimiter?: RateLimiter;
}

/** An operation as a client sends it, on any carrier. */
export interface OperationPayload extends OperationRequest {
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** An operation the policy admitted: parsed, validated, its operation resolved, within its cost. */
export interface AdmittedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/**
 * The policies every carrier applies to an operation, decided here once: the document limits
 * (tokens, depth, aliases, introspection, cost), the resolution of the operation to run, trusted
 * documents, the rate limit per principal, and how errors leave (internal ones masked, schema
 * suggestions removed when off). HTTP carriers reach the same decisions through Fastify hooks and
 * Apollo's plugins built from this object; graphql-ws through `admit` and `format`.
 */
export class OperationPolicy {
  readonly carriers = new Set<Carrier>();
  readonly trusted?: TrustedDocuments;
  readonly rateLimiter?: RateLimiter;
  private readonly suggestions: boolean;

  constructor(
    readonly limits: OperationLimits,
    options: PolicyOptions,
  ) {
    this.trusted = options.trusted;
    this.rateLimiter = options.rateLimiter;
    this.suggestions = options.suggestions;
  }

  /** Called by each carrier as it is set up. */
  carrier(name: Carrier): this {
    this.carriers.add(name);
    return this;
  }

  /** Counts one operation of `key` against the rate limit; throws TOO_MANY_REQUESTS over it. */
  checkRate(key: string): void {
    if (!this.rateLimiter) return;
    const { current, ttl } = this.rateLimiter.hit(key);
    if (current > this.rateLimiter.max) {
      throw new AppError(
        "TOO_MANY_REQUESTS",
        `Rate limit of ${this.rateLimiter.max} requests per ${this.rateLimiter.windowMs} ms exceeded; retry in ${Math.ceil(ttl / 1000)} s`,
        "Too Many Requests",
      );
    }
  }

  /**
   * A client operation's document, admitted or refused with GraphQL errors: the trusted manifest's
   * text when only trusted documents run, parsed within the token limit, validated (spec, depth,
   * aliases, introspection), its operation resolved by `operationName`, and its cost with its variables.
   */
  admit(payload: OperationPayload): AdmittedOperation | GraphQLError[] {
    try {
      const query = this.trusted ? this.trusted.resolve(payload) : payload.query;
      if (typeof query !== "string") return [requestError("The operation has no query (a string)")];
      const document = this.parse(query);
      const errors = this.limits.validate(document);
      if (errors.length) return errors.map(asValidationError);
      const operation = resolveOperation(document, payload.operationName);
      this.limits.checkCost(document, operation.name?.value, payload.variables);
      return { document, operation };
    } catch (err) {
      if (err instanceof GraphQLError) return [err];
      throw err;
    }
  }

  private parse(query: string): DocumentNode {
    try {
      return this.limits.parse(query);
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err;
      throw new GraphQLError(err.message, { nodes: err.nodes, source: err.source, positions: err.positions, extensions: { code: "GRAPHQL_PARSE_FAILED" } });
    }
  }

  /** The one error formatting of GraphQL responses, for Apollo's `formatError` and graphql-ws. */
  readonly formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = formatError(formatted, error);
    return this.suggestions ? result : { ...result, message: withoutSuggestions(result.message) };
  };

  /** An execution result as it leaves on a carrier that formats it itself (graphql-ws). */
  formatResult(result: ExecutionResult): FormattedExecutionResult {
    if (!result.errors?.length) return result as FormattedExecutionResult;
    return { ...result, errors: this.formatErrors(result.errors) } as FormattedExecutionResult;
  }

  formatErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
    return errors.map((error) => this.formatError(error.toJSON(), error));
  }

  /** Apollo's side of what `admit` decides after validation: the operation resolved (400 otherwise), then its cost. */
  apolloPlugin(): ApolloServerPlugin {
    const listener = {
      didResolveOperation: async ({
        document,
        request,
        operation,
      }: {
        document: DocumentNode;
        operation?: OperationDefinitionNode;
        request: { operationName?: string; variables?: Record<string, unknown> };
      }) => {
        if (!operation) resolveOperation(document, request.operationName);
        this.limits.checkCost(document, request.operationName, request.variables, { status: 400 });
      },
    };
    return { requestDidStart: async () => listener };
  }
}

/** What ends a graphql-ws connection at `connection_init`: the close code and reason it leaves with. */
export interface ConnectionRefusal {
  code: number;
  reason: string;
}

/**
 * A refused graphql-ws connection, in its protocol's close codes: 4401 Unauthorized when
 * `connectionParams` carry no credential (HTTP answers 401: send one); 4403 Forbidden when the
 * credential is refused (the protocol's code for a rejected `connection_init` — the graphql-ws
 * client retries it, reading `connectionParams` again, so a refreshed token gets in); 4429 while the
 * address is blocked after too many failures (a code the client does not retry); 4500 when checking
 * the credential failed inside the gateway (HTTP's 500: no internal message). An open socket whose
 * bearer token expires is closed with 4403 too ("expired"), when HTTP starts refusing the token: the
 * client reconnects with a fresh one and subscribes again (4401, which it would not retry, means a
 * message before `connection_ack` in the protocol). Scopes are checked per field, as on HTTP: a
 * principal without a scope gets FORBIDDEN errors, its socket stays open. The reason is HTTP's
 * message, within the 123 bytes a close frame holds.
 */
export function connectionRefusal(refusal: { blockedMs: number } | { failed: unknown } | "no credential" | "expired"): ConnectionRefusal {
  if (refusal === "no credential") return { code: 4401, reason: "Authentication required: send X-API-Key or Authorization: Bearer <JWT> in connectionParams" };
  if (refusal === "expired") return { code: 4403, reason: "Bearer token has expired: connect again with a fresh one" };
  if ("blockedMs" in refusal) return { code: 4429, reason: `Too many failed authentications; retry in ${Math.ceil(refusal.blockedMs / 1000)} s` };
  if (isCredentialRefusal(refusal.failed)) return { code: 4403, reason: closeReason(refusal.failed.message) };
  return { code: 4500, reason: "Internal server error" };
}

/** A credential the authenticator refused (HTTP's 401), not a failure of the gateway while checking it. */
export const isCredentialRefusal = (error: unknown): error is AppError => error instanceof AppError && error.code === "UNAUTHENTICATED";

/** A close frame's reason: at most 123 bytes of UTF-8, cut at a character boundary. */
function closeReason(message: string): string {
  let reason = message;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

/**
 * The operation a request runs: the one its `operationName` names, or the only one. A missing or
 * unknown name is the client's mistake (GraphQL over HTTP: 400), never a fault of the server.
 */
function resolveOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode {
  const operation = getOperationAST(document, operationName);
  if (operation) return operation;
  const named = document.definitions.filter((d) => d.kind === "OperationDefinition").length;
  throw requestError(
    operationName
      ? `No operation named "${String(operationName).slice(0, 100)}" in the document`
      : named > 1
        ? "The document holds several operations: operationName must name the one to run"
        : "The document holds no operation",
  );
}

function requestError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "OPERATION_RESOLUTION_FAILURE", http: { status: 400 } } });
}

function asValidationError(error: GraphQLError): GraphQLError {
  if (error.extensions?.code) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: "GRAPHQL_VALIDATION_FAILED" } });
}

/** graphql-js appends " Did you mean …?" to the messages where it knows a close name of the schema. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean [^?]*\?/g, "");
}
