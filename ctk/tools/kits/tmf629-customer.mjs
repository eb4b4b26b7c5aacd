// TMF629 Customer: reproduces the certified run CTK-Customer-4.0.0 (10 requests, 67 assertions).
import { collection, item, J } from "../postman.mjs";
import { error, list, rememberCreated, single } from "../script-fragments.mjs";

export function customerKit() {
  const kit = { resourcePath: "/tmf-api/customerManagement/v4/customer", postmanId: "6d1f0b7e-3c52-4b8a-9a51-629000000001" };
  const full = { mandatory: ["id", "href", "name", "@type"], has: ["@type", "href", "id", "name"], includes: ["href", "id", "name"] };
  const values = [
    ["href", { hrefOf: "IDCU01" }],
    ["id", { var: "IDCU01" }],
    ["name", { var: "NAMECU01" }],
  ];
  // ?fields=…: the certified run checks only the status (and for fields=name not even that, when
  // `certifiedRunHasNoAssertion`); extended mode checks the projection.
  const projection = (fields, { certifiedRunHasNoAssertion = false } = {}) => {
    const attributes = ["id", "href", ...fields.filter((f) => !["id", "href"].includes(f))];
    const status = certifiedRunHasNoAssertion
      ? "/* The certified CTK run records no assertion for this request; extended mode checks the projection. */\nif (ctk.extended) ctk.status(200);\n"
      : "ctk.status(200);\n";
    return `
${status}if (ctk.extended) {
  const instances = ctk.list();
  instances.forEach((instance) => ctk.checkInstance(instance, ${J({ mandatory: attributes, has: attributes })}));
}
`;
  };
  const create = {
    name: "{{NAMECU01}}",
    engagedParty: { id: "{{ENGAGEDPARTYCU01}}", name: "{{NAMECU01}}", "@referredType": "Organization" },
    "@type": "Customer",
  };

  const n1 = [
    item({
      kit,
      name: "/Customer",
      method: "POST",
      description: "This operation creates a Customer",
      body: create,
      prerequest: `pm.collectionVariables.set('ENGAGEDPARTYCU01', 'org-' + setup.guid());`,
      test: single(201, full, null) + rememberCreated("IDCU01", "HREFCU01"),
    }),
    item({ kit, name: "/Customer", method: "GET", description: "This operation search for the created Customer", test: list(full, "IDCU01", null) }),
    item({
      kit,
      name: "/Customer/{{IDCU01}}",
      method: "GET",
      suffix: "/{{IDCU01}}",
      description: "This operation search for one of the created Customer",
      test: single(200, full, values),
    }),
  ];
  const n2 = [
    item({
      kit,
      name: "/Customer?fields=href",
      method: "GET",
      query: [["fields", "href"]],
      description: "This operation filter a Customer",
      test: projection(["href"]),
    }),
    item({
      kit,
      name: "/Customer?fields=id",
      method: "GET",
      query: [["fields", "id"]],
      description: "This operation filter a Customer",
      test: projection(["id"]),
    }),
    item({
      kit,
      name: "/Customer?id={{IDCU01}}",
      method: "GET",
      query: [["id", "{{IDCU01}}"]],
      description: "This operation filter a Customer",
      test: list(full, "IDCU01", values, `if (ctk.extended) ctk.checkFilter(instances, 'id', {var: 'IDCU01'});\n`),
    }),
    item({
      kit,
      name: "/Customer?fields=name",
      method: "GET",
      query: [["fields", "name"]],
      description: "This operation filter a Customer",
      // The certified run records no assertion for this request (0 passed / 0 failed).
      test: projection(["name"], { certifiedRunHasNoAssertion: true }),
    }),
    item({
      kit,
      name: "/Customer?name={{NAMECU01}}",
      method: "GET",
      query: [["name", "{{NAMECU01}}"]],
      description: "This operation filter a Customer",
      test: list(full, "IDCU01", values, `if (ctk.extended) ctk.checkFilter(instances, 'name', {var: 'NAMECU01'});\n`),
    }),
    item({
      kit,
      name: "/Customer",
      method: "PATCH",
      suffix: "/{{IDCU01}}",
      description: "This operation updates a Customer (JSON merge patch)",
      body: { name: "{{NAMECU01}}" },
      contentType: "application/merge-patch+json",
      test: single(200, { mandatory: full.mandatory, has: ["@type", "href", "id"], includes: ["href", "id", "name"] }, [
        ["href", { hrefOf: "IDCU01" }],
        ["id", { var: "IDCU01" }],
      ]),
    }),
  ];
  const e1 = [
    item({
      kit,
      name: "/Customer/404ID",
      method: "GET",
      suffix: "/{{ID404}}",
      description: "This operation search for a Customer that does not exist",
      test: error(404, { bodyOnlyExtended: true }),
    }),
  ];
  return collection({
    kit,
    name: "CTK-Customer-4.0.0",
    description:
      "TMF629 Customer Management v4 conformance kit. Reproduces the certified run CTK-Customer-4.0.0 " +
      "(10 requests, 67 assertions on a fresh data set: the customer list holds the single customer created by the kit). " +
      'Set the variable extendedChecks to "true" for additional checks (field projection, filter correctness, TMF Error body).',
    variables: [
      ["NAMECU01", "Moon Hooch", "Name of the created customer"],
      ["ID404", "c2df1950-c17c-4576-9c22-e59073a4a86a", "An id that does not exist"],
      ["ENGAGEDPARTYCU01", "", "set by the POST pre-request script"],
      ["IDCU01", "", "set by the POST test script"],
      ["HREFCU01", "", "set by the POST test script"],
    ],
    folders: [
      ["N1", "Create and retrieve", n1],
      ["N2", "Filters, field selection and update", n2],
      ["E1", "Errors", e1],
    ],
  });
}
