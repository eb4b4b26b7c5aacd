// TMF629 Customer Management v5.0.1: an extra kit in the way TM Forum's v5 conformance tests check
// an API (no certified run here): per operation of the OpenAPI contract, the status code, the
// response's schema validity against the contract's own schema (Customer, Hub, Error), and the
// mandatory attributes. Covers /customer GET (list, fields, filter), POST, /customer/{id} GET,
// PATCH (merge patch, JSON Patch, JSON Patch Query), DELETE; /hub POST, /hub/{id} GET, DELETE;
// and the errors the contract lists (400 on a body Customer_FVO refuses, 404 on an unknown id).
import { collection, item, J } from "../postman.mjs";
import { error, list, rememberCreated, single } from "../script-fragments.mjs";
import { oasSchemas } from "../oas-schemas.mjs";

const CONTRACT = "TMF629-Customer_Management-v5.0.1.oas.yaml";
const API = "/tmf-api/customer/v5";
const postmanId = "6d1f0b7e-3c52-4b8a-9a51-629000000005";

/** The checks of a v5 response: `schema` validity of the instance (or each of a list), then `extra`. */
const valid = (schema, extra = "") => `ctk.checkSchema(instance, ${J(schema)});\n${extra}`;
const validEach = (schema) => `instances.forEach((instance) => ctk.checkSchema(instance, ${J(schema)}));\n`;
const validError = `ctk.checkSchema(ctk.body, 'Error');\n`;

export function customerV5Kit() {
  const kit = { resourcePath: `${API}/customer`, postmanId };
  const hubKit = { resourcePath: `${API}/hub`, postmanId };
  const full = {
    mandatory: ["id", "href", "@type", "name", "engagedParty", "engagedParty.id", "engagedParty.@type"],
    has: ["@type", "href", "id", "name"],
    includes: ["href", "id", "name"],
  };
  const values = [
    ["href", { hrefOf: "IDCU51" }],
    ["id", { var: "IDCU51" }],
    ["@type", "Customer"],
    ["name", { var: "NAMECU51" }],
  ];
  const create = {
    "@type": "Customer",
    name: "{{NAMECU51}}",
    description: "Created by the TMF629 v5 kit",
    role: "Buyer",
    engagedParty: { "@type": "PartyRef", id: "{{ENGAGEDPARTYCU51}}", name: "{{NAMECU51}}", "@referredType": "Organization" },
    contactMedium: [
      { "@type": "EmailContactMedium", preferred: true, contactType: "work", emailAddress: "ctk@example.com" },
      { "@type": "PhoneContactMedium", contactType: "home", phoneNumber: "+33 1 00 00 00 00" },
    ],
    relatedParty: [
      {
        "@type": "RelatedPartyOrPartyRole",
        role: "accountManager",
        partyOrPartyRole: { "@type": "PartyRef", id: "ind-1", name: "Pat", "@referredType": "Individual" },
      },
    ],
  };
  const n1 = [
    item({
      kit,
      name: "/customer",
      method: "POST",
      description: "Creates a Customer (Customer_FVO)",
      body: create,
      prerequest: `pm.collectionVariables.set('ENGAGEDPARTYCU51', 'org-' + setup.guid());`,
      test: single(201, full, values.slice(2), valid("Customer")) + rememberCreated("IDCU51", "HREFCU51", { checkHref: true }),
    }),
    item({ kit, name: "/customer", method: "GET", description: "Lists customers", test: list(full, "IDCU51", values, validEach("Customer")) }),
    item({
      kit,
      name: "/customer/{{IDCU51}}",
      method: "GET",
      suffix: "/{{IDCU51}}",
      description: "Retrieves the created Customer",
      test: single(
        200,
        full,
        values,
        valid(
          "Customer",
          `ctk.checkValues(instance, [['contactMedium.0.@type', 'EmailContactMedium'], ['contactMedium.1.phoneNumber', '+33 1 00 00 00 00'], ['relatedParty.0.partyOrPartyRole.id', 'ind-1']]);\n`,
        ),
      ),
    }),
    item({
      kit,
      name: "/customer?fields=name",
      method: "GET",
      query: [["fields", "name"]],
      description: "Attribute selection of first level attributes",
      test: list(
        { mandatory: ["id", "href", "name"], has: ["id", "href", "name"] },
        "IDCU51",
        values.filter(([p]) => p !== "@type"),
        `instances.forEach((instance) => ctk.checkOmitted(instance, ['description', 'engagedParty', 'contactMedium']));\n`,
      ),
    }),
    item({
      kit,
      name: "/customer?name={{NAMECU51}}",
      method: "GET",
      query: [["name", "{{NAMECU51}}"]],
      description: "Filters on name",
      test: list(full, "IDCU51", values, `ctk.checkFilter(instances, 'name', {var: 'NAMECU51'});\n${validEach("Customer")}`),
    }),
  ];
  const n2 = [
    item({
      kit,
      name: "/customer/{{IDCU51}} (merge patch)",
      method: "PATCH",
      suffix: "/{{IDCU51}}",
      contentType: "application/merge-patch+json",
      description: "Updates partially a Customer (Customer_MVO, application/merge-patch+json)",
      body: { status: "Approved", description: "Patched by the kit" },
      test: single(200, full, [...values, ["status", "Approved"], ["description", "Patched by the kit"]], valid("Customer")),
    }),
    item({
      kit,
      name: "/customer/{{IDCU51}} (JSON Patch)",
      method: "PATCH",
      suffix: "/{{IDCU51}}",
      contentType: "application/json-patch+json",
      description: "Updates a contact medium in place (RFC 6902)",
      body: [
        { op: "replace", path: "/contactMedium/0/emailAddress", value: "patched@example.com" },
        { op: "add", path: "/contactMedium/-", value: { "@type": "SocialContactMedium", socialNetworkId: "@ctk" } },
      ],
      test: single(
        200,
        full,
        [...values, ["contactMedium.0.emailAddress", "patched@example.com"], ["contactMedium.2.@type", "SocialContactMedium"]],
        valid("Customer"),
      ),
    }),
    item({
      kit,
      name: "/customer/{{IDCU51}} (JSON Patch Query)",
      method: "PATCH",
      suffix: "/{{IDCU51}}",
      contentType: "application/json-patch-query+json",
      description: "Replaces the home phone number, selected by a JSONPath filter (TMF630 JSON Patch Query)",
      body: [{ op: "replace", path: "$.contactMedium[?@.contactType=='home'].phoneNumber", value: "+33 9 99 99 99 99" }],
      test: single(200, full, [...values, ["contactMedium.1.phoneNumber", "+33 9 99 99 99 99"]], valid("Customer")),
    }),
    item({
      kit,
      name: "/customer/{{IDCU51}}?fields=status",
      method: "PATCH",
      suffix: "/{{IDCU51}}",
      query: [["fields", "status"]],
      contentType: "application/merge-patch+json",
      description: "fields on a PATCH response",
      body: { status: "Validated" },
      test: single(
        200,
        { mandatory: ["id", "href", "status"], has: ["status"] },
        [["status", "Validated"]],
        `ctk.checkOmitted(instance, ['name', 'engagedParty', 'contactMedium']);\n`,
      ),
    }),
  ];
  const n3 = [
    item({
      kit: hubKit,
      name: "/hub",
      method: "POST",
      description: "Registers a listener (Hub_FVO)",
      body: { "@type": "Hub", callback: "http://127.0.0.1:9/listener/customerCreateEvent", query: "eventType=CustomerCreateEvent" },
      test:
        single(
          201,
          { mandatory: ["id", "callback", "@type"], has: ["id", "callback"] },
          [["callback", "http://127.0.0.1:9/listener/customerCreateEvent"]],
          valid("Hub"),
        ) + rememberCreated("IDHU51", "HREFHU51", { checkHref: true }),
    }),
    item({
      kit: hubKit,
      name: "/hub/{{IDHU51}}",
      method: "GET",
      suffix: "/{{IDHU51}}",
      description: "Retrieves the registration",
      test: single(200, { mandatory: ["id", "callback", "@type"], has: ["id", "callback"] }, [["id", { var: "IDHU51" }]], valid("Hub")),
    }),
    item({
      kit: hubKit,
      name: "/hub/{{IDHU51}}",
      method: "DELETE",
      suffix: "/{{IDHU51}}",
      description: "Removes the registration",
      test: `\nctk.status(204);\n`,
    }),
    item({ kit, name: "/customer/{{IDCU51}}", method: "DELETE", suffix: "/{{IDCU51}}", description: "Deletes the Customer", test: `\nctk.status(204);\n` }),
    item({
      kit,
      name: "/customer/{{IDCU51}} (deleted)",
      method: "GET",
      suffix: "/{{IDCU51}}",
      description: "The deleted Customer is not found",
      test: error(404) + validError,
    }),
  ];
  const e1 = [
    item({
      kit,
      name: "/customer (without @type)",
      method: "POST",
      description: "Customer_FVO requires @type: 400 with an Error",
      body: { name: "No type", engagedParty: { "@type": "PartyRef", id: "org-1" } },
      test: error(400) + validError,
    }),
    item({ kit, name: "/customer/404ID", method: "GET", suffix: "/{{ID404}}", description: "A Customer that does not exist", test: error(404) + validError }),
    item({
      kit,
      name: "/customer/404ID (PATCH)",
      method: "PATCH",
      suffix: "/{{ID404}}",
      contentType: "application/merge-patch+json",
      body: { status: "x" },
      description: "Patching a Customer that does not exist",
      test: error(404) + validError,
    }),
  ];
  return collection({
    kit,
    name: "CTK-Customer-5.0.1",
    description:
      "TMF629 Customer Management v5.0.1 kit: status codes, schema validity (the contract's schemas, variable SCHEMAS) and mandatory attributes per operation.",
    variables: [
      ["NAMECU51", "Moon Football Club", "Name of the created customer"],
      ["ID404", "c2df1950-c17c-4576-9c22-e59073a4a86a", "An id that does not exist"],
      ["SCHEMAS", JSON.stringify(oasSchemas(CONTRACT, ["Customer", "Hub", "Error"])), `JSON schemas of ${CONTRACT} (ctk/tools/oas-schemas.mjs)`],
      ["ENGAGEDPARTYCU51", "", "set by the POST pre-request script"],
      ["IDCU51", "", "set by the POST test script"],
      ["HREFCU51", "", "set by the POST test script"],
      ["IDHU51", "", "set by the hub POST test script"],
      ["HREFHU51", "", "set by the hub POST test script"],
    ],
    folders: [
      ["N1", "Create, retrieve, list", n1],
      ["N2", "Patch: merge, JSON Patch, JSON Patch Query", n2],
      ["N3", "Hub and delete", n3],
      ["E1", "Errors", e1],
    ],
  });
}
