// TMF676 Payment (payment resource): reproduces the certified run CTK-Payment-4.0.0 (7 requests, 249 assertions).
import { collection, item } from "../postman.mjs";
import { accountBody, customerBody, error, list, paymentBody, rememberCreated, single } from "../script-fragments.mjs";

export function paymentKit() {
  const kit = { resourcePath: "/tmf-api/paymentManagement/v4/payment", postmanId: "6d1f0b7e-3c52-4b8a-9a51-676000000001" };
  const full = {
    mandatory: ["id", "href", "account", "account.id", "paymentMethod", "totalAmount", "totalAmount.unit", "totalAmount.value"],
    has: ["href", "id", "account", "account.id", "paymentMethod", "totalAmount.unit", "totalAmount.value"],
    includes: ["href", "id", "account.id", "totalAmount.unit", "totalAmount.value"],
  };
  const small = { mandatory: ["id", "href"], has: ["href", "id"], includes: ["href", "id"] };
  const values = [
    ["href", { hrefOf: "IDPA01" }],
    ["id", { var: "IDPA01" }],
    ["account.id", { var: "ACCOUNTPA01" }],
    ["totalAmount.unit", "usd"],
    ["totalAmount.value", 11.6],
  ];
  const hv = values.slice(0, 2);

  const setupScript = `
// Prerequisites of a payment: a customer and a billing account of that customer.
// To reproduce the data set of the certified run (GET /payment returned 8 payments), the list is
// topped up to PAYMENT_LIST_SIZE payments (default 8, counting the one this kit creates) with
// payments on the same account. Set PAYMENT_LIST_SIZE to 0 to skip this.
const target = parseInt(pm.variables.get('PAYMENT_LIST_SIZE'), 10) || 0;
setup.send('create customer', 'POST', '/tmf-api/customerManagement/v4/customer', ${customerBody("'CTK Payment Customer'")}, 201, (customer) => {
  pm.collectionVariables.set('CUSTOMERPA01', customer.id);
  setup.send('create billing account', 'POST', '/tmf-api/accountManagement/v4/billingAccount', ${accountBody("'CTK Payment Account'", "customer.id", "customer.name")}, 201, (account) => {
    pm.collectionVariables.set('ACCOUNTPA01', account.id);
    if (target <= 1) return;
    setup.send('count payments', 'GET', '${kit.resourcePath}', undefined, 200, (existing) => {
      let missing = target - 1 - (Array.isArray(existing) ? existing.length : 0);
      const next = () => {
        if (missing <= 0) return;
        missing -= 1;
        setup.send('create background payment', 'POST', '${kit.resourcePath}', ${paymentBody("account.id", "20 + missing")}, 201, next);
      };
      next();
    });
  });
});
`;
  const create = {
    account: { id: "{{ACCOUNTPA01}}", "@referredType": "BillingAccount" },
    paymentMethod: { id: "pm-1", name: "Visa ending 4242", "@type": "PaymentMethodRef", "@referredType": "BankCard" },
    totalAmount: { unit: "usd", value: 11.6 },
    "@type": "Payment",
  };
  const n1 = [
    item({
      kit,
      name: "/Payment",
      method: "POST",
      description: "This operation creates a Payment",
      body: create,
      prerequest: setupScript,
      test: single(201, full, null) + rememberCreated("IDPA01", "HREFPA01"),
    }),
    item({ kit, name: "/Payment", method: "GET", description: "This operation search for the created Payment", test: list(full, "IDPA01", values) }),
    item({
      kit,
      name: "/Payment/{{IDPA01}}",
      method: "GET",
      suffix: "/{{IDPA01}}",
      description: "This operation search for one of the created Payment",
      test: single(200, full, values),
    }),
  ];
  const projection = () =>
    list(small, "IDPA01", hv, `if (ctk.extended) instances.forEach((instance) => ctk.checkOmitted(instance, ['account', 'paymentMethod', 'totalAmount']));\n`);
  const n2 = [
    item({ kit, name: "/Payment?fields=href", method: "GET", query: [["fields", "href"]], description: "This operation filter a Payment", test: projection() }),
    item({ kit, name: "/Payment?fields=id", method: "GET", query: [["fields", "id"]], description: "This operation filter a Payment", test: projection() }),
    item({
      kit,
      name: "/Payment?id={{IDPA01}}",
      method: "GET",
      query: [["id", "{{IDPA01}}"]],
      description: "This operation filter a Payment",
      test: list(full, "IDPA01", values, `if (ctk.extended) ctk.checkFilter(instances, 'id', {var: 'IDPA01'});\n`),
    }),
  ];
  const e1 = [
    item({
      kit,
      name: "/Payment/404ID",
      method: "GET",
      suffix: "/{{ID404}}",
      description: "This operation search for a Payment that does not exist",
      test: error(404, { bodyOnlyExtended: true }),
    }),
  ];
  return collection({
    kit,
    name: "CTK-Payment-4.0.0",
    description:
      "TMF676 Payment Management v4 (payment resource) conformance kit. Reproduces the certified run CTK-Payment-4.0.0 " +
      "(7 requests, 249 assertions when GET /payment returns 8 payments; per-instance assertions are repeated for every returned payment). " +
      "The first request's pre-request script creates the prerequisite customer and billing account and tops the payment list up to " +
      'PAYMENT_LIST_SIZE payments. Set extendedChecks to "true" for additional checks.',
    variables: [
      ["PAYMENT_LIST_SIZE", "8", "Payments GET /payment should return (certified run: 8); 0 disables the top-up"],
      ["ID404", "45d7aa75-8458-4b33-b659-c3c1d6278c4c", "An id that does not exist"],
      ["CUSTOMERPA01", "", "set by the setup script"],
      ["ACCOUNTPA01", "", "set by the setup script"],
      ["IDPA01", "", "set by the POST test script"],
      ["HREFPA01", "", "set by the POST test script"],
    ],
    folders: [
      ["N1", "Create and retrieve", n1],
      ["N2", "Filters and field selection", n2],
      ["E1", "Errors", e1],
    ],
  });
}
