import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { badInput } from "../errors.js";
import { asTmfJson } from "./contract.js";

/**
 * TMF630 polymorphism: JSON schemas the operator configures (SCHEMA_DIR, read once at start), each
 * named by its `$id`. A TMF structure — the resource, or any structure inside it, such as a
 * `BankCard` payment method — whose `@schemaLocation` is one of those ids is validated against that
 * schema on create and patch (the resource after the merge). Other `@schemaLocation`s are kept as
 * given (the swagger asks only for a URI).
 */
export class SchemaLocations {
  private constructor(private readonly schemas: ReadonlyMap<string, ValidateFunction>) {}

  /** The schemas of the `*.json` files of `dir`: each needs an absolute `$id`; one that does not compile stops the start. */
  static load(dir: string): SchemaLocations {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const schemas = new Map<string, ValidateFunction>();
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      const where = path.join(dir, file);
      let schema: { $id?: unknown };
      try {
        schema = JSON.parse(readFileSync(where, "utf8")) as { $id?: unknown };
      } catch (err) {
        throw new Error(`SCHEMA_DIR: ${where} is not JSON: ${(err as Error).message}`);
      }
      if (typeof schema.$id !== "string" || !/^[a-z][a-z0-9+.-]*:/i.test(schema.$id))
        throw new Error(`SCHEMA_DIR: ${where} needs an absolute "$id" (the @schemaLocation it serves)`);
      try {
        schemas.set(schema.$id, ajv.compile(schema as object));
      } catch (err) {
        throw new Error(`SCHEMA_DIR: ${where} is not a usable JSON schema: ${(err as Error).message}`);
      }
    }
    return new SchemaLocations(schemas);
  }

  get size(): number {
    return this.schemas.size;
  }

  /** Fails with BAD_USER_INPUT when a structure of `value` (TMF JSON) does not conform to the schema its `@schemaLocation` names. */
  check(type: string, value: unknown): void {
    const faults: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (Array.isArray(node)) {
        for (const [i, item] of node.entries()) visit(item, `${at}[${i}]`);
        return;
      }
      if (node === null || typeof node !== "object") return;
      const record = node as Record<string, unknown>;
      const validate = typeof record["@schemaLocation"] === "string" ? this.schemas.get(record["@schemaLocation"]) : undefined;
      if (validate && !validate(record)) faults.push(...(validate.errors ?? []).map((e) => describe(e, at, record["@schemaLocation"] as string)));
      for (const [key, item] of Object.entries(record)) visit(item, at ? `${at}.${key}` : key);
    };
    visit(value, "");
    if (faults.length)
      throw badInput(
        `${type} does not conform to the schema of its @schemaLocation: ${faults.slice(0, 5).join("; ")}${faults.length > 5 ? ` (and ${faults.length - 5} more)` : ""}`,
      );
  }
}

function describe(error: ErrorObject, at: string, location: string): string {
  const pointer = error.instancePath.split("/").slice(1).join(".");
  const where = [at, pointer].filter(Boolean).join(".") || "the resource";
  const missing = error.keyword === "required" ? `${where}.${String((error.params as { missingProperty: string }).missingProperty)} is mandatory` : undefined;
  return `${missing ?? `${where} ${error.message ?? "is invalid"}`} (${location})`;
}

let configured: SchemaLocations | undefined;

/** The operator's schemas, for the whole process (SCHEMA_DIR, at start); none when `dir` is unset. */
export function configureSchemaLocations(dir: string | undefined): SchemaLocations | undefined {
  configured = dir ? SchemaLocations.load(dir) : undefined;
  return configured;
}

/** Validates `value` (a GraphQL input or resource) against the operator's schemas its structures name, if any are configured. */
export function checkSchemaLocations(type: string, value: object): void {
  configured?.check(type, asTmfJson(value));
}
