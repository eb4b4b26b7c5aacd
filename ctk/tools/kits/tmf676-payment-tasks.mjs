// TMF676 payment tasks (authorizePayment, initiatePayment): an extra kit, in the style of the TM Forum
// CTK 4.0.0 kits (no certified run). One flow, since each task's decision depends on the ones before:
// on a new billing account with a credit limit of 100 EUR, an authorization of 60 EUR is done (held)
// and one of 50 EUR rejected (40 EUR left); they are listed, retrieved, filtered and projected. The
// first is initiated: done, with the Payment it made (retrieved through /payment); initiating it again,
// or initiating the rejected one, is a rejected task that pays nothing; a direct initiation (the payment
// by value) pays at once. An initiation repeated with its Idempotency-Key returns the same task and
// makes no second payment; the key with another body is a 422. Unknown ids are 404s, an unknown
// authorization a 422, empty bodies 400s, PATCH/DELETE on the tasks 405s.
// The prerequisite customer and billing account (TMF629, TMF666) are created by the first request's
// pre-request script, so the kit's requests are all TMF676 ones.
import { collection, item, J } from "../postman.mjs";
import { accountBody, customerBody, error, list, rememberCreated, single } from "../script-fragments.mjs";

const API = "/tmf-api/paymentManagement/v4";
const postmanId = "6d1f0b7e-3c52-4b8a-9a51-676000000002";
// One `kit` per resource path: the test scripts' `ctk` helpers resolve {hrefOf: …} against it.
const on = (segment) => ({ resourcePath: `${API}/${segment}`, postmanId });
const authKit = on("authorizePayment");
const initKit = on("initiatePayment");
const paymentKit = on("payment");

/** Every instance of the list has one of the ids in the variables `idVars`, and each of them is returned. */
const exactly = (idVars) => `pm.test('Exactly the instances ' + ${J(idVars)}.map((v) => pm.variables.get(v)).join(', ') + ' are returned', () => {
  pm.expect(instances.map((i) => i && i.id).sort(), 'returned ids').to.eql(${J(idVars)}.map((v) => pm.variables.get(v)).sort());
});
`;
/** None of the instances of the list has an id in the variables `idVars`. */
const without = (idVars) => `pm.test('The instances ' + ${J(idVars)}.map((v) => pm.variables.get(v)).join(', ') + ' are not returned', () => {
  const ids = ${J(idVars)}.map((v) => pm.variables.get(v));
  pm.expect(instances.filter((i) => i && ids.includes(i.id)).map((i) => i.id), 'returned ids').to.eql([]);
});
`;
/** A reference `path` of `instance` to the `segment` resource whose id is in `idVar`: its id and absolute href. */
const reference = (path, segment, idVar, indent = "  ") => `${indent}pm.test('${path}.href is the ${segment} of ${path}.id', () => {
${indent}  const ref = ctk.get(instance, '${path}') || {};
${indent}  pm.expect(ref.id, '${path}.id').to.equal(pm.variables.get('${idVar}'));
${indent}  pm.expect(ref.href, '${path}.href').to.equal(ctk.baseUrl + '${API}/${segment}/' + ref.id);
${indent}});
`;
/** `path` of `instance` is an ISO 8601 date-time. */
const dateTime = (path, indent = "  ") => `${indent}pm.test('${path} is a date-time', () => {
${indent}  const v = ctk.get(instance, '${path}');
${indent}  pm.expect(v, '${path}').to.be.a('string');
${indent}  pm.expect(Number.isNaN(Date.parse(v)), '${path} parses as a date').to.equal(false);
${indent}});
`;
/** A rejected task: its stateReason is a non-empty string. */
const reason = (indent = "  ") => `${indent}pm.test('stateReason says why the task was rejected', () => {
${indent}  pm.expect(instance.stateReason, 'stateReason').to.be.a('string');
${indent}  pm.expect(instance.stateReason.trim(), 'stateReason').to.not.equal('');
${indent}});
`;
const omitted = (attrs, indent = "  ") => `${indent}ctk.checkOmitted(instance, ${J(attrs)});\n`;

export function paymentTasksKit() {
  const paymentMethod = { id: "pm-1", name: "Visa", "@type": "BankCard" };
  const byValue = (value) => ({ account: { id: "{{ACCOUNTPT01}}", "@referredType": "BillingAccount" }, paymentMethod, totalAmount: { unit: "EUR", value } });
  const setup = `
// Prerequisites of the tasks: a customer and a billing account of that customer with a credit limit
// of 100 EUR (what the authorizations are decided against), and an Idempotency-Key of this run.
pm.collectionVariables.set('IDEMKEYPT01', 'ctk-payment-tasks-' + setup.guid());
setup.send('create customer', 'POST', '/tmf-api/customerManagement/v4/customer', ${customerBody("'CTK PaymentTasks Customer'")}, 201, (customer) => {
  pm.collectionVariables.set('CUSTOMERPT01', customer.id);
  setup.send('create billing account', 'POST', '/tmf-api/accountManagement/v4/billingAccount', ${accountBody("'CTK PaymentTasks Account'", "customer.id", "customer.name", "{ unit: 'EUR', value: 100 }")}, 201, (account) => {
    pm.collectionVariables.set('ACCOUNTPT01', account.id);
  });
});
`;

  // ------------------------------------------------------------------------------------------
  // Authorizations
  // ------------------------------------------------------------------------------------------
  const auth = {
    mandatory: [
      "id",
      "href",
      "state",
      "authorizedPayment",
      "authorizedPayment.account.id",
      "authorizedPayment.totalAmount.unit",
      "authorizedPayment.totalAmount.value",
      "@type",
    ],
    has: [
      "@type",
      "href",
      "id",
      "state",
      "authorizedPayment.account.id",
      "authorizedPayment.paymentMethod.id",
      "authorizedPayment.totalAmount.unit",
      "authorizedPayment.totalAmount.value",
    ],
    includes: ["href", "id", "state", "authorizedPayment.account.id", "authorizedPayment.totalAmount.unit", "authorizedPayment.totalAmount.value"],
  };
  const authDone = { ...auth, has: [...auth.has, "authorizedPaymentDate"] };
  const authRejected = { ...auth, mandatory: [...auth.mandatory, "stateReason"], has: [...auth.has, "stateReason"] };
  const authValues = (idVar, value, state) => [
    ["href", { hrefOf: idVar }],
    ["id", { var: idVar }],
    ["@type", "AuthorizePayment"],
    ["state", state],
    ["authorizedPayment.account.id", { var: "ACCOUNTPT01" }],
    ["authorizedPayment.paymentMethod.id", "pm-1"],
    ["authorizedPayment.totalAmount.unit", "EUR"],
    ["authorizedPayment.totalAmount.value", value],
  ];
  const auth1 = authValues("IDAP01", 60, "done");
  const auth2 = authValues("IDAP02", 50, "rejected");
  const doneAuth = dateTime("authorizedPaymentDate") + omitted(["stateReason"]);
  const rejectedAuth = reason() + omitted(["authorizedPaymentDate"]);
  const n1 = [
    item({
      kit: authKit,
      name: "/AuthorizePayment",
      method: "POST",
      prerequest: setup,
      description: "Authorizes 60 EUR on the billing account (credit limit 100 EUR): done, the amount held",
      body: { authorizedPayment: byValue(60), "@type": "AuthorizePayment" },
      test: single(201, authDone, auth1.slice(2), doneAuth) + rememberCreated("IDAP01", "HREFAP01", { checkHref: true }),
    }),
    item({
      kit: authKit,
      name: "/AuthorizePayment (beyond the credit left)",
      method: "POST",
      description: "Authorizes 50 EUR more: only 40 EUR of credit is left, rejected with a stateReason",
      body: { authorizedPayment: byValue(50), "@type": "AuthorizePayment" },
      test: single(201, authRejected, auth2.slice(2), rejectedAuth) + rememberCreated("IDAP02", "HREFAP02", { checkHref: true }),
    }),
    item({
      kit: authKit,
      name: "/AuthorizePayment",
      method: "GET",
      description: "This operation search for the created AuthorizePayment tasks",
      test: list(
        auth,
        "IDAP01",
        auth1,
        `ctk.checkValues(ctk.find(instances, 'IDAP02'), ${J(auth2)}, 'instance with id ' + pm.variables.get('IDAP02') + ' in the list');\n`,
      ),
    }),
    item({
      kit: authKit,
      name: "/AuthorizePayment/{{IDAP01}}",
      method: "GET",
      suffix: "/{{IDAP01}}",
      description: "This operation retrieves the granted authorization",
      test: single(200, authDone, auth1, doneAuth),
    }),
    item({
      kit: authKit,
      name: "/AuthorizePayment?state=rejected",
      method: "GET",
      query: [["state", "rejected"]],
      description: "Filter by state: the rejected authorization, not the granted one",
      test: list(authRejected, "IDAP02", auth2, `ctk.checkFilter(instances, 'state', 'rejected');\n${without(["IDAP01"])}`),
    }),
    item({
      kit: authKit,
      name: "/AuthorizePayment?fields=state",
      method: "GET",
      query: [["fields", "state"]],
      description: "Field selection: only state (and id, href) are returned",
      test: list(
        { mandatory: ["id", "href", "state"], has: ["href", "id", "state"], includes: ["href", "id", "state"] },
        "IDAP01",
        auth1.filter(([p]) => ["href", "id", "state"].includes(p)),
        `ctk.checkValues(ctk.find(instances, 'IDAP02'), [['state', 'rejected']], 'instance with id ' + pm.variables.get('IDAP02') + ' in the list');
instances.forEach((instance) => ctk.checkOmitted(instance, ['authorizedPayment', 'authorizedPaymentDate', 'stateReason']));\n`,
      ),
    }),
  ];

  // ------------------------------------------------------------------------------------------
  // Initiations, the payments they make
  // ------------------------------------------------------------------------------------------
  const init = {
    mandatory: ["id", "href", "state", "@type"],
    has: ["@type", "href", "id", "state"],
    includes: ["href", "id", "state"],
  };
  const paid = [
    "initiatedPayment",
    "initiatedPayment.id",
    "initiatedPayment.href",
    "initiatedPayment.account.id",
    "initiatedPayment.totalAmount.unit",
    "initiatedPayment.totalAmount.value",
  ];
  const initDone = {
    mandatory: [...init.mandatory, ...paid],
    has: [...init.has, ...paid.slice(1), "initiatedPayment.paymentMethod.id", "initiatedPaymentDate"],
    includes: [...init.includes, "initiatedPayment.id", "initiatedPayment.totalAmount.unit", "initiatedPayment.totalAmount.value"],
  };
  const ofAuth = (spec) => ({
    ...spec,
    mandatory: [...spec.mandatory, "authorizedPayment", "authorizedPayment.id"],
    has: [...spec.has, "authorizedPayment.id", "authorizedPayment.href"],
  });
  const initRejected = { ...init, mandatory: [...init.mandatory, "stateReason"], has: [...init.has, "stateReason"] };
  const initValues = (idVar, state) => [
    ["href", { hrefOf: idVar }],
    ["id", { var: idVar }],
    ["@type", "InitiatePayment"],
    ["state", state],
  ];
  const paidValues = (paymentVar, value) => [
    ["initiatedPayment.id", { var: paymentVar }],
    ["initiatedPayment.account.id", { var: "ACCOUNTPT01" }],
    ["initiatedPayment.paymentMethod.id", "pm-1"],
    ["initiatedPayment.totalAmount.unit", "EUR"],
    ["initiatedPayment.totalAmount.value", value],
  ];
  const init1 = [...initValues("IDIP01", "done"), ["authorizedPayment.id", { var: "IDAP01" }], ...paidValues("IDPA01", 60)];
  const init2 = [...initValues("IDIP02", "rejected"), ["authorizedPayment.id", { var: "IDAP01" }]];
  const init3 = [...initValues("IDIP03", "rejected"), ["authorizedPayment.id", { var: "IDAP02" }]];
  const init4 = [...initValues("IDIP04", "done"), ...paidValues("IDPA04", 25)];
  // The values a POST's response is checked for: all but the server-set id, href and initiatedPayment.id.
  const posted = (values) => values.slice(2).filter(([p]) => p !== "initiatedPayment.id");
  // The payment made, kept for the requests that follow (and for the check of its href).
  const rememberPayment = (paymentVar) =>
    `  if (instance.initiatedPayment && instance.initiatedPayment.id !== undefined) pm.collectionVariables.set('${paymentVar}', instance.initiatedPayment.id);\n`;
  const doneInit = (paymentVar) => reference("initiatedPayment", "payment", paymentVar) + dateTime("initiatedPaymentDate") + omitted(["stateReason"]);
  const rejectedInit = (authVar) =>
    reference("authorizedPayment", "authorizePayment", authVar) + reason() + omitted(["initiatedPayment", "initiatedPaymentDate"]);

  const payment = {
    mandatory: ["id", "href", "account", "account.id", "paymentMethod", "totalAmount", "totalAmount.unit", "totalAmount.value"],
    has: ["@type", "href", "id", "status", "paymentDate", "account.id", "paymentMethod.id", "totalAmount.unit", "totalAmount.value"],
    includes: ["href", "id", "status", "account.id", "totalAmount.unit", "totalAmount.value"],
  };
  const paymentValues = (idVar, value) => [
    ["href", { hrefOf: idVar }],
    ["id", { var: idVar }],
    ["@type", "Payment"],
    ["status", "done"],
    ["account.id", { var: "ACCOUNTPT01" }],
    ["paymentMethod.id", "pm-1"],
    ["totalAmount.unit", "EUR"],
    ["totalAmount.value", value],
  ];
  const byAccount = ["account.id", "{{ACCOUNTPT01}}"];
  const accountPayments = (idVars) =>
    list(payment, idVars[0], paymentValues(idVars[0], 60), `ctk.checkFilter(instances, 'account.id', {var: 'ACCOUNTPT01'});\n${exactly(idVars)}`);

  const n2 = [
    item({
      kit: initKit,
      name: "/InitiatePayment",
      method: "POST",
      description: "Initiates the granted authorization: done, with the Payment it made (id and href)",
      body: { authorizedPayment: { id: "{{IDAP01}}" }, "@type": "InitiatePayment" },
      test:
        single(
          201,
          ofAuth(initDone),
          posted(init1),
          rememberPayment("IDPA01") + reference("authorizedPayment", "authorizePayment", "IDAP01") + doneInit("IDPA01"),
        ) + rememberCreated("IDIP01", "HREFIP01", { checkHref: true }),
    }),
    item({
      kit: paymentKit,
      name: "/Payment/{{IDPA01}}",
      method: "GET",
      suffix: "/{{IDPA01}}",
      description: "The Payment the initiation made: 60 EUR from the account, done",
      test: single(200, payment, paymentValues("IDPA01", 60)),
    }),
    item({
      kit: initKit,
      name: "/InitiatePayment/{{IDIP01}}",
      method: "GET",
      suffix: "/{{IDIP01}}",
      description: "This operation retrieves the done initiation",
      test: single(200, ofAuth(initDone), init1, doneInit("IDPA01")),
    }),
    item({
      kit: initKit,
      name: "/InitiatePayment (authorization already initiated)",
      method: "POST",
      description: "Initiates the same authorization again: its hold is used, rejected with a stateReason, nothing paid",
      body: { authorizedPayment: { id: "{{IDAP01}}" }, "@type": "InitiatePayment" },
      test: single(201, ofAuth(initRejected), init2.slice(2), rejectedInit("IDAP01")) + rememberCreated("IDIP02", "HREFIP02", { checkHref: true }),
    }),
    item({
      kit: initKit,
      name: "/InitiatePayment (rejected authorization)",
      method: "POST",
      description: "Initiates the rejected authorization: rejected with a stateReason, nothing paid",
      body: { authorizedPayment: { id: "{{IDAP02}}" }, "@type": "InitiatePayment" },
      test: single(201, ofAuth(initRejected), init3.slice(2), rejectedInit("IDAP02")) + rememberCreated("IDIP03", "HREFIP03", { checkHref: true }),
    }),
    item({
      kit: initKit,
      name: "/InitiatePayment (direct)",
      method: "POST",
      description: "Initiates a payment of 25 EUR by value, without authorization: done, paid at once",
      body: { initiatedPayment: byValue(25), "@type": "InitiatePayment" },
      test:
        single(201, initDone, posted(init4), rememberPayment("IDPA04") + doneInit("IDPA04") + omitted(["authorizedPayment"])) +
        rememberCreated("IDIP04", "HREFIP04", { checkHref: true }),
    }),
    item({
      kit: initKit,
      name: "/InitiatePayment?state=rejected",
      method: "GET",
      query: [["state", "rejected"]],
      description: "Filter by state: the two rejected initiations, not the done ones",
      test: list(
        initRejected,
        "IDIP02",
        init2,
        `ctk.checkValues(ctk.find(instances, 'IDIP03'), ${J(init3)}, 'instance with id ' + pm.variables.get('IDIP03') + ' in the list');
ctk.checkFilter(instances, 'state', 'rejected');
${without(["IDIP01", "IDIP04"])}`,
      ),
    }),
    item({
      kit: paymentKit,
      name: "/Payment?account.id={{ACCOUNTPT01}}",
      method: "GET",
      query: [byAccount],
      description: "The account's payments: the two done initiations' (the rejected ones paid nothing)",
      test: `${accountPayments(["IDPA01", "IDPA04"])}ctk.checkValues(ctk.find(instances, 'IDPA04'), ${J(paymentValues("IDPA04", 25))}, 'instance with id ' + pm.variables.get('IDPA04') + ' in the list');\n`,
    }),
  ];

  // ------------------------------------------------------------------------------------------
  // Idempotency-Key
  // ------------------------------------------------------------------------------------------
  const key = [["Idempotency-Key", "{{IDEMKEYPT01}}"]];
  const init5 = [...initValues("IDIP05", "done"), ...paidValues("IDPA05", 15)];
  const n3 = [
    item({
      kit: initKit,
      name: "/InitiatePayment (Idempotency-Key)",
      method: "POST",
      headers: key,
      description: "Initiates a payment of 15 EUR by value with an Idempotency-Key: done",
      body: { initiatedPayment: byValue(15), "@type": "InitiatePayment" },
      test: single(201, initDone, posted(init5), rememberPayment("IDPA05") + doneInit("IDPA05")) + rememberCreated("IDIP05", "HREFIP05", { checkHref: true }),
    }),
    item({
      kit: initKit,
      name: "/InitiatePayment (Idempotency-Key, repeated)",
      method: "POST",
      headers: key,
      description: "The same request with the same key: the first task again (same id, same payment), nothing new",
      body: { initiatedPayment: byValue(15), "@type": "InitiatePayment" },
      test: single(201, initDone, init5, doneInit("IDPA05")),
    }),
    item({
      kit: paymentKit,
      name: "/Payment?account.id={{ACCOUNTPT01}} (no second payment)",
      method: "GET",
      query: [byAccount],
      description: "The repeat made no payment: the account has the three payments of the done initiations",
      test: accountPayments(["IDPA01", "IDPA04", "IDPA05"]),
    }),
    item({
      kit: initKit,
      name: "/InitiatePayment (Idempotency-Key, other body)",
      method: "POST",
      headers: key,
      description: "The same key with another request (16 EUR) is refused: 422 with a TMF Error",
      body: { initiatedPayment: byValue(16), "@type": "InitiatePayment" },
      test: error(422),
    }),
  ];

  // ------------------------------------------------------------------------------------------
  // Errors
  // ------------------------------------------------------------------------------------------
  const notFound = (kit, type) =>
    item({ kit, name: `/${type}/404ID`, method: "GET", suffix: "/{{ID404}}", description: `Retrieve a ${type} that does not exist`, test: error(404) });
  const notAllowed = (kit, type, idVar, method) =>
    item({
      kit,
      name: `/${type}/{{${idVar}}}`,
      method,
      suffix: `/{{${idVar}}}`,
      ...(method === "PATCH" ? { body: { state: "rejected" }, contentType: "application/merge-patch+json" } : {}),
      description: `Tasks are not ${method === "PATCH" ? "updated" : "deleted"}: 405`,
      test: error(405),
    });
  const e1 = [
    notFound(authKit, "AuthorizePayment"),
    notFound(initKit, "InitiatePayment"),
    item({
      kit: initKit,
      name: "/InitiatePayment (unknown authorization)",
      method: "POST",
      body: { authorizedPayment: { id: "{{ID404}}" }, "@type": "InitiatePayment" },
      description: "An initiation of an authorization that does not exist is refused: 422 with a TMF Error",
      test: error(422),
    }),
    item({
      kit: initKit,
      name: "/InitiatePayment (empty body)",
      method: "POST",
      body: {},
      description: "An initiation with neither authorizedPayment nor initiatedPayment is rejected with a TMF Error",
      test: error(400),
    }),
    item({
      kit: authKit,
      name: "/AuthorizePayment (empty body)",
      method: "POST",
      body: {},
      description: "An authorization without the mandatory authorizedPayment is rejected with a TMF Error",
      test: error(400),
    }),
    notAllowed(authKit, "AuthorizePayment", "IDAP01", "PATCH"),
    notAllowed(authKit, "AuthorizePayment", "IDAP01", "DELETE"),
    notAllowed(initKit, "InitiatePayment", "IDIP01", "PATCH"),
    notAllowed(initKit, "InitiatePayment", "IDIP01", "DELETE"),
  ];

  return collection({
    kit: authKit,
    name: "CTK-PaymentTasks-4.0.0",
    description:
      "TMF676 Payment Management v4 payment tasks (authorizePayment, initiatePayment resources, and the payments they make) " +
      "conformance kit, written in the style of the TM Forum CTK 4.0.0 kits. The first request's pre-request script creates the " +
      "prerequisite customer and billing account (credit limit 100 EUR) and the run's Idempotency-Key.",
    variables: [
      ["ID404", "0b5c1f6e-7d7a-4f2e-9d43-676000000404", "An id that does not exist"],
      ["IDEMKEYPT01", "", "set by the setup script (an Idempotency-Key of this run)"],
      ["CUSTOMERPT01", "", "set by the setup script"],
      ["ACCOUNTPT01", "", "set by the setup script"],
      ["IDAP01", "", "set by the POST test script (the granted authorization)"],
      ["HREFAP01", "", "set by the POST test script"],
      ["IDAP02", "", "set by the POST test script (the rejected authorization)"],
      ["HREFAP02", "", "set by the POST test script"],
      ["IDIP01", "", "set by the POST test script (the initiation of IDAP01)"],
      ["HREFIP01", "", "set by the POST test script"],
      ["IDPA01", "", "set by the POST /initiatePayment test script (the payment made)"],
      ["IDIP02", "", "set by the POST test script (IDAP01 initiated again)"],
      ["HREFIP02", "", "set by the POST test script"],
      ["IDIP03", "", "set by the POST test script (IDAP02 initiated)"],
      ["HREFIP03", "", "set by the POST test script"],
      ["IDIP04", "", "set by the POST test script (the direct initiation)"],
      ["HREFIP04", "", "set by the POST test script"],
      ["IDPA04", "", "set by the POST /initiatePayment test script (the payment made)"],
      ["IDIP05", "", "set by the POST test script (the initiation with an Idempotency-Key)"],
      ["HREFIP05", "", "set by the POST test script"],
      ["IDPA05", "", "set by the POST /initiatePayment test script (the payment made)"],
    ],
    folders: [
      ["N1", "Authorizations: done within the credit limit, rejected beyond it; list, retrieve, filter, field selection", n1],
      ["N2", "Initiations: of the authorization (done, with its payment), again and of the rejected one (rejected), direct", n2],
      ["N3", "Idempotency-Key: a repeat returns the first task and pays nothing; the key with another body is a 422", n3],
      ["E1", "Errors", e1],
    ],
  });
}
