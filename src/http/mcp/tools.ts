import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { isInputObjectType, type GraphQLSchema } from "graphql";
import { badInput } from "../../errors.js";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../../graphql/page.args.js";
import { RESERVED_PARAMS } from "../../rest/query-params.js";
import type { Query, RestOperation } from "../../rest/translator.js";
import { SUBCLASSING_ATTRIBUTES, writeSchema } from "../../tmf/contract-schema.js";
import { swagger } from "../../tmf/swagger.js";
import { collectionPath, type RestResource } from "../../tmf/rest-resource.js";
import { isJsonObject, tmfName } from "../../tmf/tmf-json.js";

/** The operations a resource's tools make, each a REST operation of the resource. */
const OPERATIONS = { list: "list", retrieve: "one", create: "create", patch: "update", delete: "delete" } as const satisfies Record<string, RestOperation>;
export type ToolOperation = keyof typeof OPERATIONS;

/** A tool of the gateway: what it is called and takes, and the REST call its arguments make. */
export interface GatewayTool {
  tool: Tool;
  resource: RestResource;
  operation: RestOperation;
  /** The call's id, query and body from the tool's arguments (a 400 for what they cannot be). */
  call(args: Record<string, unknown>): { id?: string; query: Query; body?: unknown };
}

type Json = Record<string, unknown>;

const FIELDS = { type: "string", description: "Comma-separated attributes to return (`id,name`, `engagedParty.id`); all when absent" };
const ID = { type: "string" };
/** A filter's value: one, or several (any of them). */
const FILTER_VALUE = { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] };

/**
 * The MCP tools of some resources, derived as their REST routes are: per resource (the model's own
 * version of its API), `list_<collection>` and `retrieve_<collection>`, and `create_`, `patch_`
 * (a JSON merge patch) and `delete_<collection>` where the resource offers them. Their input
 * schemas come from the schema (filters, sort) and the contract (what a write may carry).
 */
export function gatewayTools(resources: readonly RestResource[], schema: GraphQLSchema): Map<string, GatewayTool> {
  const tools = new Map<string, GatewayTool>();
  // One version per resource: the model's own where it is served, else the first served.
  const byType = new Map<string, RestResource>();
  for (const resource of resources) {
    if (!byType.has(resource.type) || resource.version?.projection.model) byType.set(resource.type, resource);
  }
  for (const resource of byType.values()) {
    for (const tool of toolsOf(resource, schema)) {
      if (tools.has(tool.tool.name)) throw new Error(`two resources make the MCP tool ${tool.tool.name}`);
      tools.set(tool.tool.name, tool);
    }
  }
  return tools;
}

function toolsOf(resource: RestResource, schema: GraphQLSchema): GatewayTool[] {
  const { collection, type, mutations } = resource;
  const api = /^TMF\d+/.exec(resource.contract)?.[0] ?? "TMF";
  const path = collectionPath(resource);
  const tool = (operation: ToolOperation, description: string, inputSchema: Json, call: GatewayTool["call"]): GatewayTool => ({
    tool: {
      name: `${operation}_${collection}`,
      title: `${operation[0]!.toUpperCase()}${operation.slice(1)} ${type}`,
      description,
      inputSchema: { type: "object", ...inputSchema } as Tool["inputSchema"],
      annotations: annotationsOf(operation, type),
    },
    resource,
    operation: OPERATIONS[operation],
    call,
  });
  const made = [
    tool("list", `List ${api} ${type} resources (GET ${path}).${summaryOf(resource)}`, listSchema(resource, schema), listCall),
    tool("retrieve", `Retrieve one ${api} ${type} by id (GET ${path}/{id}).`, { properties: { id: ID, fields: FIELDS }, required: ["id"] }, (args) => ({
      id: text(args, "id"),
      query: args.fields === undefined ? {} : ({ fields: text(args, "fields") } as Query),
    })),
  ];
  if (mutations.create) {
    const body = writeSchema(resource.contract, type, "Create") ?? { type: "object" };
    made.push(tool("create", `Create a ${api} ${type} (POST ${path}); the arguments are the ${type} to create.`, body, (args) => ({ query: {}, body: args })));
  }
  if (mutations.update) {
    // Its attributes and the shapes of their structures are described once, in the create tool's schema, where there is one.
    const alone = !mutations.create;
    const patch = writeSchema(resource.contract, type, "Update", { descriptions: alone, shapes: alone }) ?? { type: "object" };
    const { $defs, ...own } = patch;
    const described = alone ? "" : ` (shaped and described as in create_${collection}, nothing required)`;
    made.push(
      tool(
        "patch",
        `Change a ${api} ${type} (PATCH ${path}/{id}, a JSON merge patch): \`patch\` holds the attributes that change${described}, null removes one.`,
        { properties: { id: ID, patch: own }, required: ["id", "patch"], ...($defs !== undefined && { $defs }) },
        (args) => ({ id: text(args, "id"), query: {}, body: args.patch }),
      ),
    );
  }
  if (mutations.delete) {
    made.push(
      tool("delete", `Delete a ${api} ${type} (DELETE ${path}/{id}).`, { properties: { id: ID }, required: ["id"] }, (args) => ({
        id: text(args, "id"),
        query: {},
      })),
    );
  }
  return made;
}

/** The first sentence of the contract's description of the resource, as a tool's description ends. */
function summaryOf(resource: RestResource): string {
  const description = swagger(resource.contract).definitions[resource.type]?.description;
  const sentence = typeof description === "string" ? /^[^\n]*?[.!](?=\s|$)|^[^\n]+/.exec(description.trim())?.[0] : undefined;
  return sentence && sentence.length <= 300 ? ` ${sentence}` : "";
}

/**
 * What a tool tells a client of its effects (MCP's ToolAnnotations; their defaults assume the worst).
 * A patch may remove attributes (null), so it is destructive as a delete is; a repeated patch or
 * delete changes nothing more. A create is not idempotent: the tools carry no Idempotency-Key.
 * No tool reaches beyond the gateway's own data (not open-world).
 */
function annotationsOf(operation: ToolOperation, type: string): Tool["annotations"] {
  return {
    title: `${operation[0]!.toUpperCase()}${operation.slice(1)} ${type}`,
    readOnlyHint: operation === "list" || operation === "retrieve",
    destructiveHint: operation === "patch" || operation === "delete",
    idempotentHint: operation !== "create",
    openWorldHint: false,
  };
}

function listSchema(resource: RestResource, schema: GraphQLSchema): Json {
  const filterType = schema.getType(`${resource.type}Filter`);
  // The filterable attributes are named in the description (one schema per attribute would make every list tool kilobytes longer).
  const attributes = (isInputObjectType(filterType) ? Object.values(filterType.getFields()) : [])
    .map((field) => tmfName(field.name))
    .filter((name) => !SUBCLASSING_ATTRIBUTES.includes(name));
  return {
    properties: {
      filter: {
        type: "object",
        description: `TMF630 filters by attribute path (${attributes.join(", ")}), a value or an array (any of), an operator (eq ne gt gte lt lte in regex) after the path: \`{"engagedParty.id":"42","totalAmount.value.gt":"10"}\``,
        additionalProperties: FILTER_VALUE,
      },
      fields: FIELDS,
      sort: { type: "string", description: "Comma-separated attributes, `-` before one for descending (`-lastUpdate,name`)" },
      limit: { type: "integer", minimum: 0, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
      offset: { type: "integer", minimum: 0 },
      cursor: { type: "string", description: "A previous answer's `nextCursor`: the next page" },
    },
  };
}

/** A list call's query, as its REST query string would be: the filter's attributes, and the reserved parameters. */
function listCall(args: Record<string, unknown>): { query: Query } {
  const query: Query = {};
  const filter = args.filter ?? {};
  if (!isJsonObject(filter)) throw badInput("'filter' must be an object of attribute paths to values");
  for (const [key, value] of Object.entries(filter)) {
    if (RESERVED_PARAMS.has(key)) throw badInput(`'${key}' is an argument of its own, not a filter`);
    query[key] = Array.isArray(value) ? value.map((item) => scalar(item, `filter.${key}`)) : scalar(value, `filter.${key}`);
  }
  for (const name of ["fields", "sort", "cursor"]) if (args[name] !== undefined) query[name] = text(args, name);
  for (const name of ["limit", "offset"]) if (args[name] !== undefined) query[name] = scalar(args[name], name);
  return { query };
}

function text(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== "string") throw badInput(`'${name}' must be a string`);
  return value;
}

/** A filter value or a page position as query text: a string, a number or a boolean. */
function scalar(value: unknown, name: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw badInput(`'${name}' must be a string, a number or a boolean`);
}
