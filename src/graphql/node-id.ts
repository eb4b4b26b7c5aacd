import { GraphQLError } from "graphql";

/** Most nodeIds one `nodes` query reads (each also counts against the cost budget, as a list's row). */
export const NODES_MAX = 100;

/** Longest nodeId accepted: a type name and a TMF id, base64url (far above any the gateway issues). */
export const NODE_ID_MAX_LENGTH = 512;

/**
 * The Relay global id of a resource: base64url of `<GraphQL type>:<TMF id>`. Opaque to clients;
 * the type is part of it, so two types never share one even where their TMF ids are equal.
 */
export function encodeNodeId(typeName: string, id: string): string {
  return Buffer.from(`${typeName}:${id}`, "utf8").toString("base64url");
}

/** The type and TMF id a nodeId names; BAD_USER_INPUT when it is not one the gateway could have issued. */
export function decodeNodeId(nodeId: string, isNodeType: (name: string) => boolean): { typeName: string; id: string } {
  const refuse = (why: string) => new GraphQLError(`Invalid nodeId: ${why}`, { extensions: { code: "BAD_USER_INPUT" } });
  if (nodeId.length > NODE_ID_MAX_LENGTH) throw refuse(`longer than ${NODE_ID_MAX_LENGTH} characters`);
  if (!/^[A-Za-z0-9_-]+$/.test(nodeId)) throw refuse("not base64url");
  const text = Buffer.from(nodeId, "base64url").toString("utf8");
  // Canonical encodings only: one resource, one nodeId (clients compare them as strings).
  if (Buffer.from(text, "utf8").toString("base64url") !== nodeId) throw refuse("not base64url of a node's type and id");
  const colon = text.indexOf(":");
  const typeName = colon > 0 ? text.slice(0, colon) : "";
  const id = text.slice(colon + 1);
  if (!typeName || !id || !isNodeType(typeName)) throw refuse("names no resource of this schema");
  return { typeName, id };
}
