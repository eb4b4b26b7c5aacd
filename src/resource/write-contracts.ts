import { AppError } from "../errors.js";
import type { VersionProjection } from "../tmf/rest-resource.js";
import { isJsonObject } from "../tmf/tmf-json.js";
import { asTmfJson } from "./contract.js";
import { contractPlan, type ContractPlan } from "./contract-plan.js";
import { restVersionsOf, type ResourceDescription } from "./description.js";
import { conform, known, MAX_DEPTH, unknownAttributes } from "./schema-plan.js";

type Json = Record<string, unknown>;
type Write = "Create" | "Update";

/** One version as the store holds writes to it: its contract, and the writes it offers. */
interface WriteVersion {
  projection: Pick<VersionProjection, "model" | "reshaped">;
  contract: ContractPlan;
  offers: ReadonlySet<Write>;
}

/**
 * What the model's writes are held to, of a resource served in several API versions: a body (the
 * model's, as GraphQL takes it) is accepted when the write definition of one version offering the
 * write accepts it, read that version's way (writtenAs) — the model accepts what any version
 * allows, so a client following one version's contract is never refused for another's — and when
 * each attribute holding what that version does not see passes, alone, a version that sees it.
 * A version does not see what its contract defines no place for, nor what its reading leaves out
 * (v5 reads a v4 contact medium's characteristic as its subclass's attributes, without the
 * characteristic's `@schemaLocation`): its acceptance says nothing of it. So no part of a body is
 * stored that the versions seeing it all refuse; what no version sees is the gateway's extension.
 * Refused, the model's own version says why. A resource of one version is held to its contract alone.
 */
export class WriteContracts {
  private readonly versions: readonly WriteVersion[];
  /** The attributes every version's create requires (of `mandatory`, the model's `_Create.required`), by the model's names. */
  readonly mandatory: readonly string[];
  /** A patched resource is checked whole, as a create (see ContractPlan.checksWhole). */
  readonly checksWhole: boolean;

  constructor(resource: ResourceDescription) {
    const versions = restVersionsOf(resource);
    this.versions = versions.map((rest, i) => {
      const projection = rest.version?.projection ?? { model: true, reshaped: {} };
      const offers = new Set<Write>();
      if (i === 0 || rest.mutations.create) offers.add("Create");
      if (i === 0 || rest.mutations.update) offers.add("Update");
      const contract = contractPlan(rest.contract, rest.type);
      if (versions.length > 1 && offers.has("Create")) contract.prepare("CreateAttributes");
      return { projection, contract, offers };
    });
    const creates = this.versions.filter(({ offers }) => offers.has("Create"));
    this.mandatory = resource.mandatory.filter((name) =>
      creates.every(({ projection, contract }) => contract.writes.Create?.required.includes(projection.reshaped[name]?.as ?? name) ?? true),
    );
    this.checksWhole = this.versions.some(({ contract }) => contract.checksWhole);
  }

  check(write: Write, input: object): void {
    const body = asTmfJson(input) as Json;
    let refusal: unknown;
    for (const version of this.versions) {
      if (!version.offers.has(write)) continue;
      try {
        version.contract.check(write, version.projection.model ? input : writtenAs(version, body));
        this.checkUnseen(version, write, body);
        return;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        refusal ??= err;
      }
    }
    throw refusal;
  }

  /** Fails with the refusal of a version that sees what `by` (which accepts `body`) does not of an attribute, when every such version refuses it. */
  private checkUnseen(by: WriteVersion, write: Write, body: Json): void {
    const others = this.versions.filter((other) => other !== by && other.offers.has(write));
    if (!others.length) return;
    for (const [key, value] of Object.entries(body)) {
      const unseen = unseenIn(by, write, key, value);
      if (!unseen.length) continue;
      const views = others.map((version) => ({ version, unseen: unseenIn(version, write, key, value) }));
      const verdicts = new Map<WriteVersion, AppError | undefined>();
      const verdict = (version: WriteVersion) => {
        if (!verdicts.has(version)) verdicts.set(version, refusalOf(version, write, key, value));
        return verdicts.get(version);
      };
      for (const path of unseen) {
        const seers = views.filter((view) => !view.unseen.some((hidden) => within(path, hidden))).map((view) => view.version);
        if (seers.length && seers.every((seer) => verdict(seer))) throw verdict(seers[0]!);
      }
    }
  }
}

/**
 * A model body read as `version` would have written it: its reshaped attributes read its way, with
 * the `@type`s its contract gives the structures the model has no place for (v5's related party
 * wrapper); what the model holds as it is, is checked as it is.
 */
function writtenAs({ projection, contract }: WriteVersion, model: Json): Json {
  if (projection.model) return model;
  const shaped = readAs(projection, model);
  for (const [name, shape] of Object.entries(projection.reshaped)) {
    const key = shape.as ?? name;
    const plan = contract.representation.properties.get(key);
    if (plan && shaped[key] != null) shaped[key] = conform(plan, shaped[key], 1);
  }
  return shaped;
}

/** A model representation (TMF JSON) with the attributes this version reshapes read its way, by its names. */
function readAs(projection: Pick<VersionProjection, "reshaped">, model: Json): Json {
  const shaped: Json = { ...model };
  for (const [name, shape] of Object.entries(projection.reshaped)) {
    if (shaped[name] === undefined) continue;
    const value = shaped[name] === null ? null : shape.read(shaped[name]);
    if (shape.as) delete shaped[name];
    shaped[shape.as ?? name] = value;
  }
  return shaped;
}

/**
 * Why `version` refuses the attribute `key` of a body alone (its `required` list aside), if it does:
 * read its way, with the `@type`s its contract gives where the model has none (as it represents it).
 */
function refusalOf(version: WriteVersion, write: Write, key: string, value: unknown): AppError | undefined {
  const name = version.projection.reshaped[key]?.as ?? key;
  const read = writtenAs(version, { [key]: value })[name];
  const plan = version.contract.representation.properties.get(name);
  try {
    version.contract.check(write === "Create" ? "CreateAttributes" : "Update", { [name]: plan ? conform(plan, read, 1) : read });
    return undefined;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
}

/**
 * The paths (TMF names, the model's) of what `version` does not see of the attribute `key` of a
 * body: what its write definition does not define (polymorphism attributes aside, as of a body
 * sent to it), and of an attribute it reshapes, what its reading leaves out — what is not there
 * once the part of its reading it defines is written back the model's way.
 */
function unseenIn({ projection, contract }: WriteVersion, write: Write, key: string, value: unknown): string[] {
  const shape = projection.reshaped[key];
  const property = (contract.writes[write] ?? contract.representation).properties.get(shape?.as ?? key);
  if (!property) return [key];
  if (!shape) return unknownAttributes(property, value, key);
  try {
    return absent(value, shape.write(known(property, shape.read(value))), key, [], 0);
  } catch (err) {
    if (err instanceof AppError) return [key];
    throw err;
  }
}

/** The paths of what `value` holds and `back` (the value written back from a version's reading) does not. */
function absent(value: unknown, back: unknown, path: string, out: string[], depth: number): string[] {
  if (depth > MAX_DEPTH) return out;
  if (Array.isArray(value) && Array.isArray(back)) {
    for (const [i, item] of value.entries()) {
      if (i < back.length) absent(item, back[i], `${path}[${i}]`, out, depth + 1);
      else out.push(`${path}[${i}]`);
    }
  } else if (isJsonObject(value) && isJsonObject(back)) {
    for (const [key, item] of Object.entries(value)) {
      if (Object.hasOwn(back, key)) absent(item, back[key], `${path}.${key}`, out, depth + 1);
      else out.push(`${path}.${key}`);
    }
  }
  return out;
}

/** Whether `path` is `hidden` or within it. */
const within = (path: string, hidden: string) => path === hidden || path.startsWith(`${hidden}.`) || path.startsWith(`${hidden}[`);
