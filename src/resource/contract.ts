import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { Decimal } from "../db/decimal.js";
import { badInput } from "../errors.js";
import { refName, swagger, writeDefinition } from "../tmf/swagger.js";
import { setOwn } from "../tmf/prototype-keys.js";
import { graphqlName, tmfName } from "../tmf/tmf-json.js";

/**
 * The official swagger as the contract of what a client may write: a create is validated against
 * `<Type>_Create`, a patch against `<Type>_Update` (the resource's own definition where the swagger
 * has neither), compiled once with ajv. Enums, formats (`date-time`, `uri`…), types and the
 * attributes nested structures require are enforced; attributes the definition does not know are
 * the input type's business (GraphQL refuses them, and so the REST layer).
 *
 * A patch carries only what changes, so the `required` list of the top level does not apply to it
 * (the resource after the patch is checked against the mandatory attributes by the store); nested
 * structures a patch writes are whole, and checked whole. `CreateAttributes` holds some attributes
 * of a create to its definition the same way: what they hold, the top level's `required` list aside.
 */
export type Write = "Create" | "Update" | "MergePatch" | "CreateAttributes";

const MAX_REPORTED = 5;
const PATCH = "__patch_";
const CREATE_OWN = "__create_";
/** A merge patch as sent: no attribute is required at any depth (it may carry part of a structure). */
const MERGE = "__merge_";

type Definitions = Record<string, Record<string, unknown>>;

class SwaggerContract {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, { definition: string; validate: ValidateFunction }>();

  constructor(private readonly file: string) {
    const definitions = polymorphic({ ...swagger(file).definitions });
    for (const [name, definition] of Object.entries(definitions)) definitions[MERGE + name] = loose(definition) as Record<string, unknown>;
    for (const name of Object.keys(definitions).filter((key) => !key.startsWith(MERGE))) {
      definitions[PATCH + name] = withRequired(definitions, name, () => undefined);
      // A create held to the resource's own definition (no _Create) cannot carry what the server assigns.
      definitions[CREATE_OWN + name] = withRequired(definitions, name, (required) => required.filter((key) => key !== "id" && key !== "href"));
    }
    this.ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
    addFormats.default(this.ajv);
    this.ajv.addFormat("float", { type: "number", validate: () => true });
    this.ajv.addFormat("base64", /^[A-Za-z0-9+/]*={0,2}$/);
    this.ajv.addKeyword({ keyword: "example" });
    this.ajv.addKeyword({ keyword: "discriminator" });
    this.ajv.addSchema({ $id: file, definitions });
  }

  /** The definition a write of `type` is held to, and its compiled validator. */
  validator(type: string, write: Write): { definition: string; validate: ValidateFunction } {
    const key = `${type}/${write}`;
    let found = this.validators.get(key);
    if (!found) {
      const definition = writeDefinition(this.file, type, write === "MergePatch" || write === "Update" ? "Update" : "Create");
      if (!definition) throw new Error(`${this.file} defines neither ${type}_${write} nor ${type}`);
      const variant = write === "MergePatch" ? MERGE : write === "Create" ? (definition === type ? CREATE_OWN : "") : PATCH;
      const validate = this.ajv.compile({ $ref: `${this.file}#/definitions/${variant}${definition}` });
      this.validators.set(key, (found = { definition, validate }));
    }
    return found;
  }
}

/** `node` without `required` lists (but those deciding a polymorphic `if`), its references to the loose twins. */
function loose(node: unknown, inIf = false): unknown {
  if (Array.isArray(node)) return node.map((item) => loose(item, inIf));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "required" && !inIf) continue;
    out[key] = key === "$ref" && typeof value === "string" ? value.replace("#/definitions/", `#/definitions/${MERGE}`) : loose(value, inIf || key === "if");
  }
  return out;
}

/**
 * `definition` with the `required` lists of its top level adjusted (`adjust`), through the `allOf`
 * parents it composes (OpenAPI 3): a patch variant must not inherit its parents' requirements.
 */
function withRequired(definitions: Definitions, name: string, adjust: (required: string[]) => string[] | undefined): Record<string, unknown> {
  const strip = (node: Record<string, unknown>, depth: number): Record<string, unknown> => {
    const required = Array.isArray(node.required) ? adjust(node.required as string[]) : undefined;
    const allOf = (node.allOf as Record<string, unknown>[] | undefined)?.map((parent) => {
      const target = typeof parent.$ref === "string" ? definitions[refName(parent.$ref)] : parent;
      return target && depth < 16 ? strip(target, depth + 1) : parent;
    });
    return { ...node, required: required?.length ? required : undefined, ...(allOf && { allOf }) };
  };
  return strip(definitions[name]!, 0);
}

/**
 * OpenAPI 3's polymorphism made checkable: an object whose schema has a `discriminator` is held to
 * the schema its `@type` names (an EmailContactMedium to EmailContactMedium, not only to
 * ContactMedium). References to such a schema from properties and items go to a dispatching twin;
 * `allOf` references (a subclass naming its parent) keep the plain schema. A `oneOf` is decided by
 * `@type` alone (its branches overlap: PartyRef and PartyRoleRef accept the same objects).
 */
function polymorphic(definitions: Definitions): Definitions {
  const mappings = new Map<string, Record<string, string>>();
  for (const [name, definition] of Object.entries(definitions)) {
    const mapping = (definition.discriminator as { mapping?: Record<string, string> } | undefined)?.mapping;
    if (mapping && Object.keys(mapping).some((key) => key !== name || definition.oneOf)) mappings.set(name, mapping);
  }
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a thenable
  const branch = (type: string, ref: string) => ({ if: { properties: { "@type": { const: type } }, required: ["@type"] }, then: { $ref: ref } });
  const twins = new Set([...mappings.keys()].filter((name) => !definitions[name]!.oneOf));
  const out: Definitions = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const rewritten = redirect(definition, twins, false) as Record<string, unknown>;
    const mapping = mappings.get(name);
    if (mapping && definition.oneOf) {
      const { oneOf: _branches, ...rest } = rewritten;
      out[name] = {
        ...rest,
        properties: { "@type": { enum: Object.keys(mapping) } },
        required: ["@type"],
        allOf: Object.entries(mapping).map(([type, ref]) => branch(type, ref)),
      };
    } else out[name] = rewritten;
    if (mapping && !definition.oneOf) {
      out[DISPATCH + name] = {
        allOf: [
          { $ref: `#/definitions/${name}` },
          ...Object.entries(mapping)
            .filter(([type]) => type !== name)
            .map(([type, ref]) => branch(type, ref)),
        ],
      };
    }
  }
  return out;
}

const DISPATCH = "__dispatch_";

/** `node` with its property and item `$ref`s to polymorphic schemas (`twins`) sent to their dispatching twins. */
function redirect(node: unknown, twins: ReadonlySet<string>, inAllOf: boolean): unknown {
  if (Array.isArray(node)) return node.map((item) => redirect(item, twins, inAllOf));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") out[key] = !inAllOf && twins.has(refName(value)) ? `#/definitions/${DISPATCH}${refName(value)}` : value;
    else if (key === "discriminator" || key === "example" || key === "examples") out[key] = value;
    else out[key] = redirect(value, twins, key === "allOf");
  }
  return out;
}

const contracts = new Map<string, SwaggerContract>();

function contractOf(file: string): SwaggerContract {
  let contract = contracts.get(file);
  if (!contract) contracts.set(file, (contract = new SwaggerContract(file)));
  return contract;
}

/** What a contract is called in a refusal: a v4 swagger, a v5 OpenAPI document, or a CTK's JSON schemas. */
export type ContractKind = "swagger" | "OpenAPI contract" | "CTK schema set";

export const contractKind = (file: string): ContractKind => {
  const spec = swagger(file);
  return spec.openapi ? "OpenAPI contract" : spec["x-ctk-schemas"] ? "CTK schema set" : "swagger";
};

/** A write's definition and its compiled validator. */
export interface ContractValidator {
  definition: string;
  validate: ValidateFunction;
}

/** The validator a write of `type` is held to in contract `file`: compiled once (a contract the gateway cannot read fails here). */
export function contractValidator(file: string, type: string, write: Write): ContractValidator {
  return contractOf(file).validator(type, write);
}

/**
 * Fails with BAD_USER_INPUT naming what the contract refuses in `input` (GraphQL names; the REST
 * layer writes them the TMF way). Absent and null attributes are not written (null removes in a patch).
 */
export function checkWith(kind: ContractKind, type: string, { definition, validate }: ContractValidator, input: object): void {
  if (validate(asTmfJson(input))) return;
  // An `if` only says that its `then` failed: the failure itself is reported with it.
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== "if");
  const said = errors.slice(0, MAX_REPORTED).map(describe);
  const more = errors.length > MAX_REPORTED ? ` (and ${errors.length - MAX_REPORTED} more)` : "";
  throw badInput(`${type} does not conform to ${definition} of the TMF ${kind}: ${[...new Set(said)].join("; ")}${more}`);
}

/** A GraphQL input (class instances, Decimals) as the TMF JSON the swagger describes. */
export function asTmfJson(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Decimal.isDecimal(value)) return (value as Decimal).toNumber();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(asTmfJson);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && item !== undefined) setOwn(out, tmfName(key), asTmfJson(item));
  }
  return out;
}

/** "relatedParty[0].atReferredType": where in the input an error is. */
function pathOf(pointer: string, last?: string): string {
  const segments = pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (last !== undefined) segments.push(last);
  return segments.reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${graphqlName(s)}` : graphqlName(s)), "");
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `${pathOf(error.instancePath, String(params.missingProperty))} is mandatory`;
    case "enum":
      return `${pathOf(error.instancePath)} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "format":
      return `${pathOf(error.instancePath)} must be a valid ${String(params.format)}`;
    default:
      return `${pathOf(error.instancePath) || "the body"} ${error.message ?? "is invalid"}`;
  }
}
