import type { GraphQLSchema } from "graphql";
import type { Principal } from "../auth/principal.js";
import type { Context } from "../graphql/context.js";
import { demoExplorerVariables } from "./explorer-variables.js";
import { seedDemoData, type DemoRunner } from "./seed.js";

/** What the demo needs of the gateway (src/http/compose.ts): its schema, in-process runner and contexts. */
export interface DemoGateway {
  schema: GraphQLSchema;
  translator: { execute(source: string, variables: Record<string, unknown>, context: Context): Promise<Record<string, unknown>> };
  contextFor(baseUrl: string, principal: Principal): Context;
}

export type ExplorerVariables = () => Promise<Record<string, unknown> | undefined>;

/**
 * DEMO_DATA on: seeds the demo data into a database that holds none of the gateway's resources
 * (seed.ts), and returns what gives the explorer its variables naming the demo resources.
 */
export async function startDemoData(gateway: DemoGateway, databaseUrl: string, baseUrl: string, log: (message: string) => void): Promise<ExplorerVariables> {
  const runner: DemoRunner = {
    schema: gateway.schema,
    execute: (source, variables, context) => gateway.translator.execute(source, variables, context),
    context: (principal) => gateway.contextFor(baseUrl, principal),
  };
  const started = performance.now();
  const seeded = await seedDemoData(databaseUrl, runner);
  const ms = Math.round(performance.now() - started);
  log(seeded ? `demo data: seeded in ${ms} ms (DEMO_DATA=false starts empty)` : "demo data: the database holds data already; nothing seeded");
  return demoExplorerVariables(runner);
}
