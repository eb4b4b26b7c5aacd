import { configureSchemaLocations } from "../resource/schema-locations.js";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { randomUUID } from "node:crypto";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { startDemoData } from "../demo/index.js";
import { tmfApisOf } from "../modules/registry.js";
import { registryServing, type AppRegistry } from "../schema/schema.js";
import { RateLimiter } from "../auth/rate-limiter.js";
import { read, write } from "../auth/scopes.js";
import { restVersionsOf } from "../resource/description.js";
import { stringifyResult } from "../tmf/exact-json.js";
import { apolloPlugin } from "./apollo.js";
import { billDocumentRoutesPlugin } from "./bill-document.route.js";
import { LayeredRoleScopes } from "../auth/role-scopes.js";
import { StaticRoleScopes } from "../auth/token-roles.js";
import { authenticationPlugin } from "./auth.hook.js";
import { trustsProxy } from "./base-url.js";
import { gatewayPlugin } from "./compose.js";
import { docsPlugin } from "./docs.route.js";
import { clientErrorHandler, errorHandlingPlugin, frameworkErrors } from "./error-handler.js";
import { explorerPlugin } from "./explorer/index.js";
import { graphqlRoutePlugin } from "./graphql.route.js";
import { healthPlugin } from "./health.route.js";
import { requestLoggingPlugin, securityHeadersPlugin } from "./hooks.js";
import { hubRoutesPlugin } from "./hub.routes.js";
import { jsonBodiesPlugin } from "./json-body.js";
import { mcpPlugin } from "./mcp/mcp.route.js";
import { metricsPlugin } from "./metrics.js";
import { corsPlugin, httpPoliciesPlugin } from "./policies.js";
import { restRoutesPlugin } from "./rest.routes.js";
import { subscriptionsPlugin } from "./subscriptions.js";
import { tracingPlugin } from "./tracing.js";

/** The HTTP server's options: its logger, timeouts and limits, the framework's error answers. */
function fastifyOptions(config: Config) {
  return {
    logger: { level: config.logLevel, redact: ["req.headers.authorization", "req.headers['x-api-key']"] },
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustsProxy(config.trustProxy),
    bodyLimit: config.bodyLimit,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
    // A client holds a connection only while it sends a request in time, or idles between requests.
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    http: { headersTimeout: config.http.headersTimeoutMs, connectionsCheckingInterval: 1000 },
    routerOptions: { maxParamLength: 200 },
    // The gateway plugin compiles every API version's contract plans at start: seconds on a busy
    // machine (fastify's default allows a plugin 10 s).
    pluginTimeout: 60_000,
    frameworkErrors,
    clientErrorHandler,
  };
}

/**
 * The gateway: GraphQL on /graphql, the TMF REST layer on the same schema, health and readiness.
 * Each capability is a named plugin (fastify-plugin, so its hooks and decorators apply to the whole
 * app) that declares the plugins it needs; they are registered here, in this order, which is also
 * the order of their hooks: what every request goes through first, then the service composition,
 * then the routes. `given`: the resources it serves (a test gives its own; by default the gateway's, those of ODA_COMPONENT).
 */
export async function buildApp(config: Config, database: Database, given?: AppRegistry): Promise<FastifyInstance> {
  // ODA_COMPONENT: the resources (and so the APIs) this deployment serves; by default all of them.
  const registry = given ?? registryServing(config.odaComponents);
  const resources = registry.served ?? registry.resources.map((r) => r.resource);
  const apis = tmfApisOf(resources);
  configureSchemaLocations(config.schemaDir);
  const app = Fastify(fastifyOptions(config));
  app.setReplySerializer(stringifyResult);
  // TMF error mapping first: a route takes the error handler set when it is added, and plugins below
  // add routes (@fastify/cors its OPTIONS route, metrics /metrics).
  await app.register(errorHandlingPlugin);

  // What every request goes through: timing (first, so it times everything), its trace, one log line,
  // security headers, CORS (a preflight carries no credentials: answered before authentication),
  // authentication, rate limit, JSON-only bodies.
  await app.register(metricsPlugin, { pool: database.pool, maxOperationNames: config.metricsOperationNames });
  await app.register(tracingPlugin, { tracing: config.tracing });
  await app.register(requestLoggingPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(corsPlugin, { corsOrigins: config.corsOrigins });
  // What a token's roles grant: ROLE_SCOPES, then the party roles of the security function (composed with the gateway below).
  const roleScopes = new LayeredRoleScopes(new StaticRoleScopes(config.auth.roleScopes));
  await app.register(authenticationPlugin, {
    auth: config.auth,
    // Every API's scopes, served here or not: one API_KEYS for the deployments of every ODA Component.
    apiScopes: [...tmfApisOf(registry.resources.map((r) => r.resource)).values()].map((api) => api.scope),
    authFailures: { max: config.authFailuresMax, windowMs: config.rateLimit.windowMs },
    roleScopes,
  });
  // One rate limit for every carrier: HTTP requests here, operations on a WebSocket through the gateway's policy.
  const rateLimiter = config.rateLimit.max > 0 ? new RateLimiter(config.rateLimit.max, config.rateLimit.windowMs) : undefined;
  await app.register(httpPoliciesPlugin, { rateLimiter });
  await app.register(jsonBodiesPlugin, { maxDepth: config.jsonMaxDepth });

  // Events, services, schema, REST translator (app.gateway); Apollo Server on them (app.apollo).
  const { events, graphql, publicBaseUrl, trustProxy, readReplicas, dbPoolSize, preparedStatements, statementTimeoutMs, databaseListenUrl, lists, partyRoles } =
    config;
  await app.register(gatewayPlugin, {
    database,
    registry,
    rateLimiter,
    events,
    graphql,
    publicBaseUrl,
    trustProxy,
    readReplicas,
    dbPoolSize,
    preparedStatements,
    statementTimeoutMs,
    databaseListenUrl,
    lists,
    partyRoles,
    odaComponents: config.odaComponents,
  });
  roleScopes.use(app.gateway.roleScopes);
  // DEMO_DATA, by default on with the embedded PostgreSQL outside production: seeded before the first request.
  // It writes every resource through GraphQL: not in a deployment that serves some of them only.
  const demoVariables =
    !registry.served && (config.demoData ?? (database.embedded && !config.production))
      ? await startDemoData(app.gateway, database.url, config.publicBaseUrl ?? `http://localhost:${config.port}`, (message) => app.log.info(message))
      : undefined;
  await app.register(apolloPlugin, { graphql: config.graphql, explorer: config.explorer, production: config.production, explorerVariables: demoVariables });

  // Routes.
  const rest = resources.flatMap(restVersionsOf);
  await app.register(graphqlRoutePlugin, { jsonMaxDepth: config.jsonMaxDepth });
  await app.register(explorerPlugin, { mode: config.explorer.mode, explorer: config.explorer, variables: demoVariables });
  await app.register(subscriptionsPlugin, { maxPayload: config.bodyLimit, graphql: config.graphql, jsonMaxDepth: config.jsonMaxDepth });
  await app.register(restRoutesPlugin, { resources: rest });
  if (config.mcp) {
    const scopes = [...new Set([...apis.values()].map((api) => api.scope))].flatMap((scope) => [read(scope), write(scope)]);
    await app.register(mcpPlugin, { resources: rest, auth: config.auth, scopes });
  }
  await app.register(hubRoutesPlugin, { apis });
  await app.register(billDocumentRoutesPlugin, { resources: rest });
  await app.register(docsPlugin, { resources: rest, publicBaseUrl: config.publicBaseUrl, trustProxy: config.trustProxy });
  await app.register(healthPlugin, { database });
  return app;
}
