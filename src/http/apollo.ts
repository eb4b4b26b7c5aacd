import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import fp from "fastify-plugin";
import type { Config } from "../config.js";
import type { Context } from "../graphql/context.js";
import { formatError, unavailableAs503 } from "../graphql/format-error.js";
import { stringifyResult } from "../tmf/exact-json.js";
import { explorerLandingPlugin } from "./explorer/index.js";

declare module "fastify" {
  interface FastifyInstance {
    apollo: ApolloServer<Context>;
  }
}

export type ApolloOptions = Pick<Config, "graphql" | "explorer">;

/**
 * The Apollo Server on the gateway's schema, started here and stopped on onClose; decorated as
 * `apollo` for the /graphql route. Its plugins: the explorer's landing page (Sandbox or none),
 * operation metrics, the cost limit, 503 on a database outage.
 */
export const apolloPlugin = fp<ApolloOptions>(
  async (app, config) => {
    const { schema, limits } = app.gateway;
    const apollo = new ApolloServer<Context>({
      schema,
      // Never a stack trace in a response, whatever NODE_ENV says.
      includeStacktraceInErrorResponses: false,
      // Compact JSON (Apollo's default indents), with money as exact decimal literals.
      stringifyResult,
      formatError,
      // Token limit, depth and aliases while parsing and validating; the cost, with the variables, in its plugin.
      parseOptions: limits.parseOptions,
      validationRules: limits.rules,
      introspection: config.graphql.introspection,
      // No cache hints in this schema: the cache-control plugin would only add a hook per field.
      plugins: [
        explorerLandingPlugin(config.explorer.mode, config.explorer),
        app.metrics.apolloPlugin(),
        limits.apolloPlugin(),
        unavailableAs503(),
        ApolloServerPluginCacheControlDisabled(),
      ],
    });
    await apollo.start();
    app.addHook("onClose", () => apollo.stop());
    app.decorate("apollo", apollo);
  },
  { name: "apollo", dependencies: ["metrics", "gateway"], fastify: "5.x" },
);
