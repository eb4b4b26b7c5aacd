import type { FastifyReply, FastifyRequest } from "fastify";
import { getVariableValues, GraphQLError, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { KnownTexts } from "./known-texts.js";
import { builtInScalarCheck } from "./variable-check.js";
import type { Context } from "../graphql/context.js";
import type { OperationLimits } from "../graphql/limits/index.js";
import type { ClientOperation, OperationRunner } from "../graphql/operation-runner.js";
import { stringifyResult } from "../tmf/exact-json.js";

/** Documents remembered, the oldest forgotten first (as many as operations kept compiled). */
const MAX_KNOWN = 1_000;
/** Operations remembered per document (a document holding many, each run by name). */
const MAX_NAMES_PER_DOCUMENT = 16;
/** Accept headers whose answer's Content-Type is remembered: clients send a handful. */
const MAX_ACCEPTS = 64;

/** A query Apollo admitted (parsed, validated, resolved, within its cost) and the runner compiled. */
interface KnownOperation extends Omit<ClientOperation, "variables" | "context"> {
  /** Its cost with a request's variables (computed once per value of the variables given as `limit`s). */
  cost: (variables: Readonly<Record<string, unknown>>) => number;
  /** Of an operation whose variables are all of the built-in scalars: true when graphql-js would accept `values` too. */
  plainVariables?: (values: Readonly<Record<string, unknown>>) => boolean;
}

export interface FastPathOptions {
  schema: GraphQLSchema;
  runner: OperationRunner;
  limits: OperationLimits;
  /** The policy's error formatting (Apollo's `formatError`). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Metrics: the operation's duration, as Apollo's metrics plugin records it. */
  operationDone: (name: string | null | undefined, type: string, failed: boolean, started: number) => void;
  /** Metrics: one more request answered here. */
  answered: () => void;
  /** 503 on a database outage, as Apollo's unavailableAs503 plugin answers it: the Retry-After, or undefined. */
  retryAfter: (errors: readonly GraphQLFormattedError[] | undefined) => string | undefined;
}

/** `application/json`, charset UTF-8 or none: a body Apollo's CSRF prevention lets through (a preflighted type). */
const JSON_CONTENT_TYPE = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/** The operation name a request sent, as a key: absent and "" differ (as for Apollo). */
const nameKey = (operationName: string | undefined) => (operationName === undefined ? "-" : `:${operationName}`);

/**
 * POST /graphql without Apollo's per-request pipeline, for the requests Apollo has already answered
 * the same way: a query document it admitted (parsed within the token limit, validated with the
 * depth, alias and introspection rules, its operation resolved, within its cost) and the runner
 * compiled, sent again with the same text and operation name as a JSON body without extensions,
 * with an Accept header Apollo has answered before. Such a request runs the compiled operation
 * directly; its cost is checked with its variables. Anything else — and any request whose cost or
 * variables would be refused — goes to Apollo, which answers it with its own errors. The answer
 * is Apollo's, byte for byte: the same status, Content-Type, body (errors formatted by the
 * policy, a database outage a 503 with Retry-After), and the same operation metric and spans.
 */
export class GraphqlFastPath {
  /** By query text (the request's own string, compared with the known texts of its length), then by operation name; the oldest text forgotten first. */
  private readonly known = new KnownTexts<Map<string, KnownOperation>>(MAX_KNOWN);
  private readonly contentTypes = new Map<string, string>();
  private open = true;

  constructor(private readonly options: FastPathOptions) {}

  /** Called with each operation Apollo executed: a query the runner now runs compiled is remembered. */
  executed(query: string | undefined, operationName: string | undefined, op: ClientOperation): void {
    if (query === undefined || op.operation.operation !== "query" || !this.options.runner.isCompiled(op.key)) return;
    let byName = this.known.get(query);
    if (byName?.has(nameKey(operationName))) return;
    if (!byName) {
      this.known.set(query, (byName = new Map()));
    }
    if (byName.size >= MAX_NAMES_PER_DOCUMENT) return;
    const { document, operation } = op;
    byName.set(nameKey(operationName), {
      key: op.key,
      document,
      operation,
      operationName: op.operationName,
      cost: this.options.limits.costOf(document, operationName),
      plainVariables: builtInScalarCheck(operation.variableDefinitions ?? []),
    });
  }

  /** Called with each answer Apollo gave to a POST: the Content-Type of a 200 depends on the Accept header only. */
  answered(accept: string | undefined, status: number | undefined, contentType: string | undefined): void {
    if ((status ?? 200) !== 200 || !contentType || this.contentTypes.size >= MAX_ACCEPTS) return;
    this.contentTypes.set(accept ?? "", contentType);
  }

  /** From now on every request goes to Apollo (it answers while it stops). */
  close(): void {
    this.open = false;
  }

  /** Answers the request and returns true, or returns false (nothing sent) for Apollo to answer it. */
  async answer(request: FastifyRequest, reply: FastifyReply, body: unknown, context: Context): Promise<boolean> {
    if (!this.open || request.method !== "POST" || !JSON_CONTENT_TYPE.test(request.headers["content-type"] ?? "")) return false;
    const contentType = this.contentTypes.get(request.headers.accept ?? "");
    if (!contentType || !isRecord(body) || typeof body.query !== "string" || (body.extensions !== undefined && body.extensions !== null)) return false;
    const { operationName, variables } = body;
    if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return false;
    if (variables !== undefined && variables !== null && !isRecord(variables)) return false;
    const known = this.known.get(body.query)?.get(nameKey(operationName ?? undefined));
    if (!known) return false;
    const started = performance.now();
    const values = variables ?? {};
    if (known.cost(values) > this.options.limits.limits.maxCost) return false;
    // Values the operation refuses: Apollo answers them (400 BAD_USER_INPUT), nothing has run yet.
    // (graphql-js decides whatever the cheap check of built-in scalars does not accept.)
    if (!known.plainVariables?.(values) && getVariableValues(this.options.schema, known.operation.variableDefinitions ?? [], values, { maxErrors: 1 }).errors)
      return false;
    let result: ExecutionResult;
    // A property a spread did not copy, written after it (`{ ...known, variables }`), takes V8 (Node 20) a slow path, ~1 µs apiece: named instead.
    const { key, document, operation, operationName: name } = known;
    try {
      result = await this.options.runner.run({ key, document, operation, operationName: name, variables: values, context, coerced: true });
    } catch (err) {
      // As Apollo answers an executor that throws: the error alone, 500 unless it says otherwise.
      const error =
        err instanceof GraphQLError
          ? err
          : new GraphQLError(err instanceof Error ? err.message : String(err), { originalError: err instanceof Error ? err : undefined });
      return this.send(reply, contentType, known, { errors: [error] }, started, 500);
    }
    return this.send(reply, contentType, known, result, started);
  }

  private send(reply: FastifyReply, contentType: string, known: KnownOperation, result: ExecutionResult, started: number, defaultStatus?: number): true {
    const failed = Boolean(result.errors?.length);
    const { formatted, status, headers } = result.errors
      ? this.formatErrors(result.errors)
      : { formatted: undefined, status: undefined, headers: [] as [string, string][] };
    // Apollo: errors without data (variables refused) are a 400 unless an error says otherwise.
    let answerStatus = status ?? defaultStatus ?? (failed && result.data === undefined ? 400 : undefined);
    const name = known.operation.name?.value || null;
    this.options.operationDone(name, known.operation.operation, failed, started);
    this.options.answered();
    const retryAfter = this.options.retryAfter(formatted);
    if (retryAfter !== undefined) {
      answerStatus = 503;
      headers.push(["retry-after", retryAfter]);
    }
    for (const [header, value] of headers) reply.header(header, value);
    reply.header("content-type", contentType).code(answerStatus ?? 200);
    void reply.send(stringifyResult({ errors: formatted, data: result.data, extensions: result.extensions }));
    return true;
  }

  /** Apollo's normalizeAndFormatErrors (no stack traces): `extensions.code` defaulted, `extensions.http` taken as the response's status and headers. */
  private formatErrors(errors: readonly GraphQLError[]): { formatted: GraphQLFormattedError[]; status?: number; headers: [string, string][] } {
    let status: number | undefined;
    const headers = new Map<string, string>();
    const formatted = errors.map((error) => {
      try {
        const extensions: Record<string, unknown> = { ...error.extensions, code: error.extensions?.code ?? "INTERNAL_SERVER_ERROR" };
        const http = extensions.http as { status?: unknown; headers?: unknown } | undefined;
        if (
          http &&
          typeof http === "object" &&
          (!("status" in http) || typeof http.status === "number") &&
          (!("headers" in http) || http.headers instanceof Map)
        ) {
          if (http.status) status = http.status as number;
          for (const [header, value] of (http.headers as Map<string, string> | undefined) ?? []) headers.set(header, value);
          delete extensions.http;
        }
        return this.options.formatError({ ...error.toJSON(), extensions }, error);
      } catch {
        return { message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
      }
    });
    return { formatted, status, headers: [...headers] };
  }
}
