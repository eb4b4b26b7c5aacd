import { isObjectType, type GraphQLObjectType, type GraphQLSchema } from "graphql";

/**
 * The cache configuration of the GraphQL clients, generated from the schema (`npm run schema:emit`
 * writes them to graphql/clients/, test/client-config.test.ts checks they match), so it never drifts.
 *
 * Why: TMF reference and value types carry the `id` of what they refer to (`RelatedParty.id` is the
 * party's), so a cache that keys every object with an `id` — Apollo's `__typename:id`, Graphcache's,
 * Relay's global `id` — merges two different references to one party into one record, and the last
 * role read shows everywhere. Only the resources (the types implementing Node) are entities:
 * every other object type is kept inside the resource it was read with.
 */
export function clientConfigFiles(schema: GraphQLSchema): Record<string, string> {
  const node = schema.getType("Node");
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const objects = Object.values(schema.getTypeMap())
    .filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith("__") && !roots.has(t))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const isNode = (t: GraphQLObjectType) => t.getInterfaces().some((i) => i === node);
  const nodes = objects.filter(isNode).map((t) => t.name);
  const values = objects.filter((t) => !isNode(t)).map((t) => t.name);
  return {
    "apollo.ts": apollo(nodes, values),
    "urql.ts": urql(values),
    "relay.ts": relay(),
  };
}

const HEADER = "// Generated from the gateway's schema by `npm run schema:emit`: do not edit (test/client-config.test.ts checks it).\n";
const lines = (names: string[], line: (name: string) => string) => names.map((name) => `  ${line(name)}\n`).join("");

function apollo(nodes: string[], values: string[]): string {
  return `${HEADER}import type { PossibleTypesMap, TypePolicies } from "@apollo/client";

/**
 * For \`new InMemoryCache({ possibleTypes, typePolicies })\` (Apollo Client 3 and 4). Resources
 * (Node) stay entities keyed by \`__typename\` and TMF \`id\`, unique within a type; every other
 * object type (references, value objects, connections) is stored inside the resource it was read
 * with (\`keyFields: false\`): a RelatedParty's \`id\` is the party's, not the reference's.
 */
export const possibleTypes: PossibleTypesMap = {
  Node: [
${nodes.map((name) => `    "${name}",\n`).join("")}  ],
};

export const typePolicies: TypePolicies = {
${lines(values, (name) => `${name}: { keyFields: false },`)}};
`;
}

function urql(values: string[]): string {
  return `${HEADER}import type { KeyingConfig } from "@urql/exchange-graphcache";

/**
 * For \`cacheExchange({ keys })\` (@urql/exchange-graphcache). Resources (Node) keep Graphcache's
 * default key, their TMF \`id\` (unique within a type); every other object type is embedded in the
 * resource it was read with (key null): a RelatedParty's \`id\` is the party's, not the reference's.
 */
export const keys: KeyingConfig = {
${lines(values, (name) => `${name}: () => null,`)}};
`;
}

function relay(): string {
  return `${HEADER}
/**
 * Relay identifies records by one global id field: here \`nodeId\` (Relay's default, \`id\`, is
 * the TMF id, which references share with what they refer to and types share with each other).
 * relay.config.json: \`"schemaConfig": { "nodeInterfaceIdField": "nodeId", "nodeInterfaceIdVariableName": "nodeId" }\`.
 */
export const schemaConfig = { nodeInterfaceIdField: "nodeId", nodeInterfaceIdVariableName: "nodeId" } as const;

/** For \`new Environment({ getDataID })\`: a Node's nodeId; other records get Relay's client ids (by path). */
export function getDataID(fieldValue: { readonly [key: string]: unknown }): unknown {
  return fieldValue.nodeId;
}
`;
}
