import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** The SDK's own client, connected to the gateway's /mcp over HTTP with these headers (an API key). */
export async function mcpClient(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "gateway-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }));
  return client;
}

/** What a tool call came to: its result, or the HTTP status the request was refused with (the SDK's StreamableHTTPError). */
export interface ToolOutcome {
  result?: CallToolResult;
  refused?: { status: number; message: string };
}

/** One tool call on a fresh client (connecting is two requests of its own: initialize, and its notification). */
export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolOutcome> {
  try {
    return { result: (await client.callTool({ name, arguments: args })) as CallToolResult };
  } catch (err) {
    return { refused: refusal(err) };
  }
}

export function refusal(err: unknown): { status: number; message: string } {
  const { code, message } = err as { code?: number; message: string };
  if (typeof code !== "number") throw err;
  return { status: code, message };
}

/** The TMF Error of a tool's error result. */
export const tmfErrorOf = (outcome: ToolOutcome) => {
  if (!outcome.result?.isError) throw new Error(`not an error result: ${JSON.stringify(outcome)}`);
  return outcome.result.structuredContent as { code: string; reason: string; message: string; status: string };
};
