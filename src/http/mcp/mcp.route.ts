// `Server` is the SDK's low-level server: marked deprecated for McpServer, which takes zod schemas;
// the tools here are derived at start with JSON Schemas from the contracts, which `Server` takes as they are.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createRequire } from "node:module";
import type { AuthConfig } from "../../auth/authenticator.js";
import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { badInput } from "../../errors.js";
import { decimalsAsText, stringifyResult } from "../../tmf/exact-json.js";
import type { RestResource } from "../../tmf/rest-resource.js";
import { tmfError } from "../../tmf/tmf-error.js";
import { answerOf } from "../error-handler.js";
import { protectedResource } from "./protected-resource.js";
import { gatewayTools, type GatewayTool } from "./tools.js";

export const MCP_PATH = "/mcp";

/** The gateway's version (package.json), which the server names itself with. */
const VERSION = (createRequire(import.meta.url)("../../../package.json") as { version: string }).version;

/** The headers the streamable HTTP transport reads of a request. */
const TRANSPORT_HEADERS = ["accept", "content-type", "mcp-protocol-version", "mcp-session-id", "last-event-id"];

/**
 * MCP over streamable HTTP on POST /mcp, stateless: each request is one JSON-RPC message answered
 * as JSON by a server and transport made for it and closed after it, so no client holds memory
 * between requests (no session, no stream). GET and DELETE (a server-sent event stream, a session's
 * end) are 405, as the transport's specification has it for a server without either. A request
 * goes through every HTTP policy before its message is read — authentication, the rate limit, the
 * body parser (size, depth, prototype keys) — and a tool call runs through the REST translator in the
 * caller's context, so scopes, operation limits and error masking are those of REST. A JSON-RPC batch
 * is refused: one request is one message, so the rate limit counts every tool call.
 */
export const mcpPlugin = fp<{ resources: RestResource[]; auth: AuthConfig; scopes: readonly string[] }>(
  async (app, { resources, auth, scopes }) => {
    const { translator, context, policy, schema } = app.gateway;
    policy.carrier("mcp");
    const tools = gatewayTools(resources, schema);
    for (const { resource } of tools.values()) translator.prepareResource(resource);
    const listed = { tools: [...tools.values()].map((t) => t.tool) };
    const instructions = instructionsFor([...tools.values()].map((t) => t.resource));

    const run = async (request: FastifyRequest, gatewayTool: GatewayTool, args: Record<string, unknown>): Promise<CallToolResult> => {
      try {
        const { id, query, body } = gatewayTool.call(args);
        const result = await translator.run({
          operation: gatewayTool.operation,
          resource: gatewayTool.resource,
          id,
          query,
          body,
          ...(gatewayTool.operation === "update" && { patchFormat: "merge" as const }),
          context: context(request),
        });
        return toolResult(gatewayTool, result.body, result.headers);
      } catch (err) {
        const { body } = answerOf(err, request);
        return { isError: true, content: [{ type: "text", text: JSON.stringify(body) }], structuredContent: { ...body } };
      }
    };

    const serverFor = (request: FastifyRequest) => {
      const server = new Server({ name: "tmf-graphql-gateway", version: VERSION }, { capabilities: { tools: { listChanged: false } }, instructions });
      server.setRequestHandler(ListToolsRequestSchema, () => listed);
      server.setRequestHandler(CallToolRequestSchema, ({ params }) => {
        const found = tools.get(params.name);
        if (!found) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${params.name}`);
        return run(request, found, params.arguments ?? {});
      });
      return server;
    };

    // A 401 on /mcp says where a client gets a token (MCP authorization): the route's own onSend, as the refusal comes from authentication's hook.
    const challenge = protectedResource(app, MCP_PATH, auth, scopes);
    const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode === 401) reply.header("www-authenticate", challenge(request));
      return payload;
    };
    app.post(MCP_PATH, { onSend }, async (request, reply) => {
      if (Array.isArray(request.body)) throw badInput("One JSON-RPC message per request: batches are not accepted on /mcp");
      const server = serverFor(request);
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await server.connect(transport);
      try {
        const response = await transport.handleRequest(webRequest(request), { parsedBody: request.body ?? null });
        return await relay(response, reply);
      } finally {
        await server.close();
      }
    });
    const notAllowed = async (request: FastifyRequest, reply: FastifyReply) =>
      reply
        .code(405)
        .header("allow", "POST")
        .send(tmfError(405, `${request.method} is not supported on ${MCP_PATH}: this MCP server is stateless (no event stream, no session); use POST`));
    app.get(MCP_PATH, { onSend }, notAllowed);
    app.delete(MCP_PATH, { onSend }, notAllowed);
  },
  { name: "mcp", dependencies: ["authentication", "gateway", "json-bodies"], fastify: "5.x" },
);

/** What a client is told of the server as it connects: the APIs its tools call, how they are named, how money is written. */
function instructionsFor(resources: readonly RestResource[]): string {
  const apis = [...new Set(resources.map((r) => `${/^TMF\d+/.exec(r.contract)?.[0] ?? "TMF"} ${r.basePath}`))];
  return [
    `TM Forum Open APIs: ${apis.join(", ")}.`,
    "Per resource, by its REST collection: list_<collection> (filters, fields, sort, paging), retrieve_<collection>, and create_, patch_ (JSON merge patch), delete_<collection> where offered.",
    "Results are the TMF JSON the REST API answers; money values are exact decimals (write them as strings to keep every digit).",
    "Every object of a write also takes TMF's @type, @baseType and @schemaLocation where its contract has them (left out of nested schemas for brevity).",
    "An error result carries the TMF Error (code, reason, message, status).",
  ].join(" ");
}

/**
 * A tool's answer: the TMF JSON REST answers, as text exactly as REST sends it and as structured
 * content with money as exact decimal strings. A list is `{ items, totalCount?, nextCursor?,
 * nextOffset? }` (structured content is an object): the count and the next page REST says in headers.
 */
function toolResult(tool: GatewayTool, body: unknown, headers: Record<string, string> = {}): CallToolResult {
  if (tool.operation === "delete") return { content: [{ type: "text", text: `Deleted ${tool.resource.type}` }] };
  let structured = body;
  if (tool.operation === "list") {
    const next = /<([^>]*)>; rel="next"/.exec(headers.link ?? "")?.[1];
    const params = next ? new URL(next).searchParams : undefined;
    structured = {
      items: body,
      ...(headers["x-total-count"] && { totalCount: Number(headers["x-total-count"]) }),
      ...(params?.get("cursor") && { nextCursor: params.get("cursor") }),
      ...(params?.get("offset") && { nextOffset: Number(params.get("offset")) }),
    };
  }
  return { content: [{ type: "text", text: stringifyResult(structured) }], structuredContent: decimalsAsText(structured) as Record<string, unknown> };
}

/** The request as the transport reads it: its method, URL and the headers it looks at (the body is handed over parsed). */
function webRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const name of TRANSPORT_HEADERS) {
    const value = request.headers[name];
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return new Request(`http://${request.host || "localhost"}${MCP_PATH}`, { method: request.method, headers });
}

async function relay(response: Response, reply: FastifyReply): Promise<FastifyReply> {
  reply.code(response.status);
  response.headers.forEach((value, name) => void reply.header(name, value));
  const text = await response.text();
  return text ? reply.send(text) : reply.send();
}
