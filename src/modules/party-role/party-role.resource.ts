import type { Deployment } from "../../db/database.js";
import type { ResourceDescription } from "../../resource/description.js";
import { PARTY_ROLE_MANDATORY, PartyRole, PartyRoleAttributes } from "./party-role.type.js";

/**
 * TMF669 Party Role Management v4.0.0, the security function of the gateway's ODA components. Its
 * contract is the schema TM Forum's CTK ships (`PartyRole.schema.json`).
 */
export const partyRoleManagement = {
  basePath: "/tmf-api/partyRoleManagement/v4",
  contract: "TMF669-v4.0.0-ctk-schemas",
  scope: "partyRole",
};

/**
 * The security function a deployment's party roles belong to: its ODA Components' ids, upper-case,
 * sorted, joined by ',' (`TMFC029`, `TMFC029,TMFC030`); '' for a gateway serving every API. Each
 * component's deployment holds its own roles in the one table (the Canvas gives each component its
 * own roles).
 */
export const securityFunctionOf = (deployment: Deployment): string =>
  [...new Set(deployment.odaComponents.map((id) => id.trim().toUpperCase()).filter(Boolean))].sort().join(",");

/** TMF669 PartyRole: a role of the security function, naming the gateway scopes it grants; each deployment's security function holds its own. */
export const partyRoleResource: ResourceDescription<PartyRole> = {
  name: "PartyRole",
  type: PartyRole,
  api: partyRoleManagement,
  collection: "partyRole",
  operations: {
    create: { input: PartyRoleAttributes, description: "Adds a role (TMF669 POST /partyRole); its 'scope' characteristics name the scopes it grants" },
    update: { patch: PartyRoleAttributes, description: "Changes a role (TMF669 PATCH /partyRole/{id}, merge patch)" },
    delete: { description: "Deletes a role (TMF669 DELETE /partyRole/{id}); the controller role cannot be deleted" },
  },
  mandatory: PARTY_ROLE_MANDATORY,
  storage: {
    table: "party_role",
    updatedAt: "updatedAt",
    indexed: ["name"],
    partition: { column: "securityFunction", valueOf: securityFunctionOf },
  },
  events: { create: true, delete: true, state: "status" },
};
