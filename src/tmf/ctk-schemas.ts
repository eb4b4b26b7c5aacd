import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
type Schema = Record<string, unknown>;

/** What swagger.ts reads of a contract (its Swagger), as a schema set makes it. */
interface SchemaSetContract {
  swagger: "2.0";
  "x-ctk-schemas": string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, Schema>;
}

const SCHEMA_FILE = /^([A-Za-z]+)(?:-([A-Za-z]+))?\.schema\.json$/;

/**
 * A TM Forum CTK schema set (a folder of `<Resource>.schema.json` and `<Resource>-<SubType>.schema.json`
 * JSON schemas, as the golden components' CTKs ship TMF670) read as a contract in the shape of a
 * swagger, so the gateway checks, plans and documents it as it does a swagger:
 * - `<Resource>`: the resource's schema, its discriminator mapping each `@type` that has a schema of
 *   its own to it (a `BankCard` is held to `PaymentMethod-BankCard.schema.json`);
 * - `<Resource>_Create`: the resource as its `@type` selects (the discriminator dispatches it);
 * - `<Resource>_Update`: the resource's own attributes, none required (a patched resource is
 *   checked whole against `_Create` by the store: see ContractPlan.checksWhole);
 * - paths: the collection and item operations and the hub (the set names none: those of its CTK).
 */
export function ctkSchemaSet(dir: string): SchemaSetContract {
  const files = readdirSync(dir)
    .map((file) => SCHEMA_FILE.exec(file))
    .filter((match): match is RegExpExecArray => Boolean(match));
  const base = files.find((match) => !match[2]);
  if (!base) throw new Error(`${dir} holds no <Resource>.schema.json`);
  const resource = base[1]!;
  const read = (file: string): Schema => {
    const { $schema: _dialect, ...schema } = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Schema;
    return schema;
  };
  const definitions: Record<string, Schema> = {};
  const mapping: Record<string, string> = {};
  for (const match of files.filter((m) => m[1] === resource && m[2])) {
    definitions[match[2]!] = read(match[0]);
    mapping[match[2]!] = `#/definitions/${match[2]}`;
  }
  const own = read(base[0]);
  definitions[resource] = { ...own, discriminator: { propertyName: "@type", mapping } };
  definitions[`${resource}_Create`] = { $ref: `#/definitions/${resource}` };
  definitions[`${resource}_Update`] = { type: "object", properties: own.properties };
  const [, api = "", version = ""] = /^(TMF\d+)-v([\d.]+)/.exec(path.basename(dir)) ?? [];
  return {
    swagger: "2.0",
    "x-ctk-schemas": path.basename(dir),
    info: {
      title: `${api} ${resource} (CTK schema set)`.trim(),
      version,
      description: `The JSON schemas of ${resource} and of each @type, as TM Forum's CTK ships them (${path.basename(dir)})`,
    },
    paths: operations(resource),
    definitions,
  };
}

/** The REST operations of a resource and its hub, as TMF v4 APIs define them. */
function operations(resource: string): SchemaSetContract["paths"] {
  const collection = resource[0]!.toLowerCase() + resource.slice(1);
  const one = { $ref: `#/definitions/${resource}` };
  const id = { name: "id", in: "path", required: true, type: "string", description: `Identifier of the ${resource}` };
  const fields = { name: "fields", in: "query", required: false, type: "string", description: "Comma-separated properties to be provided in response" };
  const body = (definition: string) => ({ name: resource, in: "body", required: true, schema: { $ref: `#/definitions/${definition}` } });
  const answer = (status: string, description: string, schema?: unknown) => ({ [status]: { description, ...(schema ? { schema } : {}) } });
  const hub = { type: "object", properties: { id: { type: "string" }, callback: { type: "string" }, query: { type: "string" } } };
  return {
    [`/${collection}`]: {
      get: {
        operationId: `list${resource}`,
        parameters: [
          fields,
          { name: "offset", in: "query", required: false, type: "integer" },
          { name: "limit", in: "query", required: false, type: "integer" },
        ],
        responses: answer("200", "Success", { type: "array", items: one }),
      },
      post: { operationId: `create${resource}`, parameters: [body(`${resource}_Create`)], responses: answer("201", "Created", one) },
    },
    [`/${collection}/{id}`]: {
      get: { operationId: `retrieve${resource}`, parameters: [id, fields], responses: answer("200", "Success", one) },
      patch: { operationId: `patch${resource}`, parameters: [id, body(`${resource}_Update`)], responses: answer("200", "Updated", one) },
      delete: { operationId: `delete${resource}`, parameters: [id], responses: answer("204", "Deleted") },
    },
    "/hub": {
      post: {
        operationId: "registerListener",
        parameters: [{ name: "data", in: "body", required: true, schema: hub }],
        responses: answer("201", "Subscribed", hub),
      },
    },
    "/hub/{id}": {
      delete: {
        operationId: "unregisterListener",
        parameters: [{ ...id, description: "The id of the registered listener" }],
        responses: answer("204", "Deleted"),
      },
    },
  };
}
