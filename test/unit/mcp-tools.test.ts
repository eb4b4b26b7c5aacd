import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { gatewayTools } from "../../src/http/mcp/tools.js";
import { RESOURCES } from "../../src/modules/registry.js";
import { restVersionsOf } from "../../src/resource/description.js";
import { schemaOf } from "../../src/schema/schema.js";
import { refName, swagger, writeDefinition } from "../../src/tmf/swagger.js";

// What an MCP client puts in its LLM's context: every tool of tools/list at once. The list was
// 225 KB (create schemas 108 KB, patch 60 KB); this bound keeps it from growing back unnoticed.
const MAX_TOOLS_LIST_BYTES = 125_000;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addFormat("float", { type: "number", validate: () => true });
ajv.addFormat("base64", /^[A-Za-z0-9+/]*={0,2}$/);

type Node = Record<string, unknown>;
let tools: Tool[];
let byName: Map<string, Tool>;
let resources: ReturnType<typeof restVersionsOf>;

beforeAll(async () => {
  resources = RESOURCES.flatMap(restVersionsOf);
  tools = [...gatewayTools(resources, await schemaOf()).values()].map((t) => t.tool);
  byName = new Map(tools.map((tool) => [tool.name, tool]));
});

/** Every `$ref` at any depth of a schema. */
const refs = (node: unknown): string[] =>
  node === null || typeof node !== "object" ? [] : Object.entries(node).flatMap(([key, value]) => (key === "$ref" ? [value as string] : refs(value)));

/** A schema with its `$ref` followed within `root`. */
const followed = (node: Node, root: Node): Node => (typeof node.$ref === "string" ? ((root.$defs as Node)[node.$ref.replace("#/$defs/", "")] as Node) : node);

describe("the gateway's MCP tools", () => {
  it("tools/list stays small", () => {
    const bytes = Buffer.byteLength(JSON.stringify({ tools }));
    expect(bytes).toBeLessThan(MAX_TOOLS_LIST_BYTES);
    expect(tools.length).toBeGreaterThan(60);
  });

  it("every input schema is self-contained and compiles", () => {
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe("object");
      for (const ref of refs(tool.inputSchema)) expect(ref, tool.name).toMatch(/^#\/\$defs\/[\w.-]+$/);
      expect(() => ajv.compile(tool.inputSchema), tool.name).not.toThrow();
    }
  });

  it("a create requires what its contract's write requires, at its level and in the structures it reaches", () => {
    let checked = 0;
    for (const resource of resources) {
      const tool = byName.get(`create_${resource.collection}`);
      if (!tool || (resource.version && !resource.version.projection.model)) continue;
      const definitions = swagger(resource.contract).definitions;
      const name = writeDefinition(resource.contract, resource.type, "Create")!;
      let written = definitions[name]!;
      while (typeof written.$ref === "string") written = definitions[refName(written.$ref)]!;
      const required = ((written.required as string[] | undefined) ?? []).filter((key) => name !== resource.type || (key !== "id" && key !== "href"));
      expect([...((tool.inputSchema.required as string[] | undefined) ?? [])].sort(), tool.name).toEqual([...required].sort());
      for (const [def, schema] of Object.entries((tool.inputSchema as Node).$defs ?? {})) {
        expect((schema as Node).required, `${tool.name} ${def}`).toEqual(definitions[refName(def)]?.required);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it("a patch beside a create has the create's attributes, of the same types and enumerations, nothing required", () => {
    let checked = 0;
    for (const patch of tools.filter((tool) => tool.name.startsWith("patch_"))) {
      const create = byName.get(patch.name.replace("patch_", "create_"));
      const own = (patch.inputSchema.properties as Node).patch as Node;
      expect(JSON.stringify(own), patch.name).not.toMatch(/"required"/);
      if (!create) continue;
      const createSchema = create.inputSchema as Node;
      for (const [attribute, schema] of Object.entries(own.properties as Record<string, Node>)) {
        const written = (createSchema.properties as Record<string, Node>)[attribute];
        if (!written) continue; // an attribute only an update writes
        const target = followed(written, createSchema);
        expect(schema.type, `${patch.name} ${attribute}`).toEqual(target.type ?? "object");
        expect(schema.enum, `${patch.name} ${attribute}`).toEqual(target.enum);
        if (schema.type === "array")
          expect((schema.items as Node).type ?? "object", `${patch.name} ${attribute}`).toEqual(followed(target.items as Node, createSchema).type ?? "object");
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
