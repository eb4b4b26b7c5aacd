import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";

// The shipped swaggers as JSON schemas, for tests to check what the gateway answers and sends
// against them: an oracle of its own (ajv over specs/), independent of the gateway's validators.

const SPECS = path.resolve(import.meta.dirname, "../../specs");

export const SWAGGERS = {
  customer: "TMF629-Customer-v4.0.0.swagger.json",
  account: "TMF666-Account-v4.0.0.swagger.json",
  payment: "TMF676-Payment-v4.0.0.swagger.json",
  bill: "TMF678-Customer_Bill-v4.0.0.swagger.json",
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addFormat("float", { type: "number", validate: () => true });
ajv.addFormat("base64", /^[A-Za-z0-9+/]*={0,2}$/);
// The v4.0.0 swaggers' misspelt property names, as the README's "Swagger errata" says they are served.
const ERRATA: Record<string, string> = {
  "authorizePaymentDate ": "authorizePaymentDate",
  "authorizedPaymentDate ": "authorizedPaymentDate",
  "authorizedPayment ": "authorizedPayment",
  "InitiatePaymentDate ": "initiatePaymentDate",
  "InitiatedPaymentDate ": "initiatedPaymentDate",
  "initiatedPayment ": "initiatedPayment",
  BillCycleSpecification: "billCycleSpecification",
};
function withErrataCorrected(definitions: Record<string, { properties?: Record<string, unknown> }>) {
  for (const definition of Object.values(definitions)) {
    if (!definition.properties) continue;
    definition.properties = Object.fromEntries(Object.entries(definition.properties).map(([key, value]) => [ERRATA[key] ?? key, value]));
  }
  return definitions;
}

const definitions: Record<string, Record<string, unknown>> = {};
for (const file of Object.values(SWAGGERS)) {
  const spec = JSON.parse(readFileSync(path.join(SPECS, file), "utf8")) as { definitions: Record<string, { properties?: Record<string, unknown> }> };
  definitions[file] = withErrataCorrected(spec.definitions);
  ajv.addSchema({ $id: file, definitions: spec.definitions });
}

/**
 * The v5 OpenAPI 3 contracts (TMF629 v5.0.1, TMF666 v5.0.0, TMF678 v5.0.0), their components.schemas
 * as definitions. Their discriminators are annotations here; a `oneOf` decided by a discriminator
 * (PartyRef or PartyRoleRef: overlapping branches) is read as OpenAPI means it, the value matching
 * a branch (anyOf). TMF678 v5.0.0 keeps v4's misspelt BillCycle.BillCycleSpecification: corrected
 * as in v4 (ERRATA).
 */
export const CUSTOMER_V5 = "TMF629-Customer_Management-v5.0.1.oas.yaml";
export const ACCOUNT_V5 = "TMF666-Account_Management-v5.0.0.oas.yaml";
export const BILL_V5 = "TMF678-CustomerBill-v5.0.0.oas.yaml";
for (const file of [CUSTOMER_V5, ACCOUNT_V5, BILL_V5]) {
  const document = parseYaml(readFileSync(path.join(SPECS, file), "utf8")) as { components: { schemas: Record<string, Record<string, unknown>> } };
  for (const schema of Object.values(document.components.schemas)) {
    if (schema.oneOf && schema.discriminator) {
      schema.anyOf = schema.oneOf;
      delete schema.oneOf;
    }
    for (const part of (schema.allOf ?? []) as { properties?: Record<string, unknown> }[]) withErrataCorrected({ part });
  }
  const schemas = JSON.parse(JSON.stringify(document.components.schemas).replaceAll('"#/components/schemas/', '"#/definitions/'));
  definitions[file] = schemas;
  ajv.addSchema({ $id: file, definitions: schemas });
}

const compiled = new Map<string, ValidateFunction>();

/** Whether the swagger `file` defines `name`. */
export const defines = (file: string, name: string) => name in definitions[file]!;

/** The faults of `value` against the definition `name` of the swagger `file` (empty: it conforms). */
export function faultsAgainst(file: string, name: string, value: unknown): string[] {
  if (!defines(file, name)) throw new Error(`${file} has no definition ${name}`);
  const key = `${file}#/definitions/${name}`;
  let validate = compiled.get(key);
  if (!validate) compiled.set(key, (validate = ajv.compile({ $ref: key })));
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
