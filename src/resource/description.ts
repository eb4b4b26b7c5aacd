import { collectionPath, type AttributeShape, type RestResource } from "../tmf/rest-resource.js";
import type { Storage } from "./storage.js";

type Class<T = unknown> = abstract new (...args: never[]) => T;

/** One TMF API (one swagger): its REST base path, its contract and the scope that guards it. */
export interface TmfApi {
  /** API base path from the swagger, e.g. "/tmf-api/customerManagement/v4"; its hub is `<basePath>/hub`. */
  basePath: string;
  /** The official swagger in specs/ (served, trimmed to what is implemented, on /docs). */
  contract: string;
  /** Scopes `<scope>:read` and `<scope>:write` guard the API (e.g. "customer"). */
  scope: string;
}

/**
 * Another version of a resource's API, served beside `api` from the same rows and the same GraphQL
 * type: a projection of the model on its own contract (TMF629 v5 beside v4). The model holds the
 * union of the versions' attributes; each version shows and accepts what its contract defines.
 */
export interface ApiVersion {
  api: TmfApi;
  /** The attributes this version shapes differently from the model (TMF JSON both ways). */
  reshaped?: Readonly<Record<string, AttributeShape>>;
}

/** How a description's table is laid out (storage.ts), without the attributes: those are the type's. */
export type StorageLayout = Omit<Storage, "attributes">;

/**
 * A navigation from this resource to the one a uuid column of it refers to (GraphQL only: TMF has
 * references, not navigations), and optionally back, as a paged list on the target. Declared on
 * the side that holds the column, so descriptions refer to each other in one direction only.
 */
export type Relation = RelationFields &
  (
    | {
        /**
         * The reference attribute it follows, backed by a foreign key: its column is the storage's
         * `foreignKeys` entry and its target the reference's (`to` only picks one of several targets).
         */
        reference: string;
        to?: () => ResourceDescription;
      }
    | {
        /**
         * The uuid column (an internal column) that holds the target's id; or, for a relation
         * without inverse, the path of a reference attribute whose `id` it follows (`billStructure.format`).
         */
        column: string;
        to: () => ResourceDescription;
      }
  );

interface RelationFields {
  /** The field on this resource, e.g. BillingAccount.customer. */
  name: string;
  description: string;
  /** The list of this resource's rows on the target, e.g. Customer.accounts (in relation order, paged). */
  inverse?: { name: string; description: string };
}

/** A relation with its column and target resolved. */
export type ResolvedRelation = RelationFields & { column: string; to: () => ResourceDescription };

const resolvedRelations = new WeakMap<PartDescription, ResolvedRelation[]>();

/** The relations of a description, each with its column and target (from its reference's foreign key and target when it names one). */
export function relationsOf(description: PartDescription): ResolvedRelation[] {
  let resolved = resolvedRelations.get(description);
  if (!resolved) {
    const references = (description as Partial<ResourceDescription>).references ?? {};
    resolved = (description.relations ?? []).map((relation) => {
      if ("column" in relation) return relation;
      const { reference, to, ...fields } = relation;
      const column = description.storage.foreignKeys[reference];
      const target = references[reference];
      if (!column || !target) throw new Error(`${description.name}.${relation.name}: ${reference} is no reference with a foreign key`);
      return { ...fields, column, to: to ?? (target as () => ResourceDescription) };
    });
    resolvedRelations.set(description, resolved);
  }
  return resolved;
}

/** A part of a resource kept in a table of its own (e.g. a payment's items): no API, no operations. */
export interface PartDescription<T = unknown> {
  /** The TMF name of the part, its GraphQL object type. */
  name: string;
  type: Class<T>;
  storage: StorageLayout;
  relations?: Relation[];
}

/**
 * Everything about one TMF resource that is not its attributes (those are its type-graphql class):
 * from this one description the GraphQL query and mutation names, the REST routes, the scopes, the
 * hub, the store, the reference `href`s and the event types are derived (see the functions below).
 * An API version is a projection of the model: another version is another description of the same
 * storage and type.
 */
export interface ResourceDescription<T extends { id: string } = { id: string }> extends PartDescription<T> {
  api: TmfApi;
  /** Later versions of the API, served from the same model (the first version is `api`). */
  versions?: readonly ApiVersion[];
  /** Collection segment of the REST path, e.g. "customer". */
  collection: string;
  /** Writes the API offers (reads always exist): create takes `input`, update `(id, patch)`, delete `(id)`. */
  operations: {
    /** `idempotent`: the create takes an `idempotencyKey` argument, with this description. */
    create?: { input: Class; description: string; idempotent?: string };
    update?: { patch: Class; description: string };
    delete?: { description: string };
  };
  /** `<Type>_Create.required` of the swagger (test/contract.test.ts checks it against the shipped file). */
  mandatory: readonly string[];
  /**
   * The resource whose rows this one reads, when it is another API's projection of them (TMF678's
   * BillCycleSpecification of TMF666's): a row's default `@type`, that resource's name, reads as this one's.
   */
  projectionOf?: () => ResourceDescription;
  /**
   * Attributes that refer to another resource of this gateway: their `href` is derived from it. A
   * reference to one of several resources (a payment's account) lists them: its `@referredType`
   * names which (see `referredResource`), the first when it names none of them.
   */
  references?: Record<string, () => ResourceDescription | readonly ResourceDescription[]>;
  events: {
    create?: boolean;
    delete?: boolean;
    /**
     * The state attribute: a change of it is a `<Type>StateChangeEvent`, of others an
     * AttributeValueChange (those only where clients update the resource; a task's state changes as it is decided).
     */
    state?: string;
    /** What the API calls a change of `state` (TMF670 v4: `PaymentMethodStatusChangeEvent`); `StateChange` by default. */
    stateEvent?: "StatusChange";
  };
}

/** Which of `targets` a reference names by its `@referredType` (case-insensitively); the first when none. */
export function referredResource(targets: ResourceDescription | readonly ResourceDescription[], ref: { atReferredType?: string | null } | null | undefined) {
  if (!Array.isArray(targets)) return targets as ResourceDescription;
  const type = ref?.atReferredType?.toLowerCase();
  return (targets as readonly ResourceDescription[]).find((target) => target.name.toLowerCase() === type) ?? targets[0]!;
}

const lowerFirst = (name: string) => name[0]!.toLowerCase() + name.slice(1);

/** The GraphQL field names of a resource's operations: `customer`, `customers`, `customersCount`, `createCustomer`, …, `patchCustomer` (JSON Patch), `customerChanged` */
export function operationNames(resource: ResourceDescription) {
  const one = lowerFirst(resource.name);
  return {
    one,
    list: `${one}s`,
    count: `${one}sCount`,
    create: `create${resource.name}`,
    update: `update${resource.name}`,
    delete: `delete${resource.name}`,
    patch: `patch${resource.name}`,
    changed: `${one}Changed`,
  };
}

const restCache = new WeakMap<ResourceDescription, RestResource[]>();

/** The REST description the translator, the routes and /docs work from (of the API's first version: the model's `href`s). */
export function restOf(resource: ResourceDescription): RestResource {
  return restVersionsOf(resource)[0]!;
}

/**
 * The REST descriptions of every version of the resource's API, the first first. A resource served
 * in several versions has each projected from the model on its own contract (`version`).
 */
export function restVersionsOf(resource: ResourceDescription): readonly RestResource[] {
  let rests = restCache.get(resource);
  if (!rests) {
    const names = operationNames(resource);
    const { create, update, delete: remove } = resource.operations;
    const versions = [{ api: resource.api, reshaped: {} }, ...(resource.versions ?? [])];
    const restOfVersion = (api: TmfApi): RestResource => ({
      basePath: api.basePath,
      contract: api.contract,
      collection: resource.collection,
      type: resource.name,
      queries: { one: names.one, list: names.list, count: names.count },
      mutations: { ...(create && { create: names.create }), ...(update && { update: names.update }), ...(remove && { delete: names.delete }) },
    });
    const model = restOfVersion(resource.api);
    rests = versions.map(({ api, reshaped }, i) => {
      const rest = i === 0 ? model : restOfVersion(api);
      if (!resource.versions?.length) return rest;
      const projection = { contract: api.contract, type: resource.name, model: i === 0, reshaped: reshaped ?? {} };
      const version = { projection, label: api.basePath.split("/").pop()!, modelCollection: collectionPath(model), modelContract: model.contract };
      return { ...rest, mutations: { ...rest.mutations, ...(update && { patch: names.patch }) }, version };
    });
    restCache.set(resource, rests);
  }
  return rests;
}

/** The TMF event types a resource emits (TMF630 naming: `<Type><Kind>Event`). */
export function eventTypesOf(resource: ResourceDescription): string[] {
  const { create, delete: remove, state } = resource.events;
  const changes = Boolean(resource.operations.update);
  const kinds = [create && "Create", changes && "AttributeValueChange", state && "StateChange", remove && "Delete"].filter(Boolean) as EventKind[];
  return kinds.map((kind) => eventType(resource, kind));
}

export type EventKind = "Create" | "AttributeValueChange" | "StateChange" | "Delete";

/** The TMF event type of a kind of change of a resource (its API's word for a state change). */
export const eventType = (resource: { name: string; events?: ResourceDescription["events"] }, kind: EventKind) =>
  `${resource.name}${kind === "StateChange" ? (resource.events?.stateEvent ?? kind) : kind}Event`;
