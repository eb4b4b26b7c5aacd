import type { GraphQLSchema } from "graphql";
import { filterSchema } from "@graphql-tools/utils";
import { OWNER } from "../graphql/resource.resolver.js";
import type { ResourceDescription } from "../resource/description.js";

/**
 * The schema of a deployment serving some resources only (an ODA Component): the root fields
 * (queries, mutations, subscriptions) of the others removed, known by the resource they name
 * (OWNER). Their types stay, as the targets of the served resources' navigations; root fields of no
 * resource (the hub's, built for the served APIs only; `node`; the federation's) stay.
 */
export function servingOnly(schema: GraphQLSchema, served: readonly ResourceDescription[]): GraphQLSchema {
  const names = new Set(served.map((r) => r.name));
  return filterSchema({
    schema,
    rootFieldFilter: (_operation, _name, field) => {
      const owner = field.extensions?.[OWNER] as string | undefined;
      return owner === undefined || names.has(owner);
    },
  });
}
