import { writeDefinition } from "../tmf/swagger.js";
import { checkWith, contractKind, contractValidator, type ContractKind, type ContractValidator, type Write } from "./contract.js";
import { conform, schemaPlan, showable, unknownAttributes, type SchemaPlan } from "./schema-plan.js";

type Json = Record<string, unknown>;

/** What a create need not carry of its definition's `required` list. */
const ASSIGNED = ["@type", "id", "href"];

/**
 * What a request needs of the TMF contract of one resource in one API version, compiled once per
 * (contract, resource) — at start, by the store and the REST routes — so a call reads this plan and
 * never the contract: the schemas of the resource and of its writes (`_Create`/`_FVO`,
 * `_Update`/`_MVO`) as walkable plans (body walk, unknown attributes, the version's representation,
 * the `fields` selection, the subclasses `@type` names), and the writes' compiled validators (their
 * `required` lists, enums, formats).
 */
export class ContractPlan {
  /** The resource's own definition: what a representation of this version holds. */
  readonly representation: SchemaPlan;
  /** The definitions a create and a patch are held to (absent: the contract defines neither for the type). */
  readonly writes: Readonly<Record<"Create" | "Update", SchemaPlan | undefined>>;
  /**
   * What a create must carry: its definition's `required` list, but `@type` (whose absence the
   * contract's check says) and what the server assigns (a create held to the resource's own definition).
   */
  readonly mandatory: readonly string[];
  private readonly validators: Partial<Record<Write, ContractValidator>> = {};
  private readonly kind: ContractKind;
  /**
   * The contract holds the resource to the schema its `@type` selects (a CTK schema set's BankCard):
   * a patched resource is checked whole as a create, since what its sub-type requires may be in the
   * row rather than in the patch.
   */
  readonly checksWhole: boolean;

  constructor(
    readonly contract: string,
    readonly type: string,
  ) {
    const write = (kind: "Create" | "Update") => {
      const definition = writeDefinition(contract, type, kind);
      return definition ? schemaPlan(contract, { $ref: `#/definitions/${definition}` }) : undefined;
    };
    this.kind = contractKind(contract);
    this.representation = schemaPlan(contract, { $ref: `#/definitions/${type}` });
    this.writes = { Create: write("Create"), Update: write("Update") };
    this.mandatory = (this.writes.Create?.required ?? []).filter((name) => !ASSIGNED.includes(name));
    this.checksWhole = [...(this.representation.subclasses?.keys() ?? [])].some((name) => name !== type);
    this.validators.Create = contractValidator(contract, type, "Create");
    this.validators.Update = contractValidator(contract, type, "Update");
  }

  /** Compiles the validator of `write` now (a merge patch as sent is checked of REST bodies, by the version they are sent to). */
  prepare(write: Write): this {
    this.validators[write] ??= contractValidator(this.contract, this.type, write);
    return this;
  }

  /** Fails with BAD_USER_INPUT naming what the contract refuses in `input` (see contract.ts). */
  check(write: Write, input: object): void {
    checkWith(this.kind, this.type, this.prepare(write).validators[write]!, input);
  }

  /** A representation (TMF JSON) as this version's contract defines it. */
  conform(model: Json): Json {
    return conform(this.representation, model) as Json;
  }

  /** A representation (TMF JSON) without what this version's contract would refuse in it (see schema-plan.ts showable). */
  showable(representation: Json): Json {
    return showable(this.representation, representation) as Json;
  }

  /** The attributes of a body (TMF JSON) the write's definition does not define. */
  unknownAttributes(body: Json, write: "Create" | "Update"): string[] {
    const plan = this.writes[write];
    return plan ? unknownAttributes(plan, body) : [];
  }
}

const plans = new Map<string, ContractPlan>();
let compilations = 0;

/** The plan of resource `type` in contract `file`: compiled on the first call, the same object after. */
export function contractPlan(contract: string, type: string): ContractPlan {
  const key = `${contract}#${type}`;
  let plan = plans.get(key);
  if (!plan) {
    plans.set(key, (plan = new ContractPlan(contract, type)));
    compilations++;
  }
  return plan;
}

/** How many plans this process compiled: constant once started (test/contract-plan.test.ts). */
export const contractPlanCompilations = () => compilations;
