import type { FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { GraphQLSchema } from "graphql";
import type { Principal } from "../auth/principal.js";
import type { Config } from "../config.js";
import { Db, type Database } from "../db/database.js";
import { ReadReplicas } from "../db/read-replicas.js";
import { CallbackPolicy } from "../events/callback-policy.js";
import type { EventBus } from "../events/event-bus.js";
import { startEvents } from "../events/start.js";
import { createContext, type Context } from "../graphql/context.js";
import { OperationLimits } from "../graphql/limits/index.js";
import { getSchema } from "../graphql/schema.js";
import { TrustedDocuments } from "../graphql/trusted-documents.js";
import { RESOURCES } from "../modules/registry.js";
import { createServices, type Services } from "../modules/services.js";
import { eventVersionsOf } from "../resource/versions.js";
import { restProjection } from "../rest/projection.js";
import { RestTranslator } from "../rest/translator.js";
import { baseUrlOf } from "./base-url.js";

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
  limits: OperationLimits;
  translator: RestTranslator;
  /** The GraphQL context of an HTTP request: its principal, the base of its hrefs, fresh loaders. */
  context(request: FastifyRequest): Context;
  /** The same for a caller outside an HTTP request (a subscription's WebSocket). */
  contextFor(baseUrl: string, principal: Principal): Context;
  /** With GRAPHQL_TRUSTED_DOCUMENTS=on: the only operations /graphql and subscriptions run. */
  trusted?: TrustedDocuments;
}

export type GatewayOptions = { database: Database } & Pick<Config, "events" | "graphql" | "publicBaseUrl" | "readReplicas" | "dbPoolSize" | "preparedStatements" | "statementTimeoutMs" | "databaseListenUrl">;

/**
 * The service composition, decorated on the app as `gateway`: events (bus and dispatcher, closed on
 * onClose), the services over the database, the schema and its operation limits, the REST
 * translator, and the per-request GraphQL context. Depends on metrics for the outbox gauge.
 */
export const gatewayPlugin = fp<GatewayOptions>(
  async (app, { database, events: eventsConfig, graphql, publicBaseUrl, readReplicas, dbPoolSize, preparedStatements, statementTimeoutMs, databaseListenUrl }) => {
    const callbackPolicy = new CallbackPolicy(eventsConfig.callbackAllow);
    const events = await startEvents(app, databaseListenUrl ?? database.url, eventsConfig, callbackPolicy, eventVersionsOf(RESOURCES));
    // Event payloads are the REST layer's projection: it exists once the schema and services do.
    let translator: RestTranslator | undefined;
    const project = restProjection(() => translator!, () => services, events.bus);
    // Events (the dispatcher, LISTEN) and migrations run without statementTimeoutMs: no client decides their work.
    const db = new Db(database.pool, preparedStatements, statementTimeoutMs);
    const services: Services = createServices(db, project, callbackPolicy, eventsConfig);
    const replicas = readReplicas.urls.length
      ? new ReadReplicas(db.sql, { ...readReplicas, poolSize: dbPoolSize, preparedStatements, statementTimeoutMs, log: (message) => app.log.warn(message) })
      : undefined;
    if (replicas) {
      await replicas.probe();
      app.addHook("onClose", () => replicas.close());
      app.metrics.trackReplicas(replicas);
    }
    app.metrics.trackOutbox(events.pool);

    const schema = await getSchema();
    const limits = new OperationLimits(schema, graphql);
    translator = new RestTranslator(schema, limits);

    const contextFor = (baseUrl: string, principal: Principal): Context => createContext(services, events.bus, baseUrl, principal, undefined, replicas);
    const context = (request: FastifyRequest) => contextFor(baseUrlOf(request, publicBaseUrl), request.principal);
    const trusted = graphql.trustedDocuments ? TrustedDocuments.load(graphql.trustedManifest) : undefined;
    if (trusted) app.log.info(`trusted documents: only the ${trusted.size} operations of the manifest run on /graphql`);
    app.decorate("gateway", { services, events: events.bus, schema, limits, translator, context, contextFor, trusted });
  },
  { name: "gateway", dependencies: ["metrics"], fastify: "5.x" },
);
