// TMF666 Account Management v5.0.0: an extra kit in the way TM Forum's v5 conformance tests check an
// API (no certified run here): for each of its seven resources, per operation of the OpenAPI
// contract, the status code, the response's schema validity against the contract's own schema, and
// the mandatory attributes — POST, GET list (fields, filter), GET by id, PATCH (merge patch; JSON
// Patch and JSON Patch Query on a billing account), DELETE, then 404 —; /hub POST and DELETE; and
// the errors the contract lists (400 on a body `_FVO` refuses, 404 on an unknown id).
import { collection, item, J } from "../postman.mjs";
import { error, list, rememberCreated, single } from "../script-fragments.mjs";
import { oasSchemas } from "../oas-schemas.mjs";

const CONTRACT = "TMF666-Account_Management-v5.0.0.oas.yaml";
const API = "/tmf-api/accountManagement/v5";
const postmanId = "6d1f0b7e-3c52-4b8a-9a51-666000000005";

const related = (role, id, name, referredType) => ({
  "@type": "RelatedPartyRefOrPartyRoleRef",
  role,
  partyOrPartyRole: { "@type": "PartyRef", id, name, "@referredType": referredType },
});

/**
 * The seven resources, each with its variable suffix, its create body and a patch of it. The bill
 * structure resources come first: the party accounts refer to them (and to the financial account).
 */
const RESOURCES = [
  { collection: "billFormat", type: "BillFormat", v: "BF", create: { description: "Every call itemised" }, patch: { description: "Patched by the kit" } },
  {
    collection: "billPresentationMedia",
    type: "BillPresentationMedia",
    v: "BM",
    create: { description: "A PDF by email" },
    patch: { description: "Patched by the kit" },
  },
  {
    collection: "billingCycleSpecification",
    type: "BillingCycleSpecification",
    v: "BC",
    create: { frequency: "monthly", billingDateShift: 1, paymentDueDateOffset: 15 },
    patch: { frequency: "quarterly" },
  },
  {
    collection: "financialAccount",
    type: "FinancialAccount",
    v: "FA",
    create: { accountType: "receivable", relatedParty: [related("owner", "org-ctk", "CTK Org", "Organization")] },
    patch: { state: "Active" },
    mandatory: ["relatedParty"],
  },
  ...["partyAccount", "settlementAccount", "billingAccount"].map((collection) => ({
    collection,
    type: collection[0].toUpperCase() + collection.slice(1),
    v: collection.slice(0, 2).toUpperCase(),
    create: {
      accountType: "organization",
      paymentStatus: "due",
      creditLimit: { unit: "EUR", value: 500 },
      relatedParty: [related("owner", "org-ctk", "CTK Org", "Organization")],
      contact: [
        {
          "@type": "Contact",
          contactType: "billing",
          contactName: "Pat",
          validFor: { startDateTime: "2026-01-01T00:00:00Z" },
          contactMedium: [{ "@type": "EmailContactMedium", contactType: "work", emailAddress: "pat@ctk.example" }],
        },
      ],
      financialAccount: { "@type": "FinancialAccountRef", id: "{{IDFA}}", name: "{{NAMEFA}}" },
      billStructure: {
        "@type": "BillStructure",
        format: { "@type": "BillFormatRef", id: "{{IDBF}}", name: "{{NAMEBF}}" },
        presentationMedia: [{ "@type": "BillPresentationMediaRef", id: "{{IDBM}}", name: "{{NAMEBM}}" }],
        cycleSpecification: { "@type": "BillingCycleSpecificationRef", id: "{{IDBC}}", name: "{{NAMEBC}}" },
      },
    },
    patch: { state: "Active", paymentStatus: "paid" },
    mandatory: ["relatedParty", "relatedParty.0.partyOrPartyRole.id"],
  })),
];

const validError = `ctk.checkSchema(ctk.body, 'Error');\n`;

/** The create, reads and patch of one resource (N folders). */
function lifecycle({ collection: name, type, v, create, patch, mandatory = [] }) {
  const kit = { resourcePath: `${API}/${name}`, postmanId };
  const id = `ID${v}`;
  const nameVar = `NAME${v}`;
  const full = { mandatory: ["id", "href", "@type", "name", ...mandatory], has: ["@type", "href", "id", "name"], includes: ["href", "id", "name"] };
  const values = [
    ["href", { hrefOf: id }],
    ["id", { var: id }],
    ["@type", type],
    ["name", { var: nameVar }],
  ];
  const valid = (extra = "") => `ctk.checkSchema(instance, ${J(type)});\n${extra}`;
  const changed = Object.entries(patch);
  return [
    item({
      kit,
      name: `/${name}`,
      method: "POST",
      description: `Creates a ${type} (${type}_FVO)`,
      body: { "@type": type, name: `{{${nameVar}}}`, ...create },
      test: single(201, full, values.slice(2), valid()) + rememberCreated(id, `HREF${v}`, { checkHref: true }),
    }),
    item({
      kit,
      name: `/${name}`,
      method: "GET",
      description: `Lists ${type} resources`,
      test: list(full, id, values, `instances.forEach((instance) => ctk.checkSchema(instance, ${J(type)}));\n`),
    }),
    item({
      kit,
      name: `/${name}/{{${id}}}`,
      method: "GET",
      suffix: `/{{${id}}}`,
      description: `Retrieves the created ${type}`,
      test: single(200, full, values, valid()),
    }),
    item({
      kit,
      name: `/${name}?fields=name`,
      method: "GET",
      query: [["fields", "name"]],
      description: "Attribute selection of first level attributes",
      test: list(
        { mandatory: ["id", "href", "name"], has: ["id", "href", "name"] },
        id,
        values.filter(([p]) => p !== "@type"),
        `instances.forEach((instance) => ctk.checkOmitted(instance, ${J(Object.keys(create))}));\n`,
      ),
    }),
    item({
      kit,
      name: `/${name}?name={{${nameVar}}}`,
      method: "GET",
      query: [["name", `{{${nameVar}}}`]],
      description: "Filters on name",
      test: list(full, id, values, `ctk.checkFilter(instances, 'name', {var: ${J(nameVar)}});\n`),
    }),
    item({
      kit,
      name: `/${name}/{{${id}}} (merge patch)`,
      method: "PATCH",
      suffix: `/{{${id}}}`,
      contentType: "application/merge-patch+json",
      description: `Updates partially a ${type} (${type}_MVO, application/merge-patch+json)`,
      body: patch,
      test: single(200, full, [...values, ...changed], valid()),
    }),
  ];
}

/** Deletes one resource, then finds it gone (N folder of deletes, in reverse order of creation). */
function removal({ collection: name, type, v }) {
  const kit = { resourcePath: `${API}/${name}`, postmanId };
  const id = `ID${v}`;
  return [
    item({ kit, name: `/${name}/{{${id}}}`, method: "DELETE", suffix: `/{{${id}}}`, description: `Deletes the ${type}`, test: `\nctk.status(204);\n` }),
    item({
      kit,
      name: `/${name}/{{${id}}} (deleted)`,
      method: "GET",
      suffix: `/{{${id}}}`,
      description: `The deleted ${type} is not found`,
      test: error(404) + validError,
    }),
  ];
}

export function accountV5Kit() {
  const account = { resourcePath: `${API}/billingAccount`, postmanId };
  const hubKit = { resourcePath: `${API}/hub`, postmanId };
  const accountFull = { mandatory: ["id", "href", "@type", "name", "relatedParty"], has: ["@type", "href", "id", "name"] };
  const patches = [
    item({
      kit: account,
      name: "/billingAccount/{{IDBI}} (JSON Patch)",
      method: "PATCH",
      suffix: "/{{IDBI}}",
      contentType: "application/json-patch+json",
      description: "Updates a contact medium in place and adds a related party (RFC 6902)",
      body: [
        { op: "replace", path: "/contact/0/contactMedium/0/emailAddress", value: "billing@ctk.example" },
        { op: "add", path: "/relatedParty/-", value: related("payer", "ind-ctk", "Payer", "Individual") },
      ],
      test: single(
        200,
        accountFull,
        [
          ["contact.0.contactMedium.0.emailAddress", "billing@ctk.example"],
          ["relatedParty.1.partyOrPartyRole.id", "ind-ctk"],
        ],
        `ctk.checkSchema(instance, 'BillingAccount');\n`,
      ),
    }),
    item({
      kit: account,
      name: "/billingAccount/{{IDBI}} (JSON Patch Query)",
      method: "PATCH",
      suffix: "/{{IDBI}}",
      contentType: "application/json-patch-query+json",
      description: "Renames the payer, selected by a JSONPath filter (TMF630 JSON Patch Query)",
      body: [{ op: "replace", path: "$.relatedParty[?@.role=='payer'].partyOrPartyRole.name", value: "Payer Ltd" }],
      test: single(200, accountFull, [["relatedParty.1.partyOrPartyRole.name", "Payer Ltd"]], `ctk.checkSchema(instance, 'BillingAccount');\n`),
    }),
    item({
      kit: account,
      name: "/billingAccount/{{IDBI}}?fields=state",
      method: "PATCH",
      suffix: "/{{IDBI}}",
      query: [["fields", "state"]],
      contentType: "application/merge-patch+json",
      description: "fields on a PATCH response",
      body: { state: "Suspended" },
      test: single(
        200,
        { mandatory: ["id", "href", "state"], has: ["state"] },
        [["state", "Suspended"]],
        `ctk.checkOmitted(instance, ['name', 'relatedParty', 'contact']);\n`,
      ),
    }),
  ];
  const hub = [
    item({
      kit: hubKit,
      name: "/hub",
      method: "POST",
      description: "Registers a listener (Hub_FVO)",
      body: { "@type": "Hub", callback: "http://127.0.0.1:9/listener/billingAccountCreateEvent", query: "eventType=BillingAccountCreateEvent" },
      test:
        single(
          201,
          { mandatory: ["id", "callback", "@type"], has: ["id", "callback"] },
          [["callback", "http://127.0.0.1:9/listener/billingAccountCreateEvent"]],
          `ctk.checkSchema(instance, 'Hub');\n`,
        ) + rememberCreated("IDHU", "HREFHU", { checkHref: true }),
    }),
    item({ kit: hubKit, name: "/hub/{{IDHU}}", method: "DELETE", suffix: "/{{IDHU}}", description: "Removes the registration", test: `\nctk.status(204);\n` }),
  ];
  const errors = [
    item({
      kit: account,
      name: "/billingAccount (without @type)",
      method: "POST",
      description: "BillingAccount_FVO requires @type: 400 with an Error",
      body: { name: "No type", relatedParty: [related("owner", "org-ctk", "CTK Org", "Organization")] },
      test: error(400) + validError,
    }),
    item({
      kit: account,
      name: "/billingAccount (without relatedParty)",
      method: "POST",
      description: "BillingAccount_FVO requires relatedParty: 400 with an Error",
      body: { "@type": "BillingAccount", name: "No party" },
      test: error(400) + validError,
    }),
    item({
      kit: account,
      name: "/billingAccount/404ID",
      method: "GET",
      suffix: "/{{ID404}}",
      description: "A BillingAccount that does not exist",
      test: error(404) + validError,
    }),
    item({
      kit: account,
      name: "/billingAccount/404ID (PATCH)",
      method: "PATCH",
      suffix: "/{{ID404}}",
      contentType: "application/merge-patch+json",
      body: { state: "x" },
      description: "Patching a BillingAccount that does not exist",
      test: error(404) + validError,
    }),
  ];
  return collection({
    kit: account,
    name: "CTK-AccountManagement-5.0.0",
    description:
      "TMF666 Account Management v5.0.0 kit: status codes, schema validity (the contract's schemas, variable SCHEMAS) and mandatory attributes per operation, for its seven resources.",
    variables: [
      ...RESOURCES.map(({ type, v }) => [`NAME${v}`, `CTK ${type}`, `Name of the created ${type}`]),
      ["ID404", "c2df1950-c17c-4576-9c22-e59073a4a86a", "An id that does not exist"],
      [
        "SCHEMAS",
        JSON.stringify(oasSchemas(CONTRACT, [...RESOURCES.map((r) => r.type), "Hub", "Error"])),
        `JSON schemas of ${CONTRACT} (ctk/tools/oas-schemas.mjs)`,
      ],
      ...RESOURCES.flatMap(({ type, v }) => [
        [`ID${v}`, "", `set by the ${type} POST test script`],
        [`HREF${v}`, "", `set by the ${type} POST test script`],
      ]),
      ["IDHU", "", "set by the hub POST test script"],
      ["HREFHU", "", "set by the hub POST test script"],
    ],
    folders: [
      ["N1", "Create, retrieve, list, merge patch: each resource", RESOURCES.flatMap(lifecycle)],
      ["N2", "JSON Patch, JSON Patch Query, fields on a patch", patches],
      ["N3", "Hub", hub],
      ["N4", "Delete: the accounts, then what they referred to", [...RESOURCES].reverse().flatMap(removal)],
      ["E1", "Errors", errors],
    ],
  });
}
