// TMF676 Refund (refund resource): an extra kit, in the style of the TM Forum CTK 4.0.0 kits (no certified run).
import { collection, item } from "../postman.mjs";
import { accountBody, customerBody, error, list, paymentBody, rememberCreated, single } from "../script-fragments.mjs";

export function refundKit() {
  const kit = { resourcePath: "/tmf-api/paymentManagement/v4/refund", postmanId: "6d1f0b7e-3c52-4b8a-9a51-676000000002" };
  const full = {
    mandatory: ["id", "href", "account", "account.id", "paymentMethod", "totalAmount", "totalAmount.unit", "totalAmount.value"],
    has: ["@type", "href", "id", "account", "account.id", "payment.id", "paymentMethod", "totalAmount.unit", "totalAmount.value"],
    includes: ["href", "id", "account.id", "payment.id", "totalAmount.unit", "totalAmount.value"],
  };
  const values = [
    ["href", { hrefOf: "IDRE01" }],
    ["id", { var: "IDRE01" }],
    ["@type", "Refund"],
    ["account.id", { var: "ACCOUNTRE01" }],
    ["payment.id", { var: "PAYMENTRE01" }],
    ["totalAmount.unit", "usd"],
    ["totalAmount.value", 5],
  ];
  const setupScript = `
// Prerequisites of a refund: a customer, a billing account of that customer and a payment on that account.
setup.send('create customer', 'POST', '/tmf-api/customerManagement/v4/customer', ${customerBody("'CTK Refund Customer'")}, 201, (customer) => {
  pm.collectionVariables.set('CUSTOMERRE01', customer.id);
  setup.send('create billing account', 'POST', '/tmf-api/accountManagement/v4/billingAccount', ${accountBody("'CTK Refund Account'", "customer.id", "customer.name")}, 201, (account) => {
    pm.collectionVariables.set('ACCOUNTRE01', account.id);
    setup.send('create payment', 'POST', '/tmf-api/paymentManagement/v4/payment', ${paymentBody("account.id", "11.6")}, 201, (payment) => {
      pm.collectionVariables.set('PAYMENTRE01', payment.id);
    });
  });
});
`;
  const create = {
    account: { id: "{{ACCOUNTRE01}}" },
    payment: { id: "{{PAYMENTRE01}}" },
    paymentMethod: { id: "pm-1", name: "Visa ending 4242", "@type": "PaymentMethodRef" },
    totalAmount: { unit: "usd", value: 5 },
    "@type": "Refund",
  };
  const { totalAmount, ...missingTotal } = create;
  const items = [
    item({
      kit,
      name: "/Refund",
      method: "POST",
      description: "This operation creates a Refund of an existing payment",
      body: create,
      prerequest: setupScript,
      test: single(201, full, values.slice(2)) + rememberCreated("IDRE01", "HREFRE01", { checkHref: true }),
    }),
    item({ kit, name: "/Refund", method: "GET", description: "This operation search for the created Refund", test: list(full, "IDRE01", values) }),
    item({
      kit,
      name: "/Refund/{{IDRE01}}",
      method: "GET",
      suffix: "/{{IDRE01}}",
      description: "This operation retrieves the created Refund",
      test: single(200, full, values),
    }),
    item({
      kit,
      name: "/Refund?fields=href",
      method: "GET",
      query: [["fields", "href"]],
      description: "Field selection: only href (and id) are returned",
      test: list(
        { mandatory: ["id", "href"], has: ["href", "id"], includes: ["href", "id"] },
        "IDRE01",
        values.slice(0, 2),
        `instances.forEach((instance) => ctk.checkOmitted(instance, ['account', 'payment', 'paymentMethod', 'totalAmount']));\n`,
      ),
    }),
    item({
      kit,
      name: "/Refund?id={{IDRE01}}",
      method: "GET",
      query: [["id", "{{IDRE01}}"]],
      description: "Filter by id",
      test: list(full, "IDRE01", values, `ctk.checkFilter(instances, 'id', {var: 'IDRE01'});\n`),
    }),
    item({ kit, name: "/Refund/404ID", method: "GET", suffix: "/{{ID404}}", description: "Retrieve a Refund that does not exist", test: error(404) }),
    item({
      kit,
      name: "/Refund (missing totalAmount)",
      method: "POST",
      body: missingTotal,
      description: "A Refund_Create without the mandatory totalAmount is rejected with a TMF Error",
      test: error(400),
    }),
  ];
  return collection({
    kit,
    name: "CTK-Refund-4.0.0",
    description:
      "TMF676 Payment Management v4 (refund resource) conformance kit, written in the style of the TM Forum CTK 4.0.0 kits. " +
      "The first request's pre-request script creates the prerequisite customer, billing account and payment.",
    variables: [
      ["ID404", "3e1f7a52-2b7c-4c1d-8f0e-676000000404", "An id that does not exist"],
      ["CUSTOMERRE01", "", "set by the setup script"],
      ["ACCOUNTRE01", "", "set by the setup script"],
      ["PAYMENTRE01", "", "set by the setup script"],
      ["IDRE01", "", "set by the POST test script"],
      ["HREFRE01", "", "set by the POST test script"],
    ],
    folders: [
      ["N1", "Create, retrieve, filter", items.slice(0, 5)],
      ["E1", "Errors", items.slice(5)],
    ],
  });
}
