// Generated from the gateway's schema by `npm run schema:emit`: do not edit (test/client-config.test.ts checks it).

/**
 * Relay identifies records by one global id field: here `nodeId` (Relay's default, `id`, is
 * the TMF id, which references share with what they refer to and types share with each other).
 * relay.config.json: `"schemaConfig": { "nodeInterfaceIdField": "nodeId", "nodeInterfaceIdVariableName": "nodeId" }`.
 */
export const schemaConfig = { nodeInterfaceIdField: "nodeId", nodeInterfaceIdVariableName: "nodeId" } as const;

/** For `new Environment({ getDataID })`: a Node's nodeId; other records get Relay's client ids (by path). */
export function getDataID(fieldValue: { readonly [key: string]: unknown }): unknown {
  return fieldValue.nodeId;
}
