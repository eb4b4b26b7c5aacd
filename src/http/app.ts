import { configureSchemaLocations } from "../resource/schema-locations.js";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { randomUUID } from "node:crypto";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { RESOURCES, TMF_APIS } from "../modules/registry.js";
import { restVersionsOf } from "../resource/description.js";
import { stringifyResult } from "../tmf/exact-json.js";
import { apolloPlugin } from "./apollo.js";
import { authenticationPlugin } from "./auth.hook.js";
import { gatewayPlugin } from "./compose.js";
import { docsPlugin } from "./docs.route.js";
import { clientErrorHandler, errorHandlingPlugin, frameworkErrors } from "./error-handler.js";
import { explorerPlugin } from "./explorer/index.js";
import { graphqlRoutePlugin } from "./graphql.route.js";
import { healthPlugin } from "./health.route.js";
import { requestLoggingPlugin, securityHeadersPlugin } from "./hooks.js";
import { hubRoutesPlugin } from "./hub.routes.js";
import { jsonBodiesPlugin } from "./json-body.js";
import { metricsPlugin } from "./metrics.js";
import { httpPoliciesPlugin } from "./policies.js";
import { restRoutesPlugin } from "./rest.routes.js";
import { subscriptionsPlugin } from "./subscriptions.js";
import { tracingPlugin } from "./tracing.js";

/**
 * The gateway: GraphQL on /graphql, the TMF REST layer on the same schema, health and readiness.
 * Each capability is a named plugin (fastify-plugin, so its hooks and decorators apply to the whole
 * app) that declares the plugins it needs; they are registered here, in this order, which is also
 * the order of their hooks: what every request goes through first, then the service composition,
 * then the routes.
 */
export async function buildApp(config: Config, database: Database): Promise<FastifyInstance> {
  configureSchemaLocations(config.schemaDir);
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

  // What every request goes through: timing (first, so it times everything), its trace, one log line,
  // security headers, authentication, CORS and rate limit, JSON-only bodies, TMF error mapping.
  await app.register(metricsPlugin, { pool: database.pool });
  await app.register(tracingPlugin, { tracing: config.tracing });
  await app.register(requestLoggingPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(authenticationPlugin, { auth: config.auth, apiScopes: [...TMF_APIS.values()].map((api) => api.scope) });
  await app.register(httpPoliciesPlugin, { corsOrigins: config.corsOrigins, rateLimit: config.rateLimit });
  await app.register(jsonBodiesPlugin, { maxDepth: config.jsonMaxDepth });
  await app.register(errorHandlingPlugin);

  // Events, services, schema, REST translator (app.gateway); Apollo Server on them (app.apollo).
  const { events, graphql, publicBaseUrl, readReplicas, dbPoolSize, preparedStatements, statementTimeoutMs, databaseListenUrl } = config;
  await app.register(gatewayPlugin, { database, events, graphql, publicBaseUrl, readReplicas, dbPoolSize, preparedStatements, statementTimeoutMs, databaseListenUrl });
  await app.register(apolloPlugin, { graphql: config.graphql, explorer: config.explorer, production: config.production });

  // Routes.
  const rest = RESOURCES.flatMap(restVersionsOf);
  await app.register(graphqlRoutePlugin);
  await app.register(explorerPlugin, { mode: config.explorer.mode, explorer: config.explorer });
  await app.register(subscriptionsPlugin, { maxPayload: config.bodyLimit });
  await app.register(restRoutesPlugin, { resources: rest });
  await app.register(hubRoutesPlugin);
  await app.register(docsPlugin, { resources: rest, publicBaseUrl: config.publicBaseUrl });
  await app.register(healthPlugin, { database });
  return app;
}
