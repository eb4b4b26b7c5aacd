import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { randomUUID } from "node:crypto";
import type { Config } from "../config.js";
import { limitRules } from "../graphql/limits/index.js";
import type { Database } from "../db/database.js";
import { migrationsApplied } from "../db/migrate.js";
import { createContext, type Context } from "../graphql/context.js";
import { formatError } from "../graphql/format-error.js";
import { getSchema } from "../graphql/schema.js";
import { billingAccountRest } from "../modules/account/account.rest.js";
import { customerBillRest } from "../modules/bill/bill.rest.js";
import { customerRest } from "../modules/customer/customer.rest.js";
import { paymentRest, refundRest } from "../modules/payment/payment.rest.js";
import { createServices } from "../modules/services.js";
import { RestTranslator } from "../rest/translator.js";
import { baseUrlOf } from "./base-url.js";
import { registerDocsRoutes } from "./docs.route.js";
import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import { Authenticator } from "../auth/authenticator.js";
import { AppError } from "../errors.js";
import { registerAuthentication } from "./auth.hook.js";
import { registerErrorHandling } from "./error-handler.js";
import { Metrics } from "./metrics.js";
import { registerRequestLogging, registerSecurityHeaders } from "./hooks.js";
import { registerGraphqlRoute } from "./graphql.route.js";
import { registerRestRoutes } from "./rest.routes.js";

export const REST_RESOURCES = [customerRest, billingAccountRest, customerBillRest, paymentRest, refundRest];

/** The gateway: GraphQL on /graphql, the TMF REST layer on the same schema, health and readiness. */
export async function buildApp(config: Config, database: Database): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel, redact: ["req.headers.authorization", "req.headers['x-api-key']"] },
    disableRequestLogging: true,
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimit,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
  });
  const metrics = new Metrics(database.pool);
  metrics.register(app);
  registerRequestLogging(app);
  registerSecurityHeaders(app);
  registerAuthentication(app, new Authenticator(config.auth));
  await app.register(cors, { origin: config.corsOrigins.length ? config.corsOrigins : false, exposedHeaders: ["x-total-count", "x-result-count", "x-request-id", "location"] });
  if (config.rateLimit.max > 0) await app.register(rateLimit, {
    hook: "preHandler",
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.windowMs,
    keyGenerator: (request) => (request.principal && request.principal.via !== "anonymous" ? request.principal.id : request.ip),
    errorResponseBuilder: (_request, context) =>
      new AppError("TOO_MANY_REQUESTS", `Rate limit of ${context.max} requests per ${context.after} exceeded; retry later`, "Too Many Requests"),
  });
  // JSON only (and JSON merge patch): anything else is a 415.
  app.removeContentTypeParser("text/plain");
  app.addContentTypeParser("application/merge-patch+json", { parseAs: "string" }, app.getDefaultJsonParser("error", "error"));
  registerErrorHandling(app);

  const services = createServices(database.prisma);
  const schema = await getSchema();
  const context = (request: FastifyRequest): Context =>
    createContext(services, baseUrlOf(request, config.publicBaseUrl), request.principal);

  const validationRules = limitRules(config.graphql);
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    validationRules,
    introspection: config.graphql.introspection,
    plugins: [ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }), metrics.apolloPlugin()],
  });
  await apollo.start();
  app.addHook("onClose", () => apollo.stop());
  registerGraphqlRoute(app, apollo, context);
  registerRestRoutes(app, REST_RESOURCES, new RestTranslator(schema, validationRules), context);
  registerDocsRoutes(app, REST_RESOURCES, config.publicBaseUrl);

  app.get("/health", async () => ({ status: "ok" }));
  app.get("/ready", async (_request, reply) => {
    try {
      const ready = await migrationsApplied((sql) => database.pool.query(sql));
      return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "migrations pending" });
    } catch {
      return reply.code(503).send({ status: "database unreachable" });
    }
  });
  return app;
}
