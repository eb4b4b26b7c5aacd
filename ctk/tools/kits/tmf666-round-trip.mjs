// TMF666 v4 ⇄ v5 round trip over the one store: a billing account written through v4 is read
// through v5 (in v5's shape, valid against its schema), patched through v5 (a contact and a related
// party in v5's shapes), read back through v4 (in v4's shape), patched through v4, and read through
// v5 again: what each version wrote, the other reads in its own shape.
import { collection, item, J } from "../postman.mjs";
import { single } from "../script-fragments.mjs";
import { oasSchemas } from "../oas-schemas.mjs";

const postmanId = "6d1f0b7e-3c52-4b8a-9a51-666000000045";
const V4 = { resourcePath: "/tmf-api/accountManagement/v4/billingAccount", postmanId };
const V5 = { resourcePath: "/tmf-api/accountManagement/v5/billingAccount", postmanId };
const PERIOD = { startDateTime: "2026-01-01T00:00:00Z" };

const absent = (attrs, what) => `pm.test(${J(`${what} does not show ${attrs.join(", ")}`)}, () => {
  pm.expect(${J(attrs)}.filter((a) => instance && instance[a] !== undefined), 'attributes of the other version returned').to.eql([]);
});
`;
const v5Schema = `ctk.checkSchema(instance, 'BillingAccount');\n${absent(["lastModified"], "v5")}`;

export function accountRoundTripKit() {
  const v4 = { mandatory: ["id", "href", "name", "relatedParty", "relatedParty.0.id", "lastModified"], has: ["href", "id", "name"] };
  const v5 = { mandatory: ["id", "href", "@type", "name", "relatedParty.0.partyOrPartyRole.id", "lastUpdate"], has: ["@type", "href", "id", "name"] };
  const items = [
    item({
      kit: V4,
      name: "v4 POST /billingAccount",
      method: "POST",
      description: "A billing account written through TMF666 v4 (v4 related party and contact medium shapes)",
      prerequest: `pm.collectionVariables.set('PARTYRT66', 'org-' + setup.guid());`,
      body: {
        name: "{{NAMERT66}}",
        relatedParty: [{ id: "{{PARTYRT66}}", name: "{{NAMERT66}}", role: "owner", "@referredType": "Organization" }],
        contact: [
          {
            contactType: "billing",
            validFor: PERIOD,
            contactMedium: [{ mediumType: "email", preferred: true, characteristic: { emailAddress: "rt@example.com", contactType: "work" } }],
            relatedParty: { id: "ind-2", name: "Sam", role: "accountant", "@referredType": "Individual" },
          },
        ],
        paymentPlan: [{ planType: "installment", numberOfPayments: 3, totalAmount: { unit: "EUR", value: 90 } }],
      },
      test: `${single(201, v4, [["name", { var: "NAMERT66" }]])}
if (instance) { pm.collectionVariables.set('IDRT66', instance.id); }
`,
    }),
    item({
      kit: V5,
      name: "v5 GET /billingAccount/{{IDRT66}}",
      method: "GET",
      suffix: "/{{IDRT66}}",
      description: "The same account through TMF666 v5: typed, RelatedPartyRefOrPartyRoleRef, contact media as subclasses, lastUpdate",
      test: single(
        200,
        v5,
        [
          ["href", { hrefOf: "IDRT66" }],
          ["@type", "BillingAccount"],
          ["relatedParty.0.@type", "RelatedPartyRefOrPartyRoleRef"],
          ["relatedParty.0.role", "owner"],
          ["relatedParty.0.partyOrPartyRole.@type", "PartyRef"],
          ["relatedParty.0.partyOrPartyRole.id", { var: "PARTYRT66" }],
          ["contact.0.contactMedium.0.@type", "EmailContactMedium"],
          ["contact.0.contactMedium.0.emailAddress", "rt@example.com"],
          ["contact.0.relatedParty.partyOrPartyRole.id", "ind-2"],
          ["paymentPlan.0.@type", "PaymentPlan"],
        ],
        v5Schema,
      ),
    }),
    item({
      kit: V5,
      name: "v5 PATCH /billingAccount/{{IDRT66}}",
      method: "PATCH",
      suffix: "/{{IDRT66}}",
      contentType: "application/merge-patch+json",
      description: "v5 writes a contact and a related party in its shapes",
      body: {
        relatedParty: [
          {
            "@type": "RelatedPartyRefOrPartyRoleRef",
            role: "owner",
            partyOrPartyRole: { "@type": "PartyRef", id: "{{PARTYRT66}}", name: "{{NAMERT66}}", "@referredType": "Organization" },
          },
          {
            "@type": "RelatedPartyRefOrPartyRoleRef",
            role: "payer",
            partyOrPartyRole: { "@type": "PartyRef", id: "ind-7", name: "Pat", "@referredType": "Individual" },
          },
        ],
        contact: [
          {
            "@type": "Contact",
            contactType: "support",
            validFor: PERIOD,
            contactMedium: [{ "@type": "PhoneContactMedium", contactType: "mobile", phoneNumber: "+44 7700 900000" }],
          },
        ],
      },
      test: single(
        200,
        v5,
        [
          ["relatedParty.1.partyOrPartyRole.id", "ind-7"],
          ["contact.0.contactMedium.0.phoneNumber", "+44 7700 900000"],
        ],
        v5Schema,
      ),
    }),
    item({
      kit: V4,
      name: "v4 GET /billingAccount/{{IDRT66}}",
      method: "GET",
      suffix: "/{{IDRT66}}",
      description: "Back through v4: v4 shapes, lastModified",
      test: single(
        200,
        v4,
        [
          ["href", { hrefOf: "IDRT66" }],
          ["relatedParty.1.id", "ind-7"],
          ["relatedParty.1.role", "payer"],
          ["relatedParty.1.@referredType", "Individual"],
          ["contact.0.contactMedium.0.mediumType", "phone"],
          ["contact.0.contactMedium.0.characteristic.phoneNumber", "+44 7700 900000"],
        ],
        absent(["lastUpdate"], "v4"),
      ),
    }),
    item({
      kit: V4,
      name: "v4 PATCH /billingAccount/{{IDRT66}}",
      method: "PATCH",
      suffix: "/{{IDRT66}}",
      contentType: "application/merge-patch+json",
      description: "A v4 patch of what v4 knows",
      body: { state: "Active", paymentStatus: "due" },
      test: single(200, v4, [["state", "Active"]], absent(["lastUpdate"], "v4")),
    }),
    item({
      kit: V5,
      name: "v5 GET /billingAccount/{{IDRT66}} (after the v4 patch)",
      method: "GET",
      suffix: "/{{IDRT66}}",
      description: "Both versions' writes, in v5's shape",
      test: single(
        200,
        v5,
        [
          ["state", "Active"],
          ["paymentStatus", "due"],
          ["relatedParty.1.role", "payer"],
          ["contact.0.contactMedium.0.@type", "PhoneContactMedium"],
        ],
        v5Schema,
      ),
    }),
  ];
  return collection({
    kit: V4,
    name: "CTK-AccountManagement-RoundTrip-4-5",
    description: "TMF666 v4 write → v5 read → v5 patch → v4 read → v4 patch → v5 read, over the same billing account.",
    variables: [
      ["NAMERT66", "Round Trip Account", "Name of the billing account and its owner"],
      [
        "SCHEMAS",
        JSON.stringify(oasSchemas("TMF666-Account_Management-v5.0.0.oas.yaml", ["BillingAccount"])),
        "The v5 BillingAccount schema (ctk/tools/oas-schemas.mjs)",
      ],
      ["PARTYRT66", "", "set by the POST pre-request script"],
      ["IDRT66", "", "set by the POST test script"],
    ],
    folders: [["RT", "v4 → v5 → v4 → v5", items]],
  });
}
