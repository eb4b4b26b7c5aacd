// TMF629 v4 ⇄ v5 round trip over the one store: a customer written through v4 is read through v5
// (in v5's shape, valid against its schema), patched through v5 (what only v5 expresses among it),
// read back through v4 (in v4's shape, without the v5-only attributes), patched through v4, and
// read through v5 again: what v4 cannot express survived the v4 patch.
import { collection, item, J } from "../postman.mjs";
import { single } from "../script-fragments.mjs";
import { oasSchemas } from "../oas-schemas.mjs";

const postmanId = "6d1f0b7e-3c52-4b8a-9a51-629000000045";
const V4 = { resourcePath: "/tmf-api/customerManagement/v4/customer", postmanId };
const V5 = { resourcePath: "/tmf-api/customer/v5/customer", postmanId };

const absent = (attrs) => `pm.test('v4 does not show ' + ${J(attrs.join(", "))}, () => {
  pm.expect(${J(attrs)}.filter((a) => instance && instance[a] !== undefined), 'v5-only attributes returned').to.eql([]);
});
`;

export function roundTripKit() {
  const v4 = { mandatory: ["id", "href", "name", "engagedParty.id"], has: ["href", "id", "name"] };
  const v5 = { mandatory: ["id", "href", "@type", "name", "engagedParty.id", "engagedParty.@type"], has: ["@type", "href", "id", "name"] };
  const items = [
    item({
      kit: V4,
      name: "v4 POST /customer",
      method: "POST",
      description: "A customer written through TMF629 v4 (v4 contact medium and related party shapes)",
      prerequest: `pm.collectionVariables.set('PARTYRT01', 'ind-' + setup.guid());`,
      body: {
        name: "{{NAMERT01}}",
        engagedParty: { id: "{{PARTYRT01}}", name: "{{NAMERT01}}", "@referredType": "Individual" },
        contactMedium: [{ mediumType: "email", preferred: true, characteristic: { emailAddress: "rt@example.com", contactType: "personal" } }],
        relatedParty: [{ id: "ind-2", name: "Sam", role: "spouse", "@referredType": "Individual" }],
      },
      test: `${single(201, v4, [["name", { var: "NAMERT01" }]])}
if (instance) { pm.collectionVariables.set('IDRT01', instance.id); }
`,
    }),
    item({
      kit: V5,
      name: "v5 GET /customer/{{IDRT01}}",
      method: "GET",
      suffix: "/{{IDRT01}}",
      description: "The same customer through TMF629 v5: typed, polymorphic contact medium, RelatedPartyOrPartyRole",
      test: single(
        200,
        v5,
        [
          ["href", { hrefOf: "IDRT01" }],
          ["@type", "Customer"],
          ["contactMedium.0.@type", "EmailContactMedium"],
          ["contactMedium.0.emailAddress", "rt@example.com"],
          ["relatedParty.0.@type", "RelatedPartyOrPartyRole"],
          ["relatedParty.0.partyOrPartyRole.id", "ind-2"],
          ["engagedParty.@type", "PartyRef"],
        ],
        `ctk.checkSchema(instance, 'Customer');\n`,
      ),
    }),
    item({
      kit: V5,
      name: "v5 PATCH /customer/{{IDRT01}}",
      method: "PATCH",
      suffix: "/{{IDRT01}}",
      contentType: "application/merge-patch+json",
      description: "v5 writes what only v5 expresses (description, role, partyRoleSpecification) and a contact medium in its shape",
      body: {
        description: "Written through v5",
        role: "Buyer",
        partyRoleSpecification: { "@type": "PartyRoleSpecificationRef", id: "prs-1", name: "Buyer" },
        contactMedium: [{ "@type": "PhoneContactMedium", contactType: "mobile", phoneNumber: "+44 7700 900000" }],
      },
      test: single(
        200,
        v5,
        [
          ["description", "Written through v5"],
          ["contactMedium.0.phoneNumber", "+44 7700 900000"],
        ],
        `ctk.checkSchema(instance, 'Customer');\n`,
      ),
    }),
    item({
      kit: V4,
      name: "v4 GET /customer/{{IDRT01}}",
      method: "GET",
      suffix: "/{{IDRT01}}",
      description: "Back through v4: v4 shapes, none of the v5-only attributes",
      test: single(
        200,
        v4,
        [
          ["href", { hrefOf: "IDRT01" }],
          ["contactMedium.0.mediumType", "phone"],
          ["contactMedium.0.characteristic.phoneNumber", "+44 7700 900000"],
          ["relatedParty.0.id", "ind-2"],
          ["relatedParty.0.role", "spouse"],
        ],
        absent(["description", "role", "partyRoleSpecification"]),
      ),
    }),
    item({
      kit: V4,
      name: "v4 PATCH /customer/{{IDRT01}}",
      method: "PATCH",
      suffix: "/{{IDRT01}}",
      contentType: "application/merge-patch+json",
      description: "A v4 patch of what v4 knows",
      body: { status: "Approved" },
      test: single(200, v4, [["status", "Approved"]], absent(["description", "role", "partyRoleSpecification"])),
    }),
    item({
      kit: V5,
      name: "v5 GET /customer/{{IDRT01}} (after the v4 patch)",
      method: "GET",
      suffix: "/{{IDRT01}}",
      description: "What v4 cannot express survived its patch",
      test: single(
        200,
        v5,
        [
          ["status", "Approved"],
          ["description", "Written through v5"],
          ["role", "Buyer"],
          ["partyRoleSpecification.id", "prs-1"],
        ],
        `ctk.checkSchema(instance, 'Customer');\n`,
      ),
    }),
  ];
  return collection({
    kit: V4,
    name: "CTK-Customer-RoundTrip-4-5",
    description: "TMF629 v4 write → v5 read → v5 patch → v4 read → v4 patch → v5 read, over the same customer.",
    variables: [
      ["NAMERT01", "Round Trip Ltd", "Name of the customer"],
      ["SCHEMAS", JSON.stringify(oasSchemas("TMF629-Customer_Management-v5.0.1.oas.yaml", ["Customer"])), "The v5 Customer schema (ctk/tools/oas-schemas.mjs)"],
      ["PARTYRT01", "", "set by the POST pre-request script"],
      ["IDRT01", "", "set by the POST test script"],
    ],
    folders: [["RT", "v4 → v5 → v4 → v5", items]],
  });
}
