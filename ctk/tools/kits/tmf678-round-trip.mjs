// TMF678 v4 ⇄ v5 round trip over the one store: a bill a billing system records through v4 (the
// gateway's extension POST) is read through v5 (in v5's shapes, valid against its schema), patched
// through v5 (what CustomerBill_MVO allows: state and bill cycle), read back through v4 (in v4's
// shapes), patched through v4, and read through v5 again.
import { collection, item, J } from "../postman.mjs";
import { accountBody, customerBody, single } from "../script-fragments.mjs";
import { oasSchemas } from "../oas-schemas.mjs";

const postmanId = "6d1f0b7e-3c52-4b8a-9a51-678000000045";
const V4 = { resourcePath: "/tmf-api/customerBillManagement/v4/customerBill", postmanId };
const V5 = { resourcePath: "/tmf-api/customerBillManagement/v5/customerBill", postmanId };

const setup = `
setup.send('create customer', 'POST', '/tmf-api/customerManagement/v4/customer', ${customerBody("'CTK Bill RoundTrip Customer'")}, 201, (customer) => {
  setup.send('create billing account', 'POST', '/tmf-api/accountManagement/v4/billingAccount', ${accountBody("'CTK Bill RoundTrip Account'", "customer.id", "customer.name")}, 201, (account) => {
    pm.collectionVariables.set('ACCOUNTRT51', account.id);
    setup.send('record a bill cycle (v4)', 'POST', '/tmf-api/customerBillManagement/v4/billCycle', { name: 'CTK round trip cycle' }, 201, (cycle) => {
      pm.collectionVariables.set('CYCLERT51', cycle.id);
    });
  });
});
`;

export function billRoundTripKit() {
  const v4 = { mandatory: ["id", "href", "state", "billingAccount.id", "amountDue.value"], has: ["href", "id", "state"] };
  const v5 = {
    mandatory: ["id", "href", "@type", "state", "billingAccount.id", "billingAccount.@type", "amountDue.value"],
    has: ["@type", "href", "id", "state"],
  };
  const schema = `ctk.checkSchema(instance, 'CustomerBill');\n`;
  const items = [
    item({
      kit: V4,
      name: "v4 POST /customerBill",
      method: "POST",
      description: "A bill recorded through TMF678 v4 (the gateway's extension POST), with v4's flat related party",
      prerequest: setup,
      body: {
        billNo: "{{BILLNORT51}}",
        billingAccount: { id: "{{ACCOUNTRT51}}" },
        amountDue: { unit: "usd", value: 99.9 },
        taxItem: [{ taxCategory: "VAT", taxRate: 0.2, taxAmount: { unit: "usd", value: 16.65 } }],
        relatedParty: [{ id: "ind-2", name: "Sam", role: "payer", "@referredType": "Individual" }],
      },
      test: `${single(201, v4, [
        ["billNo", { var: "BILLNORT51" }],
        ["state", "new"],
      ])}
if (instance) { pm.collectionVariables.set('IDRT51', instance.id); }
`,
    }),
    item({
      kit: V5,
      name: "v5 GET /customerBill/{{IDRT51}}",
      method: "GET",
      suffix: "/{{IDRT51}}",
      description: "The same bill through TMF678 v5: typed objects, RelatedPartyRefOrPartyRoleRef",
      test: single(
        200,
        v5,
        [
          ["href", { hrefOf: "IDRT51" }],
          ["@type", "CustomerBill"],
          ["amountDue.value", 99.9],
          ["taxItem.0.@type", "TaxItem"],
          ["relatedParty.0.@type", "RelatedPartyRefOrPartyRoleRef"],
          ["relatedParty.0.partyOrPartyRole.id", "ind-2"],
        ],
        schema,
      ),
    }),
    item({
      kit: V5,
      name: "v5 PATCH /customerBill/{{IDRT51}}",
      method: "PATCH",
      suffix: "/{{IDRT51}}",
      contentType: "application/merge-patch+json",
      description: "v5 changes what CustomerBill_MVO allows: the state and the bill cycle",
      body: { state: "validated", billCycle: { "@type": "BillCycleRef", id: "{{CYCLERT51}}", name: "CTK round trip cycle" } },
      test: single(
        200,
        v5,
        [
          ["state", "validated"],
          ["billCycle.@type", "BillCycleRef"],
          ["billCycle.id", { var: "CYCLERT51" }],
        ],
        schema,
      ),
    }),
    item({
      kit: V4,
      name: "v4 GET /customerBill/{{IDRT51}}",
      method: "GET",
      suffix: "/{{IDRT51}}",
      description: "Back through v4: the v5 patch, in v4's shapes",
      test: single(200, v4, [
        ["href", { hrefOf: "IDRT51" }],
        ["state", "validated"],
        ["billCycle.id", { var: "CYCLERT51" }],
        ["relatedParty.0.id", "ind-2"],
        ["relatedParty.0.role", "payer"],
      ]),
    }),
    item({
      kit: V4,
      name: "v4 PATCH /customerBill/{{IDRT51}}",
      method: "PATCH",
      suffix: "/{{IDRT51}}",
      contentType: "application/merge-patch+json",
      description: "A v4 patch (CustomerBill_Update)",
      body: { state: "sent" },
      test: single(200, v4, [["state", "sent"]]),
    }),
    item({
      kit: V5,
      name: "v5 GET /customerBill/{{IDRT51}} (after the v4 patch)",
      method: "GET",
      suffix: "/{{IDRT51}}",
      description: "v5 reads the v4 patch; what v5 wrote is kept",
      test: single(
        200,
        v5,
        [
          ["state", "sent"],
          ["billCycle.id", { var: "CYCLERT51" }],
          ["relatedParty.0.partyOrPartyRole.name", "Sam"],
        ],
        schema,
      ),
    }),
  ];
  return collection({
    kit: V4,
    name: "CTK-CustomerBill-RoundTrip-4-5",
    description: "TMF678 v4 write → v5 read → v5 patch → v4 read → v4 patch → v5 read, over the same bill.",
    variables: [
      ["BILLNORT51", "CTK-RT-0001", "Bill number of the bill"],
      ["SCHEMAS", J(oasSchemas("TMF678-CustomerBill-v5.0.0.oas.yaml", ["CustomerBill"])), "The v5 CustomerBill schema (ctk/tools/oas-schemas.mjs)"],
      ["ACCOUNTRT51", "", "set by the POST pre-request script"],
      ["CYCLERT51", "", "set by the POST pre-request script"],
      ["IDRT51", "", "set by the POST test script"],
    ],
    folders: [["RT", "v4 → v5 → v4 → v5", items]],
  });
}
