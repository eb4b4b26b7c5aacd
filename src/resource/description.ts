import { collectionPath, type AttributeShape, type RestResource } from "../tmf/rest-resource.js";
import { swagger } from "../tmf/swagger.js";
import { tmfName } from "../tmf/tmf-json.js";
import { attributesOf } from "./attributes.js";
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

/**
 * How a description's table is laid out (storage.ts), without the attributes (those are the type's)
 * and without the foreign keys (those are its references': see `Reference`).
 */
export type StorageLayout = Omit<Storage, "attributes" | "foreignKeys">;

/** What a reference refers to: one resource, or one of several (its `@referredType` names which, see `referredResource`). */
export type ReferenceTarget = () => ResourceDescription | readonly ResourceDescription[];

/**
 * A reference to another resource of the gateway, stated once: `() => target` keeps it as given in
 * a JSON column of the attribute's name; `{ to, foreignKey }` keeps its id in the uuid column
 * `foreignKey` (a foreign key to the target's table, unless it names several targets) and the rest
 * of it in JSON `<attribute>Ref`. Storage, `href`s, navigations and the refusal of a referred
 * resource's delete derive from it.
 */
export type Reference = ReferenceTarget | { to: ReferenceTarget; foreignKey: string };

/** A description's references: by attribute, or by the path of a reference inside a structure attribute (`billStructure.format`, kept in JSON). */
export type References = Readonly<Record<string, Reference>>;

export const referenceTargetOf = (reference: Reference): ReferenceTarget => (typeof reference === "function" ? reference : reference.to);

const referencesOf = (description: PartDescription): References => (description as Partial<ResourceDescription>).references ?? {};

const foreignKeys = new WeakMap<PartDescription, Record<string, string>>();

/** The uuid column of each reference backed by a foreign key, by attribute (the storage's `foreignKeys`). */
export function foreignKeysOf(description: PartDescription): Record<string, string> {
  const known = foreignKeys.get(description);
  if (known) return known;
  const entries = Object.entries(referencesOf(description)).flatMap(([attribute, r]) => (typeof r === "function" ? [] : [[attribute, r.foreignKey]]));
  const keys: Record<string, string> = Object.fromEntries(entries);
  foreignKeys.set(description, keys);
  return keys;
}

/**
 * Where `descriptions` refer to `target` through references kept as given (JSON): each referring
 * description with the path of the reference in it. References backed by a foreign key are left
 * out: the database keeps their targets.
 */
export function referrersOf(target: ResourceDescription, descriptions: readonly ResourceDescription[]): { description: ResourceDescription; path: string }[] {
  return descriptions.flatMap((description) =>
    Object.entries(referencesOf(description)).flatMap(([path, reference]) => {
      if (typeof reference !== "function") return [];
      const to = reference();
      return (Array.isArray(to) ? to.includes(target) : to === target) ? [{ description, path }] : [];
    }),
  );
}

/**
 * A navigation from this resource to the one a uuid column of it refers to (GraphQL only: TMF has
 * references, not navigations), and optionally back, as a paged list on the target. Declared on
 * the side that holds the column, so descriptions refer to each other in one direction only.
 */
export type Relation = RelationFields &
  (
    | {
        /**
         * The reference it follows (a key of `references`): backed by a foreign key, its column is
         * that key's; otherwise its path is followed in JSON (no inverse then). Its target is the
         * reference's (`to` only picks one of several targets).
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
    const references = referencesOf(description);
    resolved = (description.relations ?? []).map((relation) => {
      if ("column" in relation) return relation;
      const { reference, to, ...fields } = relation;
      const declared = references[reference];
      if (!declared) throw new Error(`${description.name}.${relation.name}: ${reference} is no reference`);
      const column = foreignKeysOf(description)[reference] ?? reference;
      return { ...fields, column, to: to ?? (referenceTargetOf(declared) as () => ResourceDescription) };
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
   * Attributes that refer to another resource of this gateway, with their foreign keys (see
   * `Reference`): their `href` is derived from it. A reference to one of several resources (a
   * payment's account) lists them: its `@referredType` names which, the first when it names none.
   */
  references?: References;
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
    // A later version offers the model's writes its contract has a path for (TMF678 v5 has no POST
    // /customerBill); the model's own version offers them all (its extensions to the contract included).
    const restOfVersion = (api: TmfApi, later = false): RestResource => {
      const offers = (path: string, method: string) => !later || Boolean(swagger(api.contract).paths[path]?.[method]);
      const [collection, item] = [`/${resource.collection}`, `/${resource.collection}/{id}`];
      return {
        basePath: api.basePath,
        contract: api.contract,
        collection: resource.collection,
        type: resource.name,
        queries: { one: names.one, list: names.list, count: names.count },
        mutations: {
          ...(create && offers(collection, "post") && { create: names.create }),
          ...(update && offers(item, "patch") && { update: names.update }),
          ...(remove && offers(item, "delete") && { delete: names.delete }),
        },
      };
    };
    const model = restOfVersion(resource.api);
    const contracts = versions.map(({ api }) => api.contract);
    rests = versions.map(({ api, reshaped }, i) => {
      const rest = i === 0 ? model : restOfVersion(api, true);
      if (!resource.versions?.length) return rest;
      const attributes = attributesOf(resource.type).map((a) => tmfName(a.name));
      const projection = { contract: api.contract, type: resource.name, model: i === 0, reshaped: reshaped ?? {}, contracts, attributes };
      const version = { projection, label: api.basePath.split("/").pop()!, modelCollection: collectionPath(model), modelContract: model.contract };
      return { ...rest, mutations: { ...rest.mutations, ...(rest.mutations.update && { patch: names.patch }) }, version };
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
