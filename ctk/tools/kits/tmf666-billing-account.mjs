// TMF666 BillingAccount: an extra kit, in the style of the TM Forum CTK 4.0.0 kits (no certified run).
import { collection, item } from "../postman.mjs";
import { customerBody, error, list, rememberCreated, single } from "../script-fragments.mjs";

export function billingAccountKit() {
  const kit = { resourcePath: "/tmf-api/accountManagement/v4/billingAccount", postmanId: "6d1f0b7e-3c52-4b8a-9a51-666000000001" };
  const full = {
    mandatory: ["id", "href", "name", "relatedParty", "@type"],
    has: ["@type", "href", "id", "name", "accountType", "relatedParty", "creditLimit.unit", "creditLimit.value"],
    includes: ["href", "id", "name", "accountType", "creditLimit.unit", "creditLimit.value"],
  };
  const values = [
    ["href", { hrefOf: "IDBA01" }],
    ["id", { var: "IDBA01" }],
    ["name", { var: "NAMEBA01" }],
    ["@type", "BillingAccount"],
    ["accountType", "postpaid"],
    ["creditLimit.unit", "usd"],
    ["creditLimit.value", 500],
  ];
  const relatedParty = `
  pm.test('relatedParty references customer ' + pm.variables.get('CUSTOMERBA01'), () => {
    const parties = Array.isArray(instance.relatedParty) ? instance.relatedParty : [];
    pm.expect(parties.map((p) => p && p.id), 'relatedParty ids').to.include(pm.variables.get('CUSTOMERBA01'));
  });
`;
  const setupScript = `
// Prerequisite of a billing account: the customer it belongs to.
setup.send('create customer', 'POST', '/tmf-api/customerManagement/v4/customer', ${customerBody("'CTK BillingAccount Customer'")}, 201, (customer) => {
  pm.collectionVariables.set('CUSTOMERBA01', customer.id);
  pm.collectionVariables.set('CUSTOMERNAMEBA01', customer.name);
});
`;
  const create = {
    name: "{{NAMEBA01}}",
    accountType: "postpaid",
    relatedParty: [{ id: "{{CUSTOMERBA01}}", name: "{{CUSTOMERNAMEBA01}}", role: "customer", "@referredType": "Customer" }],
    creditLimit: { unit: "usd", value: 500 },
    "@type": "BillingAccount",
  };
  const patched = [
    ["href", { hrefOf: "IDBA01" }],
    ["id", { var: "IDBA01" }],
    ["name", { var: "PATCHNAMEBA01" }],
    ["creditLimit.unit", "usd"],
    ["creditLimit.value", 750],
    ["accountType", "postpaid"],
  ];
  const items = [
    item({
      kit,
      name: "/BillingAccount",
      method: "POST",
      description: "This operation creates a BillingAccount of an existing customer",
      body: create,
      prerequest: setupScript,
      test: single(201, full, values.slice(2), relatedParty) + rememberCreated("IDBA01", "HREFBA01", { checkHref: true }),
    }),
    item({
      kit,
      name: "/BillingAccount",
      method: "GET",
      description: "This operation search for the created BillingAccount",
      test: list(full, "IDBA01", values),
    }),
    item({
      kit,
      name: "/BillingAccount/{{IDBA01}}",
      method: "GET",
      suffix: "/{{IDBA01}}",
      description: "This operation retrieves the created BillingAccount",
      test: single(200, full, values, relatedParty),
    }),
    item({
      kit,
      name: "/BillingAccount?fields=id",
      method: "GET",
      query: [["fields", "id"]],
      description: "Field selection: only id (and href) are returned",
      test: list(
        { mandatory: ["id", "href"], has: ["href", "id"], includes: ["href", "id"] },
        "IDBA01",
        values.slice(0, 2),
        `instances.forEach((instance) => ctk.checkOmitted(instance, ['name', 'accountType', 'relatedParty', 'creditLimit']));\n`,
      ),
    }),
    item({
      kit,
      name: "/BillingAccount?id={{IDBA01}}",
      method: "GET",
      query: [["id", "{{IDBA01}}"]],
      description: "Filter by id",
      test: list(full, "IDBA01", values, `ctk.checkFilter(instances, 'id', {var: 'IDBA01'});\n`),
    }),
    item({
      kit,
      name: "/BillingAccount?name={{NAMEBA01}}",
      method: "GET",
      query: [["name", "{{NAMEBA01}}"]],
      description: "Filter by name",
      test: list(full, "IDBA01", values, `ctk.checkFilter(instances, 'name', {var: 'NAMEBA01'});\n`),
    }),
    item({
      kit,
      name: "/BillingAccount/{{IDBA01}}",
      method: "PATCH",
      suffix: "/{{IDBA01}}",
      description: "JSON merge patch: rename and raise the credit limit; other attributes are kept",
      body: { name: "{{PATCHNAMEBA01}}", creditLimit: { unit: "usd", value: 750 } },
      contentType: "application/merge-patch+json",
      test: single(200, full, patched, relatedParty),
    }),
    item({
      kit,
      name: "/BillingAccount/{{IDBA01}}",
      method: "DELETE",
      suffix: "/{{IDBA01}}",
      description: "This operation deletes the BillingAccount",
      test: `\nctk.status(204);\npm.test('Response body is empty', () => { pm.expect(ctk.text).to.equal(''); });\n`,
    }),
    item({
      kit,
      name: "/BillingAccount/{{IDBA01}} (deleted)",
      method: "GET",
      suffix: "/{{IDBA01}}",
      description: "The deleted BillingAccount is gone",
      test: error(404),
    }),
    item({
      kit,
      name: "/BillingAccount/404ID",
      method: "GET",
      suffix: "/{{ID404}}",
      description: "Retrieve a BillingAccount that does not exist",
      test: error(404),
    }),
  ];
  return collection({
    kit,
    name: "CTK-BillingAccount-4.0.0",
    description:
      "TMF666 Account Management v4 (billingAccount resource) conformance kit, written in the style of the TM Forum CTK 4.0.0 kits. " +
      "The first request's pre-request script creates the customer the account belongs to.",
    variables: [
      ["NAMEBA01", "Moon Hooch Postpaid", "Name of the created billing account"],
      ["PATCHNAMEBA01", "Moon Hooch Postpaid (renamed)", "Name set by the PATCH request"],
      ["ID404", "0b5c1f6e-7d7a-4f2e-9d43-666000000404", "An id that does not exist"],
      ["CUSTOMERBA01", "", "set by the setup script"],
      ["CUSTOMERNAMEBA01", "", "set by the setup script"],
      ["IDBA01", "", "set by the POST test script"],
      ["HREFBA01", "", "set by the POST test script"],
    ],
    folders: [
      ["N1", "Create, retrieve, filter, update, delete", items.slice(0, 8)],
      ["E1", "Errors", items.slice(8)],
    ],
  });
}
