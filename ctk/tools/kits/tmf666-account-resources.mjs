// TMF666's other resources (party, settlement and financial accounts, billing cycle specifications,
// bill formats, bill presentation media): one extra kit each, in the style of the TM Forum CTK
// 4.0.0 kits (no certified run): POST, GET list, GET by id, fields=id, id=, name=, PATCH, DELETE,
// GET of the deleted and of an unknown id.
import { collection, item } from "../postman.mjs";
import { error, list, rememberCreated, single } from "../script-fragments.mjs";

const API = "/tmf-api/accountManagement/v4";
const partner = [{ id: "org-ctk-1", name: "CTK Partner", role: "partner", "@referredType": "Organization" }];

/** `{ a: { b: value } }` for the path "a.b": a merge patch of one nested attribute. */
const nested = (path, value) => path.split(".").reduceRight((inner, key) => ({ [key]: inner }), value);

/**
 * The kit of one resource. `attributes`: the attributes the POST writes besides name and @type, as
 * [path, value] (checked present, in the body and equal); `patch`: one attribute and its new value.
 */
function resourceKit({ type, collection: segment, tag, id, mandatory, attributes, body, patch }) {
  const kit = { resourcePath: `${API}/${segment}`, postmanId: `6d1f0b7e-3c52-4b8a-9a51-6660000000${id}` };
  const idVar = `ID${tag}01`;
  const nameVar = `NAME${tag}01`;
  const paths = attributes.map(([path]) => path);
  const full = {
    mandatory: ["id", "href", ...mandatory, "@type"],
    has: ["@type", "href", "id", "name", ...paths],
    includes: ["href", "id", "name", ...paths],
  };
  const values = [["href", { hrefOf: idVar }], ["id", { var: idVar }], ["name", { var: nameVar }], ["@type", type], ...attributes];
  const patched = values.map(([path, value]) => (path === patch[0] ? [path, patch[1]] : [path, value]));
  const [patchPath, patchValue] = patch;
  const items = [
    item({
      kit,
      name: `/${type}`,
      method: "POST",
      description: `This operation creates a ${type}`,
      body: { name: `{{${nameVar}}}`, ...body, "@type": type },
      test: single(201, full, values.slice(2)) + rememberCreated(idVar, `HREF${tag}01`, { checkHref: true }),
    }),
    item({ kit, name: `/${type}`, method: "GET", description: `This operation search for the created ${type}`, test: list(full, idVar, values) }),
    item({
      kit,
      name: `/${type}/{{${idVar}}}`,
      method: "GET",
      suffix: `/{{${idVar}}}`,
      description: `This operation retrieves the created ${type}`,
      test: single(200, full, values),
    }),
    item({
      kit,
      name: `/${type}?fields=id`,
      method: "GET",
      query: [["fields", "id"]],
      description: "Field selection: only id (and href) are returned",
      test: list(
        { mandatory: ["id", "href"], has: ["href", "id"], includes: ["href", "id"] },
        idVar,
        values.slice(0, 2),
        `instances.forEach((instance) => ctk.checkOmitted(instance, ${JSON.stringify(["name", ...paths.map((p) => p.split(".")[0])])}));\n`,
      ),
    }),
    item({
      kit,
      name: `/${type}?id={{${idVar}}}`,
      method: "GET",
      query: [["id", `{{${idVar}}}`]],
      description: "Filter by id",
      test: list(full, idVar, values, `ctk.checkFilter(instances, 'id', {var: '${idVar}'});\n`),
    }),
    item({
      kit,
      name: `/${type}?name={{${nameVar}}}`,
      method: "GET",
      query: [["name", `{{${nameVar}}}`]],
      description: "Filter by name",
      test: list(full, idVar, values, `ctk.checkFilter(instances, 'name', {var: '${nameVar}'});\n`),
    }),
    item({
      kit,
      name: `/${type}/{{${idVar}}}`,
      method: "PATCH",
      suffix: `/{{${idVar}}}`,
      description: `JSON merge patch of ${patchPath}; other attributes are kept`,
      body: nested(patchPath, patchValue),
      contentType: "application/merge-patch+json",
      test: single(200, full, patched),
    }),
    item({
      kit,
      name: `/${type}/{{${idVar}}}`,
      method: "DELETE",
      suffix: `/{{${idVar}}}`,
      description: `This operation deletes the ${type}`,
      test: `\nctk.status(204);\npm.test('Response body is empty', () => { pm.expect(ctk.text).to.equal(''); });\n`,
    }),
    item({
      kit,
      name: `/${type}/{{${idVar}}} (deleted)`,
      method: "GET",
      suffix: `/{{${idVar}}}`,
      description: `The deleted ${type} is gone`,
      test: error(404),
    }),
    item({ kit, name: `/${type}/404ID`, method: "GET", suffix: "/{{ID404}}", description: `Retrieve a ${type} that does not exist`, test: error(404) }),
  ];
  return () =>
    collection({
      kit,
      name: `CTK-${type}-4.0.0`,
      description: `TMF666 Account Management v4 (${segment} resource) conformance kit, written in the style of the TM Forum CTK 4.0.0 kits.`,
      variables: [
        [nameVar, `CTK ${type}`, `Name of the created ${type}`],
        ["ID404", `0b5c1f6e-7d7a-4f2e-9d43-6660000004${id}`, "An id that does not exist"],
        [idVar, "", "set by the POST test script"],
        [`HREF${tag}01`, "", "set by the POST test script"],
      ],
      folders: [
        ["N1", "Create, retrieve, filter, update, delete", items.slice(0, 8)],
        ["E1", "Errors", items.slice(8)],
      ],
    });
}

export const partyAccountKit = resourceKit({
  type: "PartyAccount",
  collection: "partyAccount",
  tag: "PA",
  id: "02",
  mandatory: ["name", "relatedParty"],
  body: { accountType: "individual", state: "active", relatedParty: partner },
  attributes: [
    ["accountType", "individual"],
    ["state", "active"],
  ],
  patch: ["state", "suspended"],
});
export const settlementAccountKit = resourceKit({
  type: "SettlementAccount",
  collection: "settlementAccount",
  tag: "SA",
  id: "03",
  mandatory: ["name", "relatedParty"],
  body: { relatedParty: partner, creditLimit: { unit: "usd", value: 1000 } },
  attributes: [
    ["creditLimit.unit", "usd"],
    ["creditLimit.value", 1000],
  ],
  patch: ["creditLimit.value", 1500],
});
export const financialAccountKit = resourceKit({
  type: "FinancialAccount",
  collection: "financialAccount",
  tag: "FA",
  id: "04",
  mandatory: ["name"],
  body: { accountType: "receivable", state: "active" },
  attributes: [
    ["accountType", "receivable"],
    ["state", "active"],
  ],
  patch: ["state", "closed"],
});
export const billingCycleSpecificationKit = resourceKit({
  type: "BillingCycleSpecification",
  collection: "billingCycleSpecification",
  tag: "BC",
  id: "05",
  mandatory: ["name"],
  body: { frequency: "monthly", paymentDueDateOffset: 15 },
  attributes: [
    ["frequency", "monthly"],
    ["paymentDueDateOffset", 15],
  ],
  patch: ["paymentDueDateOffset", 30],
});
export const billFormatKit = resourceKit({
  type: "BillFormat",
  collection: "billFormat",
  tag: "BF",
  id: "06",
  mandatory: ["name"],
  body: { description: "A4 PDF document" },
  attributes: [["description", "A4 PDF document"]],
  patch: ["description", "A4 PDF, tagged"],
});
export const billPresentationMediaKit = resourceKit({
  type: "BillPresentationMedia",
  collection: "billPresentationMedia",
  tag: "BM",
  id: "07",
  mandatory: ["name"],
  body: { description: "Sent by e-mail" },
  attributes: [["description", "Sent by e-mail"]],
  patch: ["description", "E-mail with a link"],
});
