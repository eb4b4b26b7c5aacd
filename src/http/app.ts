import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from "fastify";
import { randomUUID } from "node:crypto";
import { Authenticator } from "../auth/authenticator.js";
import type { Principal } from "../auth/principal.js";
import type { Config } from "../config.js";
import { Db, type Database } from "../db/database.js";
import { RETRY_AFTER_SECONDS } from "../db/availability.js";
import { migrationsApplied } from "../db/migrate.js";
import { CallbackPolicy } from "../events/callback-policy.js";
import { startEvents } from "../events/start.js";
import { createContext, type Context } from "../graphql/context.js";
import { formatError, unavailableAs503 } from "../graphql/format-error.js";
import { OperationLimits } from "../graphql/limits/index.js";
import { getSchema } from "../graphql/schema.js";
import { stringifyResult } from "../tmf/exact-json.js";
import { REST_RESOURCES } from "../modules/rest-resources.js";
import { createServices } from "../modules/services.js";
import { RestTranslator } from "../rest/translator.js";
import { baseUrlOf } from "./base-url.js";
import { registerDocsRoutes } from "./docs.route.js";
import { clientErrorHandler, frameworkErrors } from "./error-handler.js";
import { explorerLandingPlugin, registerExplorer } from "./explorer.js";
import { registerGraphqlRoute } from "./graphql.route.js";
import { registerHubRoutes } from "./hub.routes.js";
import { Metrics } from "./metrics.js";
import { registerHttpPolicies } from "./policies.js";
import { registerRestRoutes } from "./rest.routes.js";
import { registerSubscriptions } from "./subscriptions.js";

/** The gateway: GraphQL on /graphql, the TMF REST layer on the same schema, health and readiness. */
export async function buildApp(config: Config, database: Database): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel, redact: ["req.headers.authorization", "req.headers['x-api-key']"] },
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimit,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
    // A client holds a connection only while it sends a request in time, or idles between requests.
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    http: { headersTimeout: config.http.headersTimeoutMs, connectionsCheckingInterval: 1000 },
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
    clientErrorHandler,
  });
  app.setReplySerializer(stringifyResult);
  const metrics = new Metrics(database.pool);
  metrics.register(app);
  const authenticator = new Authenticator(config.auth);
  await registerHttpPolicies(app, config, authenticator);

  const callbackPolicy = new CallbackPolicy(config.events.callbackAllow);
  const services = createServices(new Db(database.prisma, database.pool), callbackPolicy, config.events);
  const events = await startEvents(app, database.url, config.events, callbackPolicy);
  metrics.trackOutbox(events.pool);

  const schema = await getSchema();
  const contextFor = (baseUrl: string, principal: Principal): Context => createContext(services, events.bus, baseUrl, principal);
  const context = (request: FastifyRequest) => contextFor(baseUrlOf(request, config.publicBaseUrl), request.principal);

  const limits = new OperationLimits(schema, config.graphql);
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
    plugins: [explorerLandingPlugin(config.explorer.mode, config.explorer), metrics.apolloPlugin(), limits.apolloPlugin(), unavailableAs503(), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  app.addHook("onClose", () => apollo.stop());
  const translator = new RestTranslator(schema, limits);
  registerGraphqlRoute(app, apollo, context);
  registerExplorer(app, config.explorer.mode, config.explorer);
  registerSubscriptions(app, schema, limits, authenticator, contextFor, { maxPayload: config.bodyLimit });
  registerRestRoutes(app, REST_RESOURCES, translator, context);
  registerHubRoutes(app, translator, context);
  registerDocsRoutes(app, REST_RESOURCES, config.publicBaseUrl);

  // Alive: the process serves. With the embedded PostgreSQL it owns, also whether that is up (503
  // while it is restarted after a crash); a server at DATABASE_URL is /ready's concern.
  app.get("/health", { config: { public: true } }, async (_request, reply) => {
    if (!database.embedded) return { status: "ok" };
    const state = database.state?.() ?? "up";
    return reply.code(state === "up" ? 200 : 503).send({ status: state === "up" ? "ok" : "degraded", embeddedDatabase: state });
  });
  app.get("/ready", { config: { public: true } }, async (_request, reply) => {
    try {
      const ready = await migrationsApplied((sql) => database.pool.query(sql));
      return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "migrations pending" });
    } catch {
      return reply.code(503).header("retry-after", String(RETRY_AFTER_SECONDS)).send({ status: "database unreachable" });
    }
  });
  return app;
}
