import { ID, registerEnumType } from "type-graphql";
import { write } from "../auth/scopes.js";
import { asTmfJson } from "../resource/contract.js";
import { operationNames, restVersionsOf, type ResourceDescription } from "../resource/description.js";
import { jsonPatchOfVersion, versionPlan } from "../resource/versions.js";
import { fromTmf } from "../tmf/tmf-json.js";
import type { Context } from "./context.js";
import type { FieldSpec } from "./field-builder.js";
import { JsonPatchOperationInput } from "./json-patch.input.js";

/**
 * The mutations of a resource's operations, under its API's write scope, handed to its service
 * with the principal as the writer (a service may rule on who writes):
 * `createX(input[, idempotencyKey])`, `updateX(id, patch)`, `patchX(id, operations, representation)`
 * for a resource served in several versions, and `deleteX(id)`.
 */
export function mutationFields(resource: ResourceDescription): FieldSpec[] {
  const { create, update, delete: remove } = resource.operations;
  const names = operationNames(resource);
  const service = (ctx: Context) => ctx.services.of(resource);
  const idArg = { name: "id", type: () => ID, description: `Identifier of the ${resource.name}` };
  const mutation = { kind: "mutation", scope: write(resource.api.scope), returns: () => resource.type } as const;
  const fields: FieldSpec[] = [];
  if (create) {
    const input = { name: "input", type: () => create.input, description: `The new ${resource.name}` };
    fields.push({
      ...mutation,
      name: names.create,
      description: create.description,
      ...(create.idempotent
        ? {
            args: [input, { name: "idempotencyKey", type: () => String, nullable: true, description: create.idempotent }],
            resolve: (_root: unknown, { input, idempotencyKey: key }: { input: never; idempotencyKey?: string | null }, ctx: Context) =>
              service(ctx).create!(input, ctx.baseUrl, key === null || key === undefined ? null : { key, owner: ctx.principal.id }, ctx.principal),
          }
        : {
            args: [input],
            resolve: (_root: unknown, { input }: { input: never }, ctx: Context) => service(ctx).create!(input, ctx.baseUrl, null, ctx.principal),
          }),
    });
  }
  if (update) {
    fields.push({
      ...mutation,
      name: names.update,
      description: update.description,
      args: [idArg, { name: "patch", type: () => update.patch, description: "JSON merge patch (RFC 7386): null removes an attribute" }],
      resolve: (_root: unknown, { id, patch }: { id: string; patch: object }, ctx: Context) => service(ctx).update!(id, patch, ctx.baseUrl, ctx.principal),
    });
    fields.push(...patchFields(resource, { ...mutation, args: [idArg] }));
  }
  if (remove) {
    fields.push({
      ...mutation,
      name: names.delete,
      returns: () => Boolean,
      description: remove.description,
      args: [idArg],
      resolve: async (_root: unknown, { id }: { id: string }, ctx: Context) => {
        await service(ctx).delete!(id, ctx.baseUrl, ctx.principal);
        return true;
      },
    });
  }
  return fields;
}

type PatchArgs = { id: string; operations: JsonPatchOperationInput[]; representation: string; query: boolean | null };

/** JSON Patch is defined on a representation: a resource served in several versions takes one naming the attributes of one version. */
function patchFields(resource: ResourceDescription, mutation: Pick<FieldSpec, "kind" | "scope" | "returns" | "args">): FieldSpec[] {
  const versions = restVersionsOf(resource).flatMap((rest) => (rest.version ? [rest.version] : []));
  if (!versions.length) return [];
  const Representation = Object.fromEntries(versions.map((v) => [v.label, v.label]));
  registerEnumType(Representation, {
    name: `${resource.name}Representation`,
    description: `The API versions a ${resource.name} is represented in (JSON Patch paths are a representation's)`,
    valuesConfig: Object.fromEntries(versions.map((v) => [v.label, { description: `As ${v.projection.contract} represents it` }])),
  });
  const plans = new Map(versions.map((v) => [v.label, versionPlan(v.projection)]));
  const patch = (found: { id: string }, { operations, representation, query }: PatchArgs) => {
    const ops = operations.map(({ from, value, ...op }) => ({ ...op, ...(from != null && { from }), ...(value !== undefined && { value }) }));
    return fromTmf(jsonPatchOfVersion(plans.get(representation)!, asTmfJson(found) as Record<string, unknown>, ops, Boolean(query))) as object;
  };
  return [
    {
      ...mutation,
      name: operationNames(resource).patch,
      description: `Applies a JSON Patch (RFC 6902; TMF630 JSON Patch Query with query) to a ${resource.name} as one API version represents it`,
      args: [
        ...(mutation.args ?? []),
        { name: "operations", type: () => [JsonPatchOperationInput], description: "The operations, applied in order, all or none" },
        { name: "representation", type: () => Representation, description: "The API version whose representation the paths name" },
        { name: "query", type: () => Boolean, nullable: true, description: "Paths starting with $ are JSONPath queries (application/json-patch-query+json)" },
      ],
      resolve: (_root: unknown, args: PatchArgs, ctx: Context) =>
        ctx.services.of(resource).update!(args.id, (found: { id: string }) => patch(found, args), ctx.baseUrl, ctx.principal),
    },
  ];
}
