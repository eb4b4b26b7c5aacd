import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { Decimal } from "../db/decimal.js";
import { badInput } from "../errors.js";
import { swagger, writeDefinition } from "../tmf/swagger.js";
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
 * structures a patch writes are whole, and checked whole.
 */
export type Write = "Create" | "Update";

const MAX_REPORTED = 5;
const PATCH = "__patch_";
const CREATE_OWN = "__create_";

class SwaggerContract {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, { definition: string; validate: ValidateFunction }>();

  constructor(private readonly file: string) {
    const definitions = { ...swagger(file).definitions };
    for (const [name, definition] of Object.entries(definitions)) {
      definitions[PATCH + name] = { ...definition, required: undefined };
      // A create held to the resource's own definition (no _Create) cannot carry what the server assigns.
      const required = (definition.required as string[] | undefined)?.filter((key) => key !== "id" && key !== "href");
      definitions[CREATE_OWN + name] = { ...definition, required: required?.length ? required : undefined };
    }
    this.ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false });
    addFormats.default(this.ajv);
    this.ajv.addFormat("float", { type: "number", validate: () => true });
    this.ajv.addFormat("base64", /^[A-Za-z0-9+/]*={0,2}$/);
    this.ajv.addKeyword({ keyword: "example" });
    this.ajv.addSchema({ $id: file, definitions });
  }

  /** The definition a write of `type` is held to, and its compiled validator. */
  validator(type: string, write: Write): { definition: string; validate: ValidateFunction } {
    const key = `${type}/${write}`;
    let found = this.validators.get(key);
    if (!found) {
      const definition = writeDefinition(this.file, type, write);
      if (!definition) throw new Error(`${this.file} defines neither ${type}_${write} nor ${type}`);
      const variant = write === "Update" ? PATCH : definition === type ? CREATE_OWN : "";
      const validate = this.ajv.compile({ $ref: `${this.file}#/definitions/${variant}${definition}` });
      this.validators.set(key, (found = { definition, validate }));
    }
    return found;
  }
}

const contracts = new Map<string, SwaggerContract>();

function contractOf(file: string): SwaggerContract {
  let contract = contracts.get(file);
  if (!contract) contracts.set(file, (contract = new SwaggerContract(file)));
  return contract;
}

/** Compiles the validators of a resource up front (at start, so a swagger the gateway cannot read stops it). */
export function prepareContract(file: string, type: string): void {
  contractOf(file).validator(type, "Create");
  contractOf(file).validator(type, "Update");
}

/**
 * Fails with BAD_USER_INPUT naming what the swagger refuses in `input` (GraphQL names; the REST
 * layer writes them the TMF way). Absent and null attributes are not written (null removes in a patch).
 */
export function checkContract(file: string, type: string, write: Write, input: object): void {
  const { definition, validate } = contractOf(file).validator(type, write);
  if (validate(asTmfJson(input))) return;
  const errors = validate.errors ?? [];
  const said = errors.slice(0, MAX_REPORTED).map(describe);
  const more = errors.length > MAX_REPORTED ? ` (and ${errors.length - MAX_REPORTED} more)` : "";
  throw badInput(`${type} does not conform to ${definition} of the TMF swagger: ${[...new Set(said)].join("; ")}${more}`);
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
    if (item !== null && item !== undefined) out[tmfName(key)] = asTmfJson(item);
  }
  return out;
}

/** "relatedParty[0].atReferredType": where in the input an error is. */
function pathOf(pointer: string, last?: string): string {
  const segments = pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
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
