import { ApolloServer, type ApolloServerOptionsWithGateway } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import fp from "fastify-plugin";
import type { Config } from "../config.js";
import type { Context } from "../graphql/context.js";
import { unavailableAs503, unavailableRetryAfter } from "../graphql/format-error.js";
import { OperationRunner } from "../graphql/operation-runner.js";
import { stringifyResult } from "../tmf/exact-json.js";
import { CSRF_PREVENTION_HEADERS } from "./csrf.js";
import { explorerLandingPlugin } from "./explorer/index.js";
import { GraphqlFastPath } from "./graphql-fast-path.js";

declare module "fastify" {
  interface FastifyInstance {
    apollo: ApolloServer<Context>;
    /** POST /graphql of a query Apollo has already admitted and the runner compiled, without Apollo's pipeline. */
    graphqlFastPath: GraphqlFastPath;
  }
}

export type ApolloOptions = Pick<Config, "graphql" | "explorer" | "production"> & {
  /** Values for the examples' variables in Apollo Sandbox (the demo data's ids). */
  explorerVariables?: () => Promise<Record<string, unknown> | undefined>;
};

/**
 * The Apollo Server on the gateway's schema, started here and stopped on onClose; decorated as
 * `apollo` for the /graphql route. Apollo parses, validates and runs the plugins; the operations
 * execute through the OperationRunner (compiled once seen). Its plugins: the explorer's landing
 * page (Sandbox or none), operation metrics, the cost limit, 503 on a database outage.
 */
export const apolloPlugin = fp<ApolloOptions>(
  async (app, config) => {
    const { schema, policy } = app.gateway;
    const runner = new OperationRunner(schema, app.metrics.executed);
    const log = (message: string) => app.log.error(message);
    const fastPath = new GraphqlFastPath({
      schema,
      runner,
      limits: policy.limits,
      formatError: policy.formatError,
      operationDone: (name, type, failed, started) => app.metrics.operationDone(name, type, failed, started),
      answered: app.metrics.fastPathAnswered,
      retryAfter: (errors) => unavailableRetryAfter(errors, log),
    });
    const apollo = new ApolloServer<Context>({
      gateway: executingWith(schema, runner, fastPath),
      // Never a stack trace in a response, whatever NODE_ENV says.
      includeStacktraceInErrorResponses: false,
      // Apollo's defaults follow the configured mode, not the process's (src/main.ts).
      nodeEnv: config.production ? "production" : "development",
      // Compact JSON (Apollo's default indents), with money as exact decimal literals.
      stringifyResult,
      formatError: policy.formatError,
      // The /graphql route refuses a GET that may be forged first, with a message naming these headers.
      csrfPrevention: { requestHeaders: CSRF_PREVENTION_HEADERS },
      // Token limit, depth, aliases and introspection while parsing and validating; the operation's
      // resolution and its cost, with the variables, in the policy's plugin.
      parseOptions: policy.limits.parseOptions,
      validationRules: policy.limits.rules,
      // Decided by the policy's validation rule (GRAPHQL_INTROSPECTION), the same on every carrier.
      introspection: true,
      // No cache hints in this schema: the cache-control plugin would only add a hook per field.
      plugins: [
        explorerLandingPlugin(config.explorer.mode, config.explorer, config.explorerVariables),
        app.metrics.apolloPlugin(),
        policy.apolloPlugin(),
        unavailableAs503(log),
        // Nothing reported to Apollo's cloud, whatever APOLLO_KEY says: these are every plugin the fast path answers for.
        ApolloServerPluginCacheControlDisabled(),
        ApolloServerPluginUsageReportingDisabled(),
        ApolloServerPluginSchemaReportingDisabled(),
        ApolloServerPluginInlineTraceDisabled(),
      ],
    });
    await apollo.start();
    app.addHook("onClose", () => {
      fastPath.close();
      return apollo.stop();
    });
    app.decorate("apollo", apollo);
    app.decorate("graphqlFastPath", fastPath);
  },
  { name: "apollo", dependencies: ["metrics", "gateway"], fastify: "5.x" },
);

/**
 * Apollo's way to hand execution to someone else (its gateway interface, made for federation): the
 * schema is fixed, and the executor runs each parsed and validated operation.
 */
function executingWith(schema: GraphQLSchema, runner: OperationRunner, fastPath: GraphqlFastPath): ApolloServerOptionsWithGateway<Context>["gateway"] {
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    async load() {
      return {
        executor: async (request) => {
          const op = {
            key: `${request.queryHash}:${request.operationName ?? ""}`,
            document: request.document,
            operation: request.operation,
            operationName: request.operationName,
            variables: request.request.variables,
            context: request.context,
          };
          const result = await runner.run(op);
          fastPath.executed(request.source, request.request.operationName, op);
          return result;
        },
      };
    },
    async stop() {},
  };
}
