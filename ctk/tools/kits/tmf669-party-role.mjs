// TMF669 Party Role v4.0.0, the security function: a kit in the style of the others (no certified
// run here), its contract the JSON schema TM Forum's CTK ships (specs/TMF669-v4.0.0-ctk-schemas):
// the CTK's own example posted (`name` and an empty `roleType`), status codes, schema validity of
// each response against PartyRole.schema.json (variable SCHEMAS), `fields`, filters, the controller
// role listed (variable CONTROLLER, the service's CONTROLLER_ROLE), a role mapped to a scope, PATCH,
// hub, DELETE then 404, and the refusals: no name, a scope the gateway does not have, the controller
// role's deletion.
import { readFileSync } from "node:fs";
import { collection, item } from "../postman.mjs";
import { error, list, rememberCreated, single } from "../script-fragments.mjs";

const SET = new URL("../../../specs/TMF669-v4.0.0-ctk-schemas/", import.meta.url);
const API = "/tmf-api/partyRoleManagement/v4";
const postmanId = "5c1f7d3b-8e2a-4f6b-9d4c-669000000005";

const read = (file) => JSON.parse(readFileSync(new URL(file, SET), "utf8"));
const { $schema: _dialect, ...partyRole } = read("PartyRole.schema.json");
const SCHEMAS = { PartyRole: partyRole };
const example = read("PartyRole.example.json");

const valid = "ctk.checkSchema(instance, 'PartyRole');\n";
const validEach = "instances.forEach((instance) => ctk.checkSchema(instance, 'PartyRole'));\n";
const scope = (value) => ({ name: "scope", valueType: "string", value });

export function partyRoleKit() {
  const kit = { resourcePath: `${API}/partyRole`, postmanId };
  const hubKit = { resourcePath: `${API}/hub`, postmanId };
  const full = { mandatory: ["id", "href", "name"], has: ["id", "href", "name"], includes: ["href", "id", "name"] };
  const values = [
    ["href", { hrefOf: "IDPR" }],
    ["id", { var: "IDPR" }],
    ["name", { var: "NAMEPR" }],
  ];
  const n1 = [
    item({
      kit,
      name: "/partyRole",
      method: "POST",
      description: "Creates a party role: the CTK's own example (PartyRole.example.json), its name the kit's",
      body: { ...example, name: "{{NAMEPR}}" },
      test:
        single(
          201,
          full,
          [
            ["name", { var: "NAMEPR" }],
            ["roleType", {}],
          ],
          valid,
        ) + rememberCreated("IDPR", "HREFPR", { checkHref: true }),
    }),
    item({ kit, name: "/partyRole", method: "GET", description: "Lists party roles", test: list(full, "IDPR", values, validEach) }),
    item({
      kit,
      name: "/partyRole/{{IDPR}}",
      method: "GET",
      suffix: "/{{IDPR}}",
      description: "Retrieves the created party role",
      test: single(200, full, values, valid),
    }),
    item({
      kit,
      name: "/partyRole?fields=name",
      method: "GET",
      query: [["fields", "name"]],
      description: "Attribute selection of first level attributes",
      test: list(full, "IDPR", values, `instances.forEach((instance) => ctk.checkOmitted(instance, ['roleType', 'characteristic', 'status']));\n`),
    }),
    item({
      kit,
      name: "/partyRole?id={{IDPR}}",
      method: "GET",
      query: [["id", "{{IDPR}}"]],
      description: "Filters on id",
      test: list(full, "IDPR", values, `ctk.checkFilter(instances, 'id', {var: 'IDPR'});\n${validEach}`),
    }),
    item({
      kit,
      name: "/partyRole?name={{NAMEPR}}",
      method: "GET",
      query: [["name", "{{NAMEPR}}"]],
      description: "Filters on name",
      test: list(full, "IDPR", values, `ctk.checkFilter(instances, 'name', {var: 'NAMEPR'});\n${validEach}`),
    }),
    item({
      kit,
      name: "/partyRole?name={{CONTROLLER}}",
      method: "GET",
      query: [["name", "{{CONTROLLER}}"]],
      description: "The controller role of the ODA Canvas is listed (the service seeds it)",
      test: `\nctk.status(200);\nconst instances = ctk.list();\nctk.checkFilter(instances, 'name', {var: 'CONTROLLER'});\n${validEach}`,
    }),
  ];
  const n2 = [
    item({
      kit,
      name: "/partyRole/{{IDPR}}",
      method: "PATCH",
      suffix: "/{{IDPR}}",
      contentType: "application/merge-patch+json",
      description: "Maps the role to a scope of the gateway (merge patch)",
      body: { characteristic: [scope("customer:read")], statusReason: "CTK" },
      test: single(200, full, [...values, ["characteristic", [scope("customer:read")]], ["statusReason", "CTK"]], valid),
    }),
    item({
      kit: hubKit,
      name: "/hub",
      method: "POST",
      description: "Registers a listener of the API's hub",
      body: { callback: "http://127.0.0.1:9/listener/partyRoleCreateEvent", query: "eventType=PartyRoleCreateEvent" },
      test:
        single(201, { mandatory: ["id", "callback"], has: ["id", "callback"] }, [["callback", "http://127.0.0.1:9/listener/partyRoleCreateEvent"]]) +
        rememberCreated("IDHUPR", "HREFHUPR"),
    }),
    item({
      kit: hubKit,
      name: "/hub/{{IDHUPR}}",
      method: "DELETE",
      suffix: "/{{IDHUPR}}",
      description: "Removes the registration",
      test: `\nctk.status(204);\n`,
    }),
    item({ kit, name: "/partyRole/{{IDPR}}", method: "DELETE", suffix: "/{{IDPR}}", description: "Deletes the party role", test: `\nctk.status(204);\n` }),
    item({ kit, name: "/partyRole/{{IDPR}} (deleted)", method: "GET", suffix: "/{{IDPR}}", description: "The deleted role is not found", test: error(404) }),
  ];
  const e1 = [
    item({ kit, name: "/partyRole (without name)", method: "POST", description: "name is mandatory: 400", body: { roleType: {} }, test: error(400) }),
    item({
      kit,
      name: "/partyRole (unknown scope)",
      method: "POST",
      description: "A scope the gateway does not have: 400",
      body: { name: "{{NAMEPR}} typo", characteristic: [scope("customer:reed")] },
      test: error(400),
    }),
    item({ kit, name: "/partyRole/404ID", method: "GET", suffix: "/{{ID404}}", description: "A party role that does not exist", test: error(404) }),
  ];
  return collection({
    kit,
    name: "CTK-PartyRole-4.0.0",
    description:
      "TMF669 Party Role v4.0.0 kit (the security function): status codes, schema validity against TM Forum's CTK schema (variable SCHEMAS), mandatory attributes, fields, filters, the controller role listed, PATCH mapping a role to a scope, hub, DELETE, refusals.",
    variables: [
      ["NAMEPR", "CTK operator", "Name of the created party role"],
      ["CONTROLLER", "Admin", "The controller role the service is set to (CONTROLLER_ROLE)"],
      ["ID404", "c2df1950-c17c-4576-9c22-e59073a4a86a", "An id that does not exist"],
      ["SCHEMAS", JSON.stringify(SCHEMAS), "JSON schemas of specs/TMF669-v4.0.0-ctk-schemas"],
      ["IDPR", "", "set by the POST test script"],
      ["HREFPR", "", "set by the POST test script"],
      ["IDHUPR", "", "set by the hub POST test script"],
      ["HREFHUPR", "", "set by the hub POST test script"],
    ],
    folders: [
      ["N1", "Create, retrieve, list, the controller role", n1],
      ["N2", "Patch, hub, delete", n2],
      ["E1", "Errors", e1],
    ],
  });
}
