import { contractPlan, type ContractPlan } from "../resource/contract-plan.js";
import type { SchemaPlan } from "../resource/schema-plan.js";
import { representerOf, versionPlan, type VersionPlan } from "../resource/versions.js";
import type { RestResource } from "../tmf/rest-resource.js";
import { toTmf } from "../tmf/tmf-json.js";
import type { GraphQLInputObjectType } from "graphql";
import { bodyInput, inputWalker, type InputWalker } from "./body-input.js";
import { modelBody } from "./versioned.js";

type Json = Record<string, unknown>;
type Write = "Create" | "Update";

/**
 * What a REST call of one resource (in one API version) needs of its contracts, prepared once per
 * resource when its routes are registered: a call goes from its body to the GraphQL input, and from
 * the GraphQL result to its representation, reading only this.
 */
export class RestPlan {
  /** The version's plan, for a resource served in several API versions. */
  readonly version?: VersionPlan;
  /** The model's contract, of a resource that takes writes: the body walk reads its write definitions (the store checks against it too). */
  readonly model?: ContractPlan;
  /** What a `fields` selection may name, where the GraphQL type holds more than the contract (see contractSelection). */
  readonly selection?: SchemaPlan;
  /** A GraphQL result of the resource as its REST representation: TMF JSON, made a later version's own. */
  readonly represent: (result: unknown) => unknown;
  /** The same of a `fields` selection naming parts of structures (`engagedParty.id`): what was selected, as selected. */
  readonly representSelected: (result: unknown) => unknown;

  constructor(private readonly resource: RestResource) {
    const projection = resource.version?.projection;
    this.version = projection && versionPlan(projection);
    const writes = resource.mutations.create ?? resource.mutations.update;
    this.model = writes ? contractPlan(resource.version?.modelContract ?? resource.contract, resource.type) : undefined;
    // The model's own version of a resource served in several selects only what its contract
    // defines and the gateway's extensions (its representation is then the model's as read);
    // another version selects the model's whole and makes it its own.
    this.selection = projection?.model ? this.version!.representation : undefined;
    const [represent, selected] = [representerOf(resource), representerOf(resource, false)];
    // The model's own version shows what it reads as its contract accepts it (ContractPlan.showable):
    // what a later version wrote may lack what this one requires.
    const contract = this.version?.contract;
    this.represent = !projection
      ? toTmf
      : projection.model
        ? (result) => contract!.showable(toTmf(result) as Json)
        : (result) => represent(toTmf(result) as Json);
    this.representSelected = !projection || projection.model ? toTmf : (result) => selected(toTmf(result) as Json);
  }

  /** The body walk of `write` on its GraphQL input type: compiled once per input type (the translator holds it). */
  walkerOf(inputType: GraphQLInputObjectType | undefined, write: Write): InputWalker | undefined {
    return inputType && inputWalker(inputType, this.model?.writes[write]);
  }

  /** The body of a create or merge patch as the GraphQL input (a 400 for what neither the input nor the contract knows). */
  input(body: unknown, walker: InputWalker, write: Write): unknown {
    return bodyInput(modelBody(this.version, body, write), walker, this.resource.type);
  }
}

const plans = new WeakMap<RestResource, RestPlan>();

/** The plan of a REST resource: prepared on the first call (route registration), the same object after. */
export function restPlan(resource: RestResource): RestPlan {
  let plan = plans.get(resource);
  if (!plan) plans.set(resource, (plan = new RestPlan(resource)));
  return plan;
}
