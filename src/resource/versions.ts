import { AppError, badInput } from "../errors.js";
import { apiOf, collectionPath, type RestResource, type VersionProjection } from "../tmf/rest-resource.js";
import { asTmfJson } from "./contract.js";
import { restVersionsOf, type ResourceDescription } from "./description.js";
import { contractPlan, type ContractPlan } from "./contract-plan.js";
import { requireAttributes } from "./input-rules.js";
import { applyJsonPatch, mergePatchBetween, type JsonPatchOperation } from "./json-patch.js";

type Json = Record<string, unknown>;

/**
 * One API version of a resource as a request uses it, prepared once: its projection of the model and
 * the plan of its contract (a later version's merge patches checked as sent).
 */
export interface VersionPlan {
  projection: VersionProjection;
  contract: ContractPlan;
}

const versionPlans = new WeakMap<VersionProjection, VersionPlan>();

/** The plan of an API version: compiled on the first call (at start), the same object after. */
export function versionPlan(projection: VersionProjection): VersionPlan {
  let plan = versionPlans.get(projection);
  if (!plan) {
    const contract = contractPlan(projection.contract, projection.type).prepare("MergePatch");
    versionPlans.set(projection, (plan = { projection, contract }));
  }
  return plan;
}

/** A model representation (TMF JSON) with the attributes this version reshapes read its way. */
function readAs(projection: VersionProjection, model: Json): Json {
  const shaped: Json = { ...model };
  for (const [name, shape] of Object.entries(projection.reshaped)) {
    if (shaped[name] !== undefined && shaped[name] !== null) shaped[name] = shape.read(shaped[name]);
  }
  return shaped;
}

/**
 * A model representation (TMF JSON, as GET of the model returns it) as this version's: reshaped
 * attributes read the version's way, then whatever its contract does not define left out (a v4
 * client never sees what only v5 can express), the `@type` every TMF v5 object carries given
 * where the model has none (the schema's own name, or the subclass the value is), and what the
 * version's contract would refuse completed or left out (ContractPlan.showable).
 */
export function toVersion({ projection, contract }: VersionPlan, model: Json, whole = true): Json {
  const conformed = contract.conform(readAs(projection, model));
  return whole ? contract.showable(conformed) : conformed;
}

/**
 * A request body of this version (TMF JSON) as the model's: every attribute must be one its
 * contract defines (a 400 names the others), the body must conform to its contract's write
 * definition (`_Create`/`_FVO`; a merge patch for what it says), and reshaped attributes are
 * written the model's way (`check` false: a representation the gateway made, written back
 * unchecked). The store then accepts what any version accepts (WriteContracts): a body is held to
 * the rules of the version it was sent to, here, and to no other's.
 */
export function fromVersion({ projection, contract }: VersionPlan, body: Json, write: "Create" | "Update", check = true): Json {
  if (check) {
    const unknown = contract.unknownAttributes(body, write);
    if (unknown.length) throw badInput(`Unknown or read-only attribute(s) for ${projection.type}: ${unknown.join(", ")}`);
    if (write === "Create") requireAttributes(body, contract.mandatory, projection.type);
    // A merge patch may carry part of a nested structure: it is checked for what it says (types,
    // enums, formats), the merged resource then in the store.
    contract.check(write === "Update" ? "MergePatch" : write, body);
  }
  const model: Json = { ...body };
  for (const [name, shape] of Object.entries(projection.reshaped)) {
    if (model[name] !== undefined && model[name] !== null) model[name] = shape.write(model[name]);
  }
  return model;
}

/**
 * What the model's writes are held to, of a resource served in several API versions: a body (the
 * model's, as GraphQL takes it) is accepted when the write definition of one version accepts it,
 * read that version's way — the model accepts what any version allows, so a client following one
 * version's contract is never refused for another's. Refused by all, the model's own version says
 * why. A resource of one version is held to its contract alone.
 */
export class WriteContracts {
  private readonly versions: readonly VersionPlan[];
  /** The attributes every version's create requires (of `mandatory`, the model's `_Create.required`). */
  readonly mandatory: readonly string[];

  constructor(resource: ResourceDescription) {
    const rests = restVersionsOf(resource);
    this.versions = rests.map((rest) =>
      rest.version
        ? versionPlan(rest.version.projection)
        : { projection: { contract: rest.contract, type: rest.type, model: true, reshaped: {} }, contract: contractPlan(rest.contract, rest.type) },
    );
    this.mandatory = resource.mandatory.filter((name) => this.versions.every(({ contract }) => contract.writes.Create?.required.includes(name) ?? true));
  }

  check(write: "Create" | "Update", input: object): void {
    let refusal: unknown;
    for (const { projection, contract } of this.versions) {
      try {
        contract.check(write, projection.model ? input : readAs(projection, asTmfJson(input) as Json));
        return;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        refusal ??= err;
      }
    }
    throw refusal;
  }
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
  return mergePatchBetween(fromVersion(version, withoutAssigned(before), "Update", false), fromVersion(version, withoutAssigned(after), "Update"));
}

/**
 * How a model representation (TMF JSON) becomes this REST resource's version's, prepared once: its
 * own `href` on the version's path (as given for a resource of one version). `whole` false: a
 * `fields` selection of parts of structures, shown as selected (see toVersion).
 */
export function representerOf(resource: RestResource, whole = true): (model: Json) => Json {
  const version = resource.version;
  if (!version) return (model) => model;
  const plan = versionPlan(version.projection);
  const own = collectionPath(resource);
  return (model) => {
    const represented = toVersion(plan, model, whole);
    if (typeof represented.href === "string" && version.modelCollection !== own) represented.href = represented.href.replace(version.modelCollection, own);
    return represented;
  };
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
}

export function eventVersionsOf(resources: readonly ResourceDescription[]): EventVersions {
  const sources = new Map<string, string>();
  const representers = new Map<string, (model: Json) => Json>();
  for (const resource of resources) {
    const [model, ...later] = restVersionsOf(resource);
    if (!later.length) continue;
    for (const rest of [model!, ...later]) {
      sources.set(apiOf(rest), apiOf(model!));
      representers.set(`${apiOf(rest)} ${resource.name}`, representerOf(rest));
    }
  }
  return {
    sourceOf: (hubApi) => sources.get(hubApi) ?? hubApi,
    represent: (hubApi, resourceType, model) => representers.get(`${hubApi} ${resourceType}`)?.(model),
  };
}
