import WebSocket from "ws";

/** What a GraphQL carrier answered: the HTTP status (none on a socket), the first error's code and message, the data. */
export interface Outcome {
  status?: number;
  code?: string;
  message?: string;
  data?: unknown;
  /** A socket closed by the server: its close code. */
  closed?: number;
}

export type GraphqlCarrier = "graphql-post" | "graphql-get" | "graphql-ws";

/** An API key, or the headers (on a socket, the `connectionParams`) that carry a credential. */
export type Credential = string | Record<string, string> | undefined;

const headersOf = (credential: Credential): Record<string, string> => (typeof credential === "string" ? { "x-api-key": credential } : { ...credential });

/** Runs one operation over a GraphQL carrier as a real client would, with an API key, other credential headers, or none. */
export async function runOver(carrier: GraphqlCarrier, url: string, key: Credential, query: string, variables?: Record<string, unknown>): Promise<Outcome> {
  const headers = headersOf(key);
  if (carrier === "graphql-ws") return overSocket(url, key, query, variables);
  const response =
    carrier === "graphql-post"
      ? await fetch(`${url}/graphql`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ query, variables }),
        })
      : await fetch(`${url}/graphql?${new URLSearchParams({ query, ...(variables && { variables: JSON.stringify(variables) }) })}`, {
          headers: { ...headers, "apollo-require-preflight": "true" },
        });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[]; code?: string; message?: string };
  const error = body.errors?.[0];
  return { status: response.status, code: error?.extensions?.code ?? body.code, message: error?.message ?? body.message, data: body.data };
}

/**
 * One operation on a fresh graphql-ws connection (graphql-transport-ws, spoken as its messages):
 * its first result or error, or the code the server closed the socket with; then it is closed.
 */
export function overSocket(url: string, key: Credential, query: string, variables?: Record<string, unknown>): Promise<Outcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace("http", "ws")}/graphql`, "graphql-transport-ws");
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      ws.close();
      resolve(outcome);
    };
    ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init", payload: headersOf(key) })));
    ws.on("close", (code, reason) => finish({ closed: code, message: reason.toString() }));
    ws.on("error", () => finish({ closed: -1 }));
    ws.on("message", (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: unknown };
      if (message.type === "connection_ack") ws.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query, variables } }));
      else if (message.type === "next") {
        const result = message.payload as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
        finish({ code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message, data: result.data });
      } else if (message.type === "error") {
        const errors = message.payload as { message: string; extensions?: { code?: string } }[];
        finish({ code: errors[0]?.extensions?.code, message: errors[0]?.message });
      } else if (message.type === "complete") finish({});
    });
  });
}
