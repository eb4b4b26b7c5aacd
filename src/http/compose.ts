import type { FastifyInstance, FastifyRequest } from "fastify";
import type pg from "pg";
import fp from "fastify-plugin";
import type { GraphQLSchema } from "graphql";
import type { Principal } from "../auth/principal.js";
import type { RateLimiter } from "../auth/rate-limiter.js";
import type { Config } from "../config.js";
import { Db, type Database } from "../db/database.js";
import { ReadReplicas } from "../db/read-replicas.js";
import { CallbackPolicy } from "../events/callback-policy.js";
import type { EventBus } from "../events/event-bus.js";
import { startEvents } from "../events/start.js";
import { createContext, type Context } from "../graphql/context.js";
import { OperationLimits } from "../graphql/limits/index.js";
import { OperationPolicy } from "../graphql/policy.js";
import { schemaOf, type AppRegistry } from "../schema/schema.js";
import { TrustedDocuments } from "../graphql/trusted-documents.js";
import { createServices, type Services } from "../modules/services.js";
import { partyRoleResource } from "../modules/party-role/party-role.resource.js";
import { PartyRoleScopes } from "../modules/party-role/party-role-scopes.js";
import { eventVersionsOf } from "../resource/versions.js";
import { restProjection } from "../rest/projection.js";
import { RestTranslator } from "../rest/translator.js";
import type { TraceParent } from "../telemetry/tracing.js";
import { baseUrlOf, clientAddressOf, type Arrival } from "./base-url.js";

declare module "fastify" {
  interface FastifyInstance {
    gateway: Gateway;
  }
}

/** What the transports run on: one set of services, one schema with its limits, one REST translator. */
export interface Gateway {
  services: Services;
  events: EventBus;
  schema: GraphQLSchema;
  /** What every carrier applies to an operation: limits, trusted documents, rate limit, error formatting. */
  policy: OperationPolicy;
  translator: RestTranslator;
  /** The GraphQL context of an HTTP request: its principal, the base of its hrefs, fresh loaders, its trace. */
  context(request: FastifyRequest): Context;
  /** The base of `href`s for a request as it arrived (an HTTP request's raw message, a WebSocket upgrade's). */
  baseUrl(arrival: Arrival): string;
  /** The client's address for a request Fastify does not see (a WebSocket upgrade), by the rule of `request.ip`. */
  clientAddress(arrival: Arrival): string;
  /** The same for a caller outside an HTTP request (a subscription's WebSocket). */
  contextFor(baseUrl: string, principal: Principal, trace?: TraceParent): Context;
  /**
   * The scopes each party role grants (TMF669, the security function), kept current: what the
   * authenticator asks of the roles a token names. Absent when the registry serves no party roles.
   */
  roleScopes?: PartyRoleScopes;
}

export type GatewayOptions = { database: Database; registry: AppRegistry; rateLimiter?: RateLimiter } & Pick<
  Config,
  | "events"
  | "graphql"
  | "publicBaseUrl"
  | "trustProxy"
  | "readReplicas"
  | "dbPoolSize"
  | "preparedStatements"
  | "statementTimeoutMs"
  | "databaseListenUrl"
  | "lists"
  | "partyRoles"
  | "odaComponents"
>;

/**
 * The service composition, decorated on the app as `gateway`: events (bus and dispatcher, closed on
 * onClose), the services over the database, the schema and its operation limits, the REST
 * translator, and the per-request GraphQL context. Depends on metrics for the outbox gauge.
 */
export const gatewayPlugin = fp<GatewayOptions>(
  async (
    app,
    {
      database,
      registry,
      rateLimiter,
      events: eventsConfig,
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
      odaComponents,
    },
  ) => {
    const callbackPolicy = new CallbackPolicy(eventsConfig.callbackAllow);
    const events = await startEvents(
      app,
      databaseListenUrl ?? database.url,
      eventsConfig,
      callbackPolicy,
      eventVersionsOf(registry.resources.map((r) => r.resource)),
    );
    // Event payloads are the REST layer's projection: it exists once the schema and services do.
    let translator: RestTranslator | undefined;
    const project = restProjection(
      () => translator!,
      () => services,
      events.bus,
    );
    // Events (the dispatcher, LISTEN) and migrations run without statementTimeoutMs: no client decides their work.
    // The deployment (ODA_COMPONENT): a table each component's deployment holds its own rows of (party roles) is read and written in its part.
    const deployment = { odaComponents };
    const db = new Db(database.pool, preparedStatements, statementTimeoutMs, { ...lists, cursorSecret: lists.cursorSecret ?? database.url }, deployment);
    const services: Services = createServices(db, project, callbackPolicy, eventsConfig, registry, partyRoles);
    const replicas = readReplicas.urls.length
      ? new ReadReplicas(db.sql, { ...readReplicas, poolSize: dbPoolSize, preparedStatements, statementTimeoutMs, log: (message) => app.log.warn(message) })
      : undefined;
    if (replicas) {
      await replicas.probe();
      app.addHook("onClose", () => replicas.close());
      app.metrics.trackReplicas(replicas);
    }
    app.metrics.trackOutbox(events.pool);

    const schema = await schemaOf(registry);
    const limits = new OperationLimits(schema, graphql);
    translator = new RestTranslator(schema, limits, lists.countMax);
    const trusted = graphql.trustedDocuments ? TrustedDocuments.load(graphql.trustedManifest, graphql.trustedRouters) : undefined;
    if (trusted) app.log.info(`trusted documents: only the ${trusted.size} operations of the manifest run on /graphql`);
    if (trusted) app.metrics.knowOperationNames(trusted.names);
    const policy = new OperationPolicy(limits, { suggestions: graphql.suggestions, trusted, rateLimiter });

    const roleScopes = await startPartyRoles(app, services, db, events.pool, partyRoles, registry, publicBaseUrl);

    const contextFor = (baseUrl: string, principal: Principal, trace?: TraceParent): Context =>
      createContext(services, events.bus, baseUrl, principal, undefined, replicas, trace);
    const baseUrl = (arrival: Arrival) => baseUrlOf(arrival, { publicBaseUrl, trustProxy });
    const context = (request: FastifyRequest) => contextFor(baseUrl(request.raw), request.principal, request.traceSpan?.context);
    const clientAddress = (arrival: Arrival) => clientAddressOf(arrival, trustProxy);
    app.decorate("gateway", { services, events: events.bus, schema, policy, translator, context, baseUrl, clientAddress, contextFor, roleScopes });
  },
  { name: "gateway", dependencies: ["metrics"], fastify: "5.x" },
);

/**
 * The security function, when the registry serves party roles: the seeded roles ensured (their
 * Create events carry `publicBaseUrl`'s hrefs, or localhost's), then the role → scopes map loaded
 * and kept current until the app closes.
 */
async function startPartyRoles(
  app: FastifyInstance,
  services: Services,
  db: Db,
  eventsPool: pg.Pool,
  settings: GatewayOptions["partyRoles"],
  registry: AppRegistry,
  publicBaseUrl: string | undefined,
): Promise<PartyRoleScopes | undefined> {
  if (!registry.resources.some((r) => r.resource === partyRoleResource)) return undefined;
  const seeded = await services.partyRoles.seed(publicBaseUrl ?? "http://localhost");
  if (seeded.length) app.log.info(`party roles: seeded ${seeded.join(", ")}`);
  const securityFunction = services.partyRoles.securityFunction;
  const roleScopes = new PartyRoleScopes(db.sql, eventsPool, { ...settings, securityFunction }, (message, err) => app.log.warn({ err }, message));
  await roleScopes.start();
  const overridden = settings.staticRoles.filter((name) => roleScopes.scopesOf(name) !== undefined);
  if (overridden.length)
    app.log.warn(`party roles ${overridden.join(", ")} are named as roles ROLE_SCOPES maps, which decides for them: rename or delete them`);
  app.addHook("onClose", () => roleScopes.stop());
  return roleScopes;
}
