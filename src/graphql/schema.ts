import "reflect-metadata";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema, type NonEmptyArray } from "type-graphql";
import { authChecker } from "../auth/auth-checker.js";
import { HubResolver } from "../modules/hub/hub.resolver.js";
import { SubscriptionResolver } from "../modules/hub/subscription.resolver.js";
import { AccountResolver } from "../modules/account/account.resolver.js";
import {
  BillFormatResolver, BillingCycleSpecificationResolver, BillPresentationMediaResolver, BillStructureResolver, FinancialAccountResolver,
  PartyAccountResolver, SettlementAccountResolver,
} from "../modules/account/accounts.resolver.js";
import {
  AppliedCustomerBillingRateResolver, BillCycleResolver, BillCycleSpecificationResolver, CustomerBillOnDemandResolver,
} from "../modules/bill/bill-run.resolver.js";
import { BillResolver } from "../modules/bill/bill.resolver.js";
import { CustomerResolver } from "../modules/customer/customer.resolver.js";
import { AuthorizePaymentResolver, InitiatePaymentResolver } from "../modules/payment/payment-task.resolver.js";
import { PaymentResolver } from "../modules/payment/payment.resolver.js";
import { RefundResolver } from "../modules/payment/refund.resolver.js";
import { PARTS, RESOURCES } from "../modules/registry.js";
import { FederationResolver, useEntityTypes, useSubgraphSdl } from "./federation/entities.js";
import { printSubgraphSdl } from "./federation/subgraph-sdl.js";
import { usePlainResolvers } from "./plain-resolvers.js";
import { createRelationResolvers } from "./relation.resolvers.js";
import { createNodeResolver, implementNode, usePlainNodeType } from "./node.resolver.js";

let built: Promise<GraphQLSchema> | undefined;

/** type-graphql has no option for the root types' descriptions. */
function describeRoots(schema: GraphQLSchema): GraphQLSchema {
  schema.getQueryType()!.description = "Reads of the TMF resources (TMF629, TMF666, TMF676, TMF678), with the REST layer's filters, sort and pages";
  schema.getMutationType()!.description = "Writes of the TMF resources, and the TMF630 hub's listener registrations";
  schema.getSubscriptionType()!.description = "Committed changes as they happen (over graphql-ws on /graphql)";
  return schema;
}

/** The one executable schema, shared by /graphql and the REST layer. Built once per process. */
export function getSchema(): Promise<GraphQLSchema> {
  if (!built) implementNode(RESOURCES);
  built ??= buildSchema({
    resolvers: [
      CustomerResolver,
      AccountResolver,
      PartyAccountResolver,
      SettlementAccountResolver,
      FinancialAccountResolver,
      BillingCycleSpecificationResolver,
      BillFormatResolver,
      BillPresentationMediaResolver,
      BillStructureResolver,
      BillResolver,
      AppliedCustomerBillingRateResolver,
      BillCycleSpecificationResolver,
      BillCycleResolver,
      CustomerBillOnDemandResolver,
      PaymentResolver,
      RefundResolver,
      AuthorizePaymentResolver,
      InitiatePaymentResolver,
      HubResolver,
      SubscriptionResolver,
      FederationResolver,
      ...createRelationResolvers([...RESOURCES, ...PARTS]),
      createNodeResolver(RESOURCES),
    ] as NonEmptyArray<Function>,
    validate: false,
    authChecker,
    // Every subscription has its own `subscribe` on the cluster-wide EventBus; type-graphql still
    // insists on a PubSub, which nothing uses.
    pubSub: {
      publish: () => {
        throw new Error("publish events through the outbox");
      },
      subscribe: () => {
        throw new Error("subscriptions subscribe through the EventBus");
      },
    },
  })
    .then(usePlainResolvers)
    .then(useEntityTypes)
    .then(usePlainNodeType)
    .then(describeRoots);
  return built;
}

let subgraph: Promise<string> | undefined;

/** The Apollo Federation 2 subgraph SDL (`_service.sdl`), committed as graphql/subgraph.graphql. */
export function subgraphSdl(): Promise<string> {
  subgraph ??= getSchema().then(printSubgraphSdl);
  return subgraph;
}
useSubgraphSdl(subgraphSdl);

/** The SDL committed as graphql/schema.graphql (sorted, so it diffs cleanly). */
export async function schemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
