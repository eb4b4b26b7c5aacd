import { badInput } from "../errors.js";
import { apiOf, type RestResource, type VersionProjection } from "../tmf/rest-resource.js";
import { swagger } from "../tmf/swagger.js";
import { restVersionsOf, type ResourceDescription } from "./description.js";
import { contractPlan, type ContractPlan } from "./contract-plan.js";
import { requireAttributes } from "./input-rules.js";
import type { SchemaPlan } from "./schema-plan.js";
import { hrefMover } from "./version-hrefs.js";
import { VersionRepresenter } from "./version-representation.js";
import { applyJsonPatch, mergePatchBetween, type JsonPatchOperation } from "./json-patch.js";

type Json = Record<string, unknown>;

/**
 * One API version of a resource as a request uses it, prepared once: its projection of the model and
 * the plan of its contract (the merge patches sent to it checked as sent).
 */
export interface VersionPlan {
  projection: VersionProjection;
  contract: ContractPlan;
  /** The model's attributes no version's contract defines (the gateway's extensions): every version shows them. */
  extensions: ReadonlySet<string>;
  /** What a representation of this version holds: its contract's attributes, and the extensions. */
  representation: SchemaPlan;
  /** The model's representations as this version's, whole and as `fields` selected them (hrefs as the model's: representerOf moves them). */
  representers: Readonly<Record<"whole" | "selected", VersionRepresenter>>;
}

const versionPlans = new WeakMap<VersionProjection, VersionPlan>();
const FREE_FORM: SchemaPlan = { properties: new Map(), requiresType: false, required: [] };

/** The plan of an API version: compiled on the first call (at start), the same object after. */
export function versionPlan(projection: VersionProjection): VersionPlan {
  let plan = versionPlans.get(projection);
  if (!plan) {
    const contract = contractPlan(projection.contract, projection.type).prepare("MergePatch");
    const defined = (projection.contracts ?? []).map((file) => contractPlan(file, projection.type).representation.properties);
    const extensions = new Set((projection.attributes ?? []).filter((name) => !defined.some((properties) => properties.has(name))));
    const representation = extensions.size
      ? {
          ...contract.representation,
          properties: new Map([...contract.representation.properties, ...[...extensions].map((name) => [name, FREE_FORM] as const)]),
        }
      : contract.representation;
    const parts = { representation: contract.representation, reshaped: projection.reshaped, extensions };
    const representers = { whole: new VersionRepresenter(parts, true), selected: new VersionRepresenter(parts, false) };
    versionPlans.set(projection, (plan = { projection, contract, extensions, representation, representers }));
  }
  return plan;
}

/**
 * A model representation (TMF JSON, as GET of the model returns it) as this version's: reshaped
 * attributes read the version's way, then whatever its contract does not define left out (a v4
 * client never sees what only v5 can express), the `@type` every TMF v5 object carries given
 * where the model has none (the schema's own name, or the subclass the value is), and what the
 * version's contract would refuse completed or left out (ContractPlan.showable). One pass: see
 * version-representation.ts.
 */
export function toVersion(plan: VersionPlan, model: Json, whole = true): Json {
  return plan.representers[whole ? "whole" : "selected"].represent(model);
}

/**
 * A request body of this version (TMF JSON) as the model's: every attribute must be one its
 * contract defines (a 400 names the others), the body must conform to its contract's write
 * definition (`_Create`/`_FVO`, its `required` list included; a merge patch for what it says), and
 * reshaped attributes are written the model's way, by the model's names (`check` false: a
 * representation the gateway made, written back unchecked). The store then accepts what any
 * version accepts (WriteContracts): a body is held to the rules of the version it was sent to,
 * here, and to no other's.
 */
export function fromVersion(version: VersionPlan, body: Json, write: "Create" | "Update", check = true): Json {
  const { projection } = version;
  if (check) checkBody(version, body, write);
  const model: Json = { ...body };
  for (const [name, shape] of Object.entries(projection.reshaped)) {
    const value = model[shape.as ?? name];
    if (value === undefined) continue;
    if (shape.as) delete model[shape.as];
    model[name] = value === null ? null : shape.write(value);
  }
  return model;
}

/** Fails with BAD_USER_INPUT naming what this version's write definition does not define, requires or refuses in `body`. */
function checkBody({ projection, contract }: VersionPlan, body: Json, write: "Create" | "Update"): void {
  const unknown = contract.unknownAttributes(body, write);
  if (unknown.length) throw badInput(`Unknown or read-only attribute(s) for ${projection.type}: ${unknown.join(", ")}`);
  if (write === "Create") requireAttributes(body, contract.mandatory, projection.type);
  // A merge patch may carry part of a nested structure: it is checked for what it says (types,
  // enums, formats), the merged resource then in the store.
  contract.check(write === "Update" ? "MergePatch" : write, body);
}

/** Attributes a write never sets: the server assigns them. */
export const SERVER_ASSIGNED = ["id", "href"] as const;

/**
 * The JSON merge patch of the model that JSON Patch `operations` make of the resource `model` (TMF
 * JSON) as this version represents it: the operations apply to the version's representation, the
 * result is checked as a patch of the version, and what changed is written the model's way —
 * attributes the operations did not touch are left as the row holds them (so what this version
 * cannot show survives its patches).
 */
export function jsonPatchOfVersion(version: VersionPlan, model: Json, operations: readonly JsonPatchOperation[], query: boolean): Json {
  const before = toVersion(version, model);
  const after = applyJsonPatch(before, operations, query);
  for (const key of SERVER_ASSIGNED) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) throw badInput(`'${key}' is assigned by the server and cannot be patched`);
  }
  const withoutAssigned = (doc: Json) => Object.fromEntries(Object.entries(doc).filter(([key]) => !(SERVER_ASSIGNED as readonly string[]).includes(key)));
  // What the operations change is held to the version's patch definition (CustomerBill_MVO: its
  // state and bill cycle), not the attributes they leave as they are.
  checkBody(version, mergePatchBetween(withoutAssigned(before), withoutAssigned(after)), "Update");
  return mergePatchBetween(fromVersion(version, withoutAssigned(before), "Update", false), fromVersion(version, withoutAssigned(after), "Update", false));
}

/**
 * How a model representation (TMF JSON) becomes this REST resource's version's, prepared once: its
 * `href`s on the version's path, its own and those of the resources of its API the version serves
 * (as given, for a resource of one version). `whole` false: a `fields` selection of parts of
 * structures, shown as selected (see toVersion).
 */
export function representerOf(resource: RestResource, whole = true): (model: Json) => Json {
  const version = resource.version;
  if (!version) return (model) => model;
  const { contract, extensions, projection } = versionPlan(version.projection);
  const modelBase = version.modelCollection.slice(0, -`/${resource.collection}`.length);
  const move = hrefMover(modelBase, resource.basePath, resource.contract);
  const representer = new VersionRepresenter({ representation: contract.representation, reshaped: projection.reshaped, extensions, move }, whole);
  return (model) => representer.represent(model);
}

/**
 * How the hub of each API version receives events: outbox events hold the model representation
 * and the API of the model's version; a hub of any version of that API receives them, each in its
 * version's representation.
 */
export interface EventVersions {
  /** The API whose events a hub of `hubApi` receives (itself, unless it is a later version of one). */
  sourceOf(hubApi: string): string;
  /** A resource's stored representation as listeners of `hubApi` read it (undefined: as stored). */
  represent(hubApi: string, resourceType: string, model: Json): Json | undefined;
  /** Whether a hub of `hubApi` receives events of this type: a later version's, those its contract defines. */
  receives(hubApi: string, eventType: string): boolean;
}

export function eventVersionsOf(resources: readonly ResourceDescription[]): EventVersions {
  const sources = new Map<string, string>();
  const representers = new Map<string, (model: Json) => Json>();
  const laterContracts = new Map<string, string>();
  for (const resource of resources) {
    const [model, ...later] = restVersionsOf(resource);
    if (!later.length) continue;
    for (const rest of [model!, ...later]) {
      sources.set(apiOf(rest), apiOf(model!));
      representers.set(`${apiOf(rest)} ${resource.name}`, representerOf(rest));
    }
    for (const rest of later) laterContracts.set(apiOf(rest), rest.contract);
  }
  return {
    sourceOf: (hubApi) => sources.get(hubApi) ?? hubApi,
    represent: (hubApi, resourceType, model) => representers.get(`${hubApi} ${resourceType}`)?.(model),
    receives: (hubApi, eventType) => {
      const contract = laterContracts.get(hubApi);
      return !contract || eventType in swagger(contract).definitions;
    },
  };
}
