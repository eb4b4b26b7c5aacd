import type { AttributeShape } from "../tmf/rest-resource.js";
import { concrete, conform, MAX_DEPTH, REFERENCE_TYPE, requires, shown, type SchemaPlan } from "./schema-plan.js";
import { MAX_HREF_DEPTH, moveHrefs } from "./version-hrefs.js";

type Json = Record<string, unknown>;

/** What a representation of an API version is made of, prepared once per version (versions.ts). */
export interface RepresentationParts {
  /** The version's contract's schema of the resource. */
  representation: SchemaPlan;
  /** The model's attributes the version reads its own way, by the model's names. */
  reshaped: Readonly<Record<string, AttributeShape>>;
  /** The gateway's extensions: shown as the model has them. */
  extensions: ReadonlySet<string>;
  /** How an `href` of the model points at this version (absent: as it is). */
  move?: (href: string) => string;
}

/**
 * A model representation (TMF JSON) as an API version's, in one pass and one copy. What it makes is
 * what the steps make, one after the other, each a copy of the whole: the reshaped attributes read
 * the version's way (renamed ones after the others), `conform` (schema-plan.ts: what the contract
 * does not define left out, the `@type`s added), `showable` (when `whole`: what the contract would
 * refuse completed or left out), the extensions where the model has them, the `href`s moved
 * (version-hrefs.ts). Here each attribute is read, conformed, checked and its `href`s moved as it is
 * copied, and no object is built to be dropped. Where the steps would not see the schema this pass
 * sees (a `@type` that selects another one once conformed, a reshaped `@type`, a renamed attribute
 * whose new name the model uses too) or past the depths they stop at, that part is made step by step.
 */
export class VersionRepresenter {
  private readonly reshaped: ReadonlyMap<string, AttributeShape>;
  private readonly renamed: readonly (readonly [string, AttributeShape, string])[];
  /** Whether the value last made holds what its schema requires (showable's verdict), read by its parent. */
  private valid = true;

  constructor(
    private readonly parts: RepresentationParts,
    private readonly whole: boolean,
  ) {
    this.reshaped = new Map(Object.entries(parts.reshaped));
    this.renamed = Object.entries(parts.reshaped).flatMap(([name, shape]) => (shape.as ? [[name, shape, shape.as] as const] : []));
  }

  represent(model: Json): Json {
    const { representation } = this.parts;
    for (const [, , as] of this.renamed) if (model[as] !== undefined) return this.stepByStep(model);
    const schema = this.reshaped.has("@type") ? undefined : this.schemaOf(representation, model);
    if (!schema) return this.stepByStep(model);
    const typeAdded = this.typeAdded;
    const checking = this.whole && requires(representation);
    const out: Json = {};
    for (const key in model) {
      let value = model[key];
      const shape = this.reshaped.get(key);
      if (shape && value !== undefined) {
        if (shape.as) continue;
        value = value === null ? null : shape.read(value);
      }
      this.attribute(schema, checking, out, key, value, 0, 0);
    }
    for (const [name, shape, as] of this.renamed) {
      const value = model[name];
      if (value !== undefined) this.attribute(schema, checking, out, as, value === null ? null : shape.read(value), 0, 0);
    }
    return this.finish(schema, checking, out, typeAdded);
  }

  /** The `@type` conform gives the object schemaOf last walked (undefined: none). */
  private typeAdded: string | undefined;

  /**
   * The schema conform holds `object` (of `plan`) to — the subclass its `@type` names, if any —
   * with the `@type` it adds in typeAdded; undefined where this pass leaves the object to the steps:
   * a free-form schema, a `@type` not a string, or one that, conformed, selects another schema
   * for showable.
   */
  private schemaOf(plan: SchemaPlan, object: Json): SchemaPlan | undefined {
    const rawType = object["@type"];
    let schema = plan;
    let mapped = true;
    if (plan.subclasses) {
      const subclass = typeof rawType === "string" ? plan.subclasses.get(rawType) : undefined;
      if (subclass) schema = subclass;
      else mapped = false;
    }
    if (!schema.properties.size) return undefined;
    const type = schema.properties.has("@type") ? rawType : undefined;
    if (type !== undefined && typeof type !== "string") return undefined;
    const added = schema.name && (!mapped || (type === undefined && schema.requiresType)) ? schema.name : undefined;
    if (plan.subclasses && this.whole && requires(plan) && concrete(plan, added ?? type).plan !== schema) return undefined;
    this.typeAdded = added;
    return schema;
  }

  /** One attribute of an object being made: conformed, checked (kept or left out), its `href`s moved. */
  private attribute(schema: SchemaPlan, checking: boolean, out: Json, key: string, item: unknown, depth: number, hrefDepth: number): void {
    const property = schema.properties.get(key);
    const { move } = this.parts;
    if (!property) {
      if (depth === 0 && this.parts.extensions.has(key)) out[key] = move && typeof item === "object" && item !== null ? moveHrefs(item, 1, move) : item;
      return;
    }
    let value: unknown;
    if (typeof item !== "object" || item === null) {
      value = move && key === "href" && typeof item === "string" ? move(item) : item;
      this.valid = true;
    } else value = this.made(property, item, depth + 1, hrefDepth + 1);
    if (checking && !this.valid && !(depth === 0 && schema.required.includes(key))) return;
    out[key] = value;
  }

  /** The object made: conform's `@type`, then showable's `@referredType` and verdict. */
  private finish(schema: SchemaPlan, checking: boolean, out: Json, typeAdded: string | undefined): Json {
    if (typeAdded) out["@type"] = typeAdded;
    this.valid = true;
    if (!checking) return out;
    const { required } = schema;
    if (required.length === 0) return out;
    if (out["@referredType"] == null && typeof out["@type"] === "string" && required.includes("@referredType")) {
      const referred = REFERENCE_TYPE.exec(out["@type"])?.[1];
      if (referred) out["@referredType"] = referred;
    }
    for (const name of required) if (out[name] === undefined || out[name] === null) this.valid = false;
    return out;
  }

  /** An object or list within the representation (of schema `plan`, `depth` objects and `hrefDepth` values deep); sets valid. */
  private made(plan: SchemaPlan, value: object, depth: number, hrefDepth: number): unknown {
    if (depth > MAX_DEPTH || hrefDepth > MAX_HREF_DEPTH) return this.partStepByStep(plan, value, depth, hrefDepth);
    if (Array.isArray(value)) {
      const dropping = this.whole && requires(plan);
      const items: unknown[] = [];
      for (const item of value) {
        if (typeof item !== "object" || item === null) items.push(item);
        else {
          const one = this.made(plan, item, depth, hrefDepth + 1);
          if (this.valid || !dropping) items.push(one);
        }
      }
      this.valid = true;
      return items;
    }
    const object = value as Json;
    const schema = this.schemaOf(plan, object);
    if (!schema) {
      const { plan: concreteSchema } = concrete(plan, object["@type"]);
      if (concreteSchema.properties.size) return this.partStepByStep(plan, value, depth, hrefDepth);
      // A free-form object (a characteristic's value): as it is, its hrefs moved.
      this.valid = true;
      return this.parts.move ? moveHrefs(object, hrefDepth, this.parts.move) : object;
    }
    const typeAdded = this.typeAdded;
    const checking = this.whole && requires(plan);
    const out: Json = {};
    for (const key in object) this.attribute(schema, checking, out, key, object[key], depth, hrefDepth);
    return this.finish(schema, checking, out, typeAdded);
  }

  /** A part made by the steps (conform, showable, hrefs), where this pass leaves it to them. */
  private partStepByStep(plan: SchemaPlan, value: unknown, depth: number, hrefDepth: number): unknown {
    let part = conform(plan, value, depth);
    this.valid = true;
    if (this.whole) ({ value: part, valid: this.valid } = shown(plan, part, depth));
    return this.parts.move ? moveHrefs(part, hrefDepth, this.parts.move) : part;
  }

  /** The whole representation made by the steps. */
  private stepByStep(model: Json): Json {
    const { representation, extensions, move } = this.parts;
    const shaped: Json = { ...model };
    for (const [name, shape] of this.reshaped) {
      if (shaped[name] === undefined) continue;
      const value = shaped[name] === null ? null : shape.read(shaped[name]);
      if (shape.as) delete shaped[name];
      shaped[shape.as ?? name] = value;
    }
    const conformed = conform(representation, shaped) as Json;
    let result = this.whole ? (shown(representation, conformed, 0).value as Json) : conformed;
    if (extensions.size) {
      const out: Json = {};
      for (const [name, value] of Object.entries(shaped)) {
        if (name in result) out[name] = result[name];
        else if (extensions.has(name)) out[name] = value;
      }
      result = Object.assign(out, result);
    }
    return move ? (moveHrefs(result, 0, move) as Json) : result;
  }
}
