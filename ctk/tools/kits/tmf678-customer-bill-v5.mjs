// TMF678 Customer Bill Management v5.0.0: an extra kit in the way TM Forum's v5 conformance tests
// check an API (no certified run here): per operation of the OpenAPI contract, the status code, the
// response's schema validity against the contract's own schema (CustomerBill, CustomerBillOnDemand,
// AppliedCustomerBillingRate, BillCycle, Hub, Error), and the mandatory attributes. Covers
// /customerBillOnDemand POST, GET (list, fields, filter), GET by id; /customerBill GET (list,
// fields, filter), GET by id, PATCH (merge patch, JSON Patch); /appliedCustomerBillingRate and
// /billCycle GET (list, filter, fields), GET by id; /hub POST, DELETE; the errors the contract lists
// (400 on a body CustomerBillOnDemand_FVO refuses, 404 on unknown ids) and 405 on the operations v5
// does not define (POST /customerBill). v5 writes no rate, cycle nor bill: the pre-request script
// records an unbilled rate and a bill cycle through v4 (the gateway's extension POSTs).
import { collection, item, J } from "../postman.mjs";
import { accountBody, customerBody, error, list, rememberCreated, single } from "../script-fragments.mjs";
import { oasSchemas } from "../oas-schemas.mjs";

const CONTRACT = "TMF678-CustomerBill-v5.0.0.oas.yaml";
const V4 = "/tmf-api/customerBillManagement/v4";
const API = "/tmf-api/customerBillManagement/v5";
const postmanId = "6d1f0b7e-3c52-4b8a-9a51-678000000005";
const on = (segment) => ({ resourcePath: `${API}/${segment}`, postmanId });
const [onDemandKit, billKit, rateKit, cycleKit, hubKit] = ["customerBillOnDemand", "customerBill", "appliedCustomerBillingRate", "billCycle", "hub"].map(on);

const valid = (schema, extra = "") => `ctk.checkSchema(instance, ${J(schema)});\n${extra}`;
const validEach = (schema) => `instances.forEach((instance) => ctk.checkSchema(instance, ${J(schema)}));\n`;
const validError = `ctk.checkSchema(ctk.body, 'Error');\n`;
const omitted = (attrs) => `instances.forEach((instance) => ctk.checkOmitted(instance, ${J(attrs)}));\n`;

const setup = `
// Prerequisites: a customer, its billing account, an unbilled rate and a bill cycle (through v4: v5 writes neither).
setup.send('create customer', 'POST', '/tmf-api/customerManagement/v4/customer', ${customerBody("'CTK Bill v5 Customer'")}, 201, (customer) => {
  setup.send('create billing account', 'POST', '/tmf-api/accountManagement/v4/billingAccount', ${accountBody("'CTK Bill v5 Account'", "customer.id", "customer.name")}, 201, (account) => {
    pm.collectionVariables.set('ACCOUNTCB51', account.id);
    const rate = {
      name: 'Fibre 1G', appliedBillingRateType: 'recurringCharge', billingAccount: { id: account.id },
      taxIncludedAmount: { unit: 'usd', value: 36 }, taxExcludedAmount: { unit: 'usd', value: 30 },
      appliedTax: [{ taxCategory: 'VAT', taxRate: 0.2, taxAmount: { unit: 'usd', value: 6 } }],
      characteristic: [{ name: 'speed', valueType: 'string', value: '1G' }]
    };
    setup.send('record a rate (v4)', 'POST', '${V4}/appliedCustomerBillingRate', rate, 201, (created) => {
      pm.collectionVariables.set('IDAR51', created.id);
    });
    setup.send('record a bill cycle (v4)', 'POST', '${V4}/billCycle', { name: pm.variables.get('NAMEBC51'), billingDate: '2026-12-31T00:00:00Z' }, 201, (cycle) => {
      pm.collectionVariables.set('IDBC51', cycle.id);
    });
  });
});
`;

export function customerBillV5Kit() {
  const onDemand = {
    mandatory: ["id", "href", "@type", "state", "billingAccount", "billingAccount.id"],
    has: ["@type", "href", "id", "state"],
    includes: ["href", "id"],
  };
  const bill = {
    mandatory: ["id", "href", "@type", "state", "billingAccount.id", "amountDue.unit", "amountDue.value", "remainingAmount.value"],
    has: ["@type", "href", "id", "state", "amountDue", "remainingAmount"],
    includes: ["href", "id"],
  };
  const rate = {
    mandatory: ["id", "href", "@type", "isBilled", "billingAccount.id", "taxIncludedAmount.value"],
    has: ["@type", "href", "id", "isBilled"],
    includes: ["href", "id"],
  };
  const cycle = { mandatory: ["id", "href", "@type", "name"], has: ["@type", "href", "id", "name"], includes: ["href", "id", "name"] };
  const small = { mandatory: ["id", "href"], has: ["id", "href"] };
  const request = {
    "@type": "CustomerBillOnDemand",
    name: "CTK bill on demand",
    billingAccount: { "@type": "BillingAccountRef", id: "{{ACCOUNTCB51}}" },
    relatedParty: {
      "@type": "RelatedPartyRefOrPartyRoleRef",
      role: "requester",
      partyOrPartyRole: { "@type": "PartyRef", id: "ind-1", name: "Pat", "@referredType": "Individual" },
    },
  };
  const billValues = [
    ["href", { hrefOf: "IDCB51" }],
    ["id", { var: "IDCB51" }],
    ["@type", "CustomerBill"],
    ["amountDue.value", 36],
    ["billingAccount.@type", "BillingAccountRef"],
  ];
  const n1 = [
    item({
      kit: onDemandKit,
      name: "/customerBillOnDemand",
      method: "POST",
      description: "Requests a bill on demand (CustomerBillOnDemand_FVO): the account's unbilled rate is billed",
      body: request,
      prerequest: setup,
      test:
        single(
          201,
          onDemand,
          [
            ["@type", "CustomerBillOnDemand"],
            ["state", "done"],
            ["relatedParty.partyOrPartyRole.id", "ind-1"],
          ],
          `${valid("CustomerBillOnDemand")}if (instance.customerBill) pm.collectionVariables.set('IDCB51', instance.customerBill.id);\n`,
        ) + rememberCreated("IDBD51", "HREFBD51", { checkHref: true }),
    }),
    item({
      kit: onDemandKit,
      name: "/customerBillOnDemand",
      method: "GET",
      description: "Lists bills on demand",
      test: list(onDemand, "IDBD51", [["id", { var: "IDBD51" }]], validEach("CustomerBillOnDemand")),
    }),
    item({
      kit: onDemandKit,
      name: "/customerBillOnDemand/{{IDBD51}}",
      method: "GET",
      suffix: "/{{IDBD51}}",
      description: "Retrieves the request",
      test: single(
        200,
        onDemand,
        [
          ["href", { hrefOf: "IDBD51" }],
          ["customerBill.id", { var: "IDCB51" }],
        ],
        valid("CustomerBillOnDemand"),
      ),
    }),
    item({
      kit: onDemandKit,
      name: "/customerBillOnDemand?state=done&fields=state",
      method: "GET",
      query: [
        ["state", "done"],
        ["fields", "state"],
      ],
      description: "Filters on state, selects state",
      test: list(small, "IDBD51", [["state", "done"]], `ctk.checkFilter(instances, 'state', 'done');\n${omitted(["name", "billingAccount", "relatedParty"])}`),
    }),
  ];
  const n2 = [
    item({
      kit: billKit,
      name: "/customerBill/{{IDCB51}}",
      method: "GET",
      suffix: "/{{IDCB51}}",
      description: "Retrieves the bill produced",
      test: single(200, bill, billValues, valid("CustomerBill")),
    }),
    item({
      kit: billKit,
      name: "/customerBill?billingAccount.id={{ACCOUNTCB51}}",
      method: "GET",
      query: [["billingAccount.id", "{{ACCOUNTCB51}}"]],
      description: "Filters bills on their account",
      test: list(bill, "IDCB51", billValues, `ctk.checkFilter(instances, 'billingAccount.id', {var: 'ACCOUNTCB51'});\n${validEach("CustomerBill")}`),
    }),
    item({
      kit: billKit,
      name: "/customerBill?fields=amountDue",
      method: "GET",
      query: [["fields", "amountDue"]],
      description: "Attribute selection",
      test: list(
        { mandatory: ["id", "href", "amountDue"], has: ["amountDue"] },
        "IDCB51",
        [["amountDue.value", 36]],
        omitted(["state", "billingAccount", "taxItem"]),
      ),
    }),
    item({
      kit: billKit,
      name: "/customerBill/{{IDCB51}} (merge patch)",
      method: "PATCH",
      suffix: "/{{IDCB51}}",
      contentType: "application/merge-patch+json",
      description: "Changes the state and bill cycle (CustomerBill_MVO)",
      body: { state: "validated", billCycle: { "@type": "BillCycleRef", id: "{{IDBC51}}" } },
      test: single(
        200,
        bill,
        [
          ["state", "validated"],
          ["billCycle.id", { var: "IDBC51" }],
        ],
        valid("CustomerBill"),
      ),
    }),
    item({
      kit: billKit,
      name: "/customerBill/{{IDCB51}} (JSON Patch)",
      method: "PATCH",
      suffix: "/{{IDCB51}}",
      contentType: "application/json-patch+json",
      description: "Changes the state (RFC 6902)",
      body: [{ op: "replace", path: "/state", value: "sent" }],
      test: single(200, bill, [["state", "sent"]], valid("CustomerBill")),
    }),
    item({
      kit: billKit,
      name: "/customerBill (POST)",
      method: "POST",
      description: "TMF678 v5 defines no POST /customerBill: 405 with an Error",
      body: { "@type": "CustomerBill" },
      test: error(405) + validError,
    }),
  ];
  const n3 = [
    item({
      kit: rateKit,
      name: "/appliedCustomerBillingRate?billingAccount.id={{ACCOUNTCB51}}",
      method: "GET",
      query: [["billingAccount.id", "{{ACCOUNTCB51}}"]],
      description: "The account's rates, billed by the request",
      test: list(
        rate,
        "IDAR51",
        [
          ["isBilled", true],
          ["bill.id", { var: "IDCB51" }],
        ],
        validEach("AppliedCustomerBillingRate"),
      ),
    }),
    item({
      kit: rateKit,
      name: "/appliedCustomerBillingRate/{{IDAR51}}",
      method: "GET",
      suffix: "/{{IDAR51}}",
      description: "Retrieves the rate: v5 types its characteristic and tax",
      test: single(
        200,
        rate,
        [
          ["href", { hrefOf: "IDAR51" }],
          ["characteristic.0.@type", "StringCharacteristic"],
          ["appliedTax.0.@type", "AppliedBillingTaxRate"],
        ],
        valid("AppliedCustomerBillingRate"),
      ),
    }),
    item({
      kit: rateKit,
      name: "/appliedCustomerBillingRate?isBilled=true&fields=isBilled",
      method: "GET",
      query: [
        ["isBilled", "true"],
        ["fields", "isBilled"],
      ],
      description: "Filters on isBilled, selects it",
      test: list(
        { mandatory: ["id", "href", "isBilled"], has: ["isBilled"] },
        "IDAR51",
        [["isBilled", true]],
        `ctk.checkFilter(instances, 'isBilled', true);\n${omitted(["name", "taxIncludedAmount"])}`,
      ),
    }),
    item({
      kit: cycleKit,
      name: "/billCycle/{{IDBC51}}",
      method: "GET",
      suffix: "/{{IDBC51}}",
      description: "Retrieves the bill cycle",
      test: single(
        200,
        cycle,
        [
          ["href", { hrefOf: "IDBC51" }],
          ["name", { var: "NAMEBC51" }],
        ],
        valid("BillCycle"),
      ),
    }),
    item({
      kit: cycleKit,
      name: "/billCycle?name={{NAMEBC51}}",
      method: "GET",
      query: [["name", "{{NAMEBC51}}"]],
      description: "Filters bill cycles on name",
      test: list(cycle, "IDBC51", [["name", { var: "NAMEBC51" }]], `ctk.checkFilter(instances, 'name', {var: 'NAMEBC51'});\n${validEach("BillCycle")}`),
    }),
  ];
  const n4 = [
    item({
      kit: hubKit,
      name: "/hub",
      method: "POST",
      description: "Registers a listener (Hub_FVO)",
      body: { "@type": "Hub", callback: "http://127.0.0.1:9/listener/customerBillStateChangeEvent", query: "eventType=CustomerBillStateChangeEvent" },
      test:
        single(
          201,
          { mandatory: ["id", "callback", "@type"], has: ["id", "callback"] },
          [["callback", "http://127.0.0.1:9/listener/customerBillStateChangeEvent"]],
          valid("Hub"),
        ) + rememberCreated("IDHU51", "HREFHU51", { checkHref: true }),
    }),
    item({
      kit: hubKit,
      name: "/hub/{{IDHU51}}",
      method: "DELETE",
      suffix: "/{{IDHU51}}",
      description: "Removes the registration",
      test: `\nctk.status(204);\n`,
    }),
  ];
  const notFound = (kit, segment) =>
    item({
      kit,
      name: `/${segment}/404ID`,
      method: "GET",
      suffix: "/{{ID404}}",
      description: `A ${segment} that does not exist`,
      test: error(404) + validError,
    });
  const e1 = [
    item({
      kit: onDemandKit,
      name: "/customerBillOnDemand (without @type)",
      method: "POST",
      description: "CustomerBillOnDemand_FVO requires @type: 400 with an Error",
      body: { billingAccount: { "@type": "BillingAccountRef", id: "{{ACCOUNTCB51}}" } },
      test: error(400) + validError,
    }),
    notFound(billKit, "customerBill"),
    notFound(onDemandKit, "customerBillOnDemand"),
    notFound(rateKit, "appliedCustomerBillingRate"),
    notFound(cycleKit, "billCycle"),
    item({
      kit: billKit,
      name: "/customerBill/404ID (PATCH)",
      method: "PATCH",
      suffix: "/{{ID404}}",
      contentType: "application/merge-patch+json",
      body: { state: "sent" },
      description: "Patching a bill that does not exist",
      test: error(404) + validError,
    }),
  ];
  return collection({
    kit: billKit,
    name: "CTK-CustomerBill-5.0.0",
    description:
      "TMF678 Customer Bill Management v5.0.0 kit: status codes, schema validity (the contract's schemas, variable SCHEMAS) and mandatory attributes per operation.",
    variables: [
      ["NAMEBC51", "CTK December cycle", "Name of the bill cycle recorded in setup"],
      ["ID404", "c2df1950-c17c-4576-9c22-e59073a4a86a", "An id that does not exist"],
      [
        "SCHEMAS",
        JSON.stringify(oasSchemas(CONTRACT, ["CustomerBill", "CustomerBillOnDemand", "AppliedCustomerBillingRate", "BillCycle", "Hub", "Error"])),
        `JSON schemas of ${CONTRACT} (ctk/tools/oas-schemas.mjs)`,
      ],
      ["ACCOUNTCB51", "", "set by the first pre-request script"],
      ["IDAR51", "", "set by the first pre-request script"],
      ["IDBC51", "", "set by the first pre-request script"],
      ["IDBD51", "", "set by the POST test script"],
      ["HREFBD51", "", "set by the POST test script"],
      ["IDCB51", "", "set by the POST test script (the bill produced)"],
      ["IDHU51", "", "set by the hub POST test script"],
      ["HREFHU51", "", "set by the hub POST test script"],
    ],
    folders: [
      ["N1", "customerBillOnDemand: create, retrieve, list", n1],
      ["N2", "customerBill: retrieve, list, patch", n2],
      ["N3", "appliedCustomerBillingRate and billCycle", n3],
      ["N4", "Hub", n4],
      ["E1", "Errors", e1],
    ],
  });
}
