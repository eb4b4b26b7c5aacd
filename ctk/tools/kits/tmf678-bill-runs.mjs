// TMF678 bill runs (appliedCustomerBillingRate, customerBillOnDemand, billCycleSpecification,
// billCycle): an extra kit, in the style of the TM Forum CTK 4.0.0 kits (no certified run). One flow
// across the four resources, since each one's behaviour depends on the others: two unbilled rates on a
// new billing account are listed, filtered and projected; a bill on demand bills them into a new
// CustomerBill whose amounts are their exact (decimal) sums; the rates are then billed and a second
// request on the account is rejected; a TMF666 billing cycle specification is read through TMF678
// and a bill cycle is recorded on it; unknown ids are 404s, the read-only operations 405s.
// Prerequisites of other APIs (TMF629 customer, TMF666 billing account and billing cycle
// specification) are created by pre-request scripts, so the kit's requests are all TMF678 ones.
import { collection, item, J } from "../postman.mjs";
import { accountBody, customerBody, error, list, rememberCreated, single } from "../script-fragments.mjs";

const API = "/tmf-api/customerBillManagement/v4";
const postmanId = "6d1f0b7e-3c52-4b8a-9a51-678000000001";
// One `kit` per resource path: the test scripts' `ctk` helpers resolve {hrefOf: …} against it.
const on = (segment) => ({ resourcePath: `${API}/${segment}`, postmanId });
const rateKit = on("appliedCustomerBillingRate");
const onDemandKit = on("customerBillOnDemand");
const billKit = on("customerBill");
const specKit = on("billCycleSpecification");
const cycleKit = on("billCycle");

const small = { mandatory: ["id", "href"], has: ["href", "id"], includes: ["href", "id"] };
const empty = (what) => `
ctk.status(200);
pm.test('Response is an empty array (${what})', () => {
  pm.expect(ctk.body, 'response').to.be.an('array');
  pm.expect(ctk.body.map((i) => i && i.id), 'returned ids').to.eql([]);
});
`;
/** Every instance of the list has one of the ids in the variables `idVars`, and each of them is returned. */
const exactly = (idVars) => `pm.test('Exactly the instances ' + ${J(idVars)}.map((v) => pm.variables.get(v)).join(', ') + ' are returned', () => {
  pm.expect(instances.map((i) => i && i.id).sort(), 'returned ids').to.eql(${J(idVars)}.map((v) => pm.variables.get(v)).sort());
});
`;
/** A reference `path` (e.g. customerBill) of `instance` to the `segment` resource whose id is in `idVar`: its id and absolute href. */
const reference = (path, segment, idVar, indent = "  ") => `${indent}pm.test('${path}.href is the ${segment} of ${path}.id', () => {
${indent}  const ref = ctk.get(instance, '${path}') || {};
${indent}  pm.expect(ref.id, '${path}.id').to.equal(pm.variables.get('${idVar}'));
${indent}  pm.expect(ref.href, '${path}.href').to.equal(ctk.baseUrl + '${API}/${segment}/' + ref.id);
${indent}});
`;

export function billRunsKit() {
  // ------------------------------------------------------------------------------------------
  // Applied customer billing rates (POST is an extension to TMF678)
  // ------------------------------------------------------------------------------------------
  const rate = {
    mandatory: [
      "id",
      "href",
      "billingAccount",
      "billingAccount.id",
      "taxIncludedAmount",
      "taxIncludedAmount.unit",
      "taxIncludedAmount.value",
      "isBilled",
      "@type",
    ],
    has: [
      "@type",
      "href",
      "id",
      "name",
      "isBilled",
      "appliedBillingRateType",
      "billingAccount.id",
      "taxIncludedAmount.unit",
      "taxIncludedAmount.value",
      "taxExcludedAmount.unit",
      "taxExcludedAmount.value",
    ],
    includes: [
      "href",
      "id",
      "name",
      "appliedBillingRateType",
      "billingAccount.id",
      "taxIncludedAmount.unit",
      "taxIncludedAmount.value",
      "taxExcludedAmount.value",
    ],
  };
  const rateBody = (nameVar, included, excluded) => ({
    name: `{{${nameVar}}}`,
    appliedBillingRateType: "appliedBillingCharge",
    billingAccount: { id: "{{ACCOUNTBR01}}", "@referredType": "BillingAccount" },
    taxExcludedAmount: { unit: "usd", value: excluded },
    taxIncludedAmount: { unit: "usd", value: included },
    "@type": "AppliedCustomerBillingRate",
  });
  const rateValues = (idVar, nameVar, included, excluded) => [
    ["href", { hrefOf: idVar }],
    ["id", { var: idVar }],
    ["name", { var: nameVar }],
    ["@type", "AppliedCustomerBillingRate"],
    ["isBilled", false],
    ["appliedBillingRateType", "appliedBillingCharge"],
    ["billingAccount.id", { var: "ACCOUNTBR01" }],
    ["taxIncludedAmount.unit", "usd"],
    ["taxIncludedAmount.value", included],
    ["taxExcludedAmount.unit", "usd"],
    ["taxExcludedAmount.value", excluded],
  ];
  // 10.1 + 20.2 and 8.4 + 16.8 are not exact in binary floating point (30.299999999999997, 25.200000000000003).
  const rate1 = rateValues("IDAR01", "NAMEAR01", 10.1, 8.4);
  const rate2 = rateValues("IDAR02", "NAMEAR02", 20.2, 16.8);
  const billed = [
    ["isBilled", true],
    ["bill.id", { var: "IDCB01" }],
  ];
  const setupAccount = `
// Prerequisites of the rates: a customer and a billing account of that customer.
setup.send('create customer', 'POST', '/tmf-api/customerManagement/v4/customer', ${customerBody("'CTK BillRuns Customer'")}, 201, (customer) => {
  pm.collectionVariables.set('CUSTOMERBR01', customer.id);
  setup.send('create billing account', 'POST', '/tmf-api/accountManagement/v4/billingAccount', ${accountBody("'CTK BillRuns Account'", "customer.id", "customer.name")}, 201, (account) => {
    pm.collectionVariables.set('ACCOUNTBR01', account.id);
  });
});
`;
  const byAccount = ["billingAccount.id", "{{ACCOUNTBR01}}"];
  const n1 = [
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate",
      method: "POST",
      description: "Records an unbilled rate on the billing account (extension to TMF678)",
      body: rateBody("NAMEAR01", 10.1, 8.4),
      prerequest: setupAccount,
      test: single(201, rate, rate1.slice(2)) + rememberCreated("IDAR01", "HREFAR01", { checkHref: true }),
    }),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate (second rate)",
      method: "POST",
      description: "Records a second unbilled rate on the same billing account",
      body: rateBody("NAMEAR02", 20.2, 16.8),
      test: single(201, rate, rate2.slice(2)) + rememberCreated("IDAR02", "HREFAR02", { checkHref: true }),
    }),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate?billingAccount.id={{ACCOUNTBR01}}",
      method: "GET",
      query: [byAccount],
      description: "Filter by billing account: the two rates, unbilled",
      test: list(
        rate,
        "IDAR01",
        rate1,
        `ctk.checkValues(ctk.find(instances, 'IDAR02'), ${J(rate2)}, 'instance with id ' + pm.variables.get('IDAR02') + ' in the list');
ctk.checkFilter(instances, 'billingAccount.id', {var: 'ACCOUNTBR01'});
${exactly(["IDAR01", "IDAR02"])}`,
      ),
    }),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate/{{IDAR01}}",
      method: "GET",
      suffix: "/{{IDAR01}}",
      description: "This operation retrieves the first rate",
      test: single(200, rate, rate1),
    }),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate?fields=id",
      method: "GET",
      query: [["fields", "id"]],
      description: "Field selection: only id (and href) are returned",
      test: list(
        small,
        "IDAR01",
        rate1.slice(0, 2),
        `instances.forEach((instance) => ctk.checkOmitted(instance, ['name', 'isBilled', 'billingAccount', 'taxIncludedAmount', 'taxExcludedAmount', 'appliedBillingRateType']));\n`,
      ),
    }),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate?billingAccount.id={{ACCOUNTBR01}}&isBilled=false",
      method: "GET",
      query: [byAccount, ["isBilled", "false"]],
      description: "Filter by billing account and isBilled=false: the two rates",
      test: list(rate, "IDAR01", rate1, `ctk.checkFilter(instances, 'isBilled', false);\n${exactly(["IDAR01", "IDAR02"])}`),
    }),
  ];

  // ------------------------------------------------------------------------------------------
  // Bill on demand, the bill it produces, the rates billed
  // ------------------------------------------------------------------------------------------
  const onDemand = {
    mandatory: ["id", "href", "state", "billingAccount", "billingAccount.id", "@type"],
    has: ["@type", "href", "id", "name", "state", "lastUpdate", "billingAccount.id"],
    includes: ["href", "id", "name", "state", "billingAccount.id"],
  };
  const doneValues = [
    ["href", { hrefOf: "IDOD01" }],
    ["id", { var: "IDOD01" }],
    ["name", { var: "NAMEOD01" }],
    ["@type", "CustomerBillOnDemand"],
    ["state", "done"],
    ["billingAccount.id", { var: "ACCOUNTBR01" }],
  ];
  const rejectedValues = [
    ["href", { hrefOf: "IDOD02" }],
    ["id", { var: "IDOD02" }],
    ["name", { var: "NAMEOD02" }],
    ["@type", "CustomerBillOnDemand"],
    ["state", "rejected"],
    ["billingAccount.id", { var: "ACCOUNTBR01" }],
  ];
  const done = {
    ...onDemand,
    mandatory: [...onDemand.mandatory, "customerBill", "customerBill.id"],
    has: [...onDemand.has, "customerBill.id", "customerBill.href"],
  };
  // The bill produced, kept for the requests that follow.
  const rememberBill = `  if (instance.customerBill && instance.customerBill.id !== undefined) pm.collectionVariables.set('IDCB01', instance.customerBill.id);\n`;
  const bill = {
    mandatory: ["id", "href", "state", "amountDue", "amountDue.unit", "amountDue.value", "billingAccount", "billingAccount.id", "@type"],
    has: [
      "@type",
      "href",
      "id",
      "state",
      "billDate",
      "runType",
      "amountDue.unit",
      "amountDue.value",
      "taxIncludedAmount.value",
      "taxExcludedAmount.value",
      "remainingAmount.value",
      "billingAccount.id",
    ],
    includes: [
      "href",
      "id",
      "state",
      "runType",
      "amountDue.unit",
      "amountDue.value",
      "taxIncludedAmount.value",
      "taxExcludedAmount.value",
      "billingAccount.id",
    ],
  };
  const billValues = [
    ["href", { hrefOf: "IDCB01" }],
    ["id", { var: "IDCB01" }],
    ["@type", "CustomerBill"],
    ["runType", "offCycle"],
    ["billingAccount.id", { var: "ACCOUNTBR01" }],
    ["amountDue.unit", "usd"],
    ["amountDue.value", 30.3],
    ["taxIncludedAmount.unit", "usd"],
    ["taxIncludedAmount.value", 30.3],
    ["taxExcludedAmount.unit", "usd"],
    ["taxExcludedAmount.value", 25.2],
    ["remainingAmount.value", 30.3],
  ];
  const n2 = [
    item({
      kit: onDemandKit,
      name: "/CustomerBillOnDemand",
      method: "POST",
      description: "Bills the account's unbilled rates now: done, with the bill it produced",
      body: { name: "{{NAMEOD01}}", billingAccount: { id: "{{ACCOUNTBR01}}", "@referredType": "BillingAccount" }, "@type": "CustomerBillOnDemand" },
      test:
        single(201, done, doneValues.slice(2), rememberBill + reference("customerBill", "customerBill", "IDCB01")) +
        rememberCreated("IDOD01", "HREFOD01", { checkHref: true }),
    }),
    item({
      kit: onDemandKit,
      name: "/CustomerBillOnDemand",
      method: "GET",
      description: "This operation search for the created CustomerBillOnDemand",
      test: list(onDemand, "IDOD01", [...doneValues, ["customerBill.id", { var: "IDCB01" }]]),
    }),
    item({
      kit: onDemandKit,
      name: "/CustomerBillOnDemand/{{IDOD01}}",
      method: "GET",
      suffix: "/{{IDOD01}}",
      description: "This operation retrieves the created CustomerBillOnDemand",
      test: single(200, done, doneValues, reference("customerBill", "customerBill", "IDCB01")),
    }),
    item({
      kit: billKit,
      name: "/CustomerBill/{{IDCB01}}",
      method: "GET",
      suffix: "/{{IDCB01}}",
      description: "The bill produced: its amount due is the exact sum of the two rates (30.3 usd; 25.2 usd taxes excluded)",
      test: single(200, bill, billValues),
    }),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate?billingAccount.id={{ACCOUNTBR01}}&isBilled=true",
      method: "GET",
      query: [byAccount, ["isBilled", "true"]],
      description: "The two rates are now billed, on the bill produced",
      test: list(
        { ...rate, has: [...rate.has, "bill.id"] },
        "IDAR01",
        [...rate1.filter(([p]) => p !== "isBilled"), ...billed],
        `ctk.checkValues(ctk.find(instances, 'IDAR02'), ${J(billed)}, 'instance with id ' + pm.variables.get('IDAR02') + ' in the list');
ctk.checkFilter(instances, 'isBilled', true);
${exactly(["IDAR01", "IDAR02"])}`,
      ),
    }),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate?billingAccount.id={{ACCOUNTBR01}}&isBilled=false (none left)",
      method: "GET",
      query: [byAccount, ["isBilled", "false"]],
      description: "No unbilled rate is left on the account",
      test: empty("no unbilled rate left"),
    }),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate/{{IDAR02}}",
      method: "GET",
      suffix: "/{{IDAR02}}",
      description: "The second rate, billed",
      test: single(200, rate, [...rate2.filter(([p]) => p !== "isBilled"), ...billed]),
    }),
    item({
      kit: onDemandKit,
      name: "/CustomerBillOnDemand (nothing to bill)",
      method: "POST",
      description: "A second request on the account: no unbilled rate, rejected with a stateReason",
      body: { name: "{{NAMEOD02}}", billingAccount: { id: "{{ACCOUNTBR01}}", "@referredType": "BillingAccount" }, "@type": "CustomerBillOnDemand" },
      test:
        single(
          201,
          { ...onDemand, mandatory: [...onDemand.mandatory, "stateReason"], has: [...onDemand.has, "stateReason"] },
          rejectedValues.slice(2),
          "  ctk.checkOmitted(instance, ['customerBill']);\n",
        ) + rememberCreated("IDOD02", "HREFOD02", { checkHref: true }),
    }),
    item({
      kit: onDemandKit,
      name: "/CustomerBillOnDemand/{{IDOD02}}",
      method: "GET",
      suffix: "/{{IDOD02}}",
      description: "The rejected request, as recorded",
      test: single(200, { ...onDemand, has: [...onDemand.has, "stateReason"] }, rejectedValues, "  ctk.checkOmitted(instance, ['customerBill']);\n"),
    }),
  ];

  // ------------------------------------------------------------------------------------------
  // Bill cycle specifications (TMF666's, read through TMF678) and bill cycles (POST: extension)
  // ------------------------------------------------------------------------------------------
  const spec = {
    mandatory: ["id", "href", "name", "@type"],
    has: ["@type", "href", "id", "name", "frequency", "billingDateShift", "paymentDueDateOffset"],
    includes: ["href", "id", "name", "frequency", "billingDateShift", "paymentDueDateOffset"],
  };
  const specValues = [
    ["href", { hrefOf: "IDCS01" }],
    ["id", { var: "IDCS01" }],
    ["name", { var: "NAMECS01" }],
    ["@type", "BillCycleSpecification"],
    ["frequency", "monthly"],
    ["billingDateShift", 1],
    ["paymentDueDateOffset", 15],
  ];
  const setupSpec = `
// A billing cycle specification, created through TMF666 (TMF678 reads the same rows). No @type is
// sent: the one TMF678 returns is the gateway's own.
setup.send('create billing cycle specification (TMF666)', 'POST', '/tmf-api/accountManagement/v4/billingCycleSpecification',
  { name: pm.variables.get('NAMECS01'), frequency: 'monthly', billingDateShift: 1, paymentDueDateOffset: 15 }, 201, (specification) => {
    pm.collectionVariables.set('IDCS01', specification.id);
  });
`;
  const cycle = {
    mandatory: ["id", "href", "name", "@type"],
    has: ["@type", "href", "id", "name", "billingDate", "billingPeriod", "paymentDueDate", "billCycleSpecification.id"],
    includes: ["href", "id", "name", "billingDate", "billingPeriod", "paymentDueDate", "billCycleSpecification.id"],
  };
  const cycleValues = [
    ["href", { hrefOf: "IDCY01" }],
    ["id", { var: "IDCY01" }],
    ["name", { var: "NAMECY01" }],
    ["@type", "BillCycle"],
    ["billingDate", "2025-07-01T00:00:00.000Z"],
    ["billingPeriod", "month"],
    ["paymentDueDate", "2025-07-16T00:00:00.000Z"],
    ["billCycleSpecification.id", { var: "IDCS01" }],
  ];
  const bySpec = ["billCycleSpecification.id", "{{IDCS01}}"];
  const n3 = [
    item({
      kit: specKit,
      name: "/BillCycleSpecification",
      method: "GET",
      description: "The billing cycle specification created through TMF666, listed by TMF678",
      prerequest: setupSpec,
      test: list(spec, "IDCS01", specValues),
    }),
    item({
      kit: specKit,
      name: "/BillCycleSpecification/{{IDCS01}}",
      method: "GET",
      suffix: "/{{IDCS01}}",
      description: "The billing cycle specification, retrieved through TMF678",
      test: single(200, spec, specValues),
    }),
    item({
      kit: specKit,
      name: "/BillCycleSpecification?id={{IDCS01}}",
      method: "GET",
      query: [["id", "{{IDCS01}}"]],
      description: "Filter by id",
      test: list(spec, "IDCS01", specValues, `ctk.checkFilter(instances, 'id', {var: 'IDCS01'});\n`),
    }),
    item({
      kit: cycleKit,
      name: "/BillCycle",
      method: "POST",
      description: "Records a bill cycle following the specification (extension to TMF678)",
      body: {
        name: "{{NAMECY01}}",
        billingDate: "2025-07-01T00:00:00.000Z",
        billingPeriod: "month",
        paymentDueDate: "2025-07-16T00:00:00.000Z",
        billCycleSpecification: { id: "{{IDCS01}}", "@referredType": "BillCycleSpecification" },
        "@type": "BillCycle",
      },
      test:
        single(201, cycle, cycleValues.slice(2), reference("billCycleSpecification", "billCycleSpecification", "IDCS01")) +
        rememberCreated("IDCY01", "HREFCY01", { checkHref: true }),
    }),
    item({
      kit: cycleKit,
      name: "/BillCycle",
      method: "GET",
      description: "This operation search for the created BillCycle",
      test: list(cycle, "IDCY01", cycleValues),
    }),
    item({
      kit: cycleKit,
      name: "/BillCycle/{{IDCY01}}",
      method: "GET",
      suffix: "/{{IDCY01}}",
      description: "This operation retrieves the created BillCycle",
      test: single(200, cycle, cycleValues, reference("billCycleSpecification", "billCycleSpecification", "IDCS01")),
    }),
    item({
      kit: cycleKit,
      name: "/BillCycle?billCycleSpecification.id={{IDCS01}}",
      method: "GET",
      query: [bySpec],
      description: "Filter by bill cycle specification",
      test: list(cycle, "IDCY01", cycleValues, `ctk.checkFilter(instances, 'billCycleSpecification.id', {var: 'IDCS01'});\n${exactly(["IDCY01"])}`),
    }),
    item({
      kit: cycleKit,
      name: "/BillCycle?fields=name",
      method: "GET",
      query: [["fields", "name"]],
      description: "Field selection: only name (and id, href) are returned",
      test: list(
        { mandatory: ["id", "href", "name"], has: ["href", "id", "name"], includes: ["href", "id", "name"] },
        "IDCY01",
        cycleValues.slice(0, 3),
        `instances.forEach((instance) => ctk.checkOmitted(instance, ['billingDate', 'billingPeriod', 'paymentDueDate', 'billCycleSpecification']));\n`,
      ),
    }),
  ];

  // ------------------------------------------------------------------------------------------
  // Errors
  // ------------------------------------------------------------------------------------------
  const notFound = (kit, type) =>
    item({ kit, name: `/${type}/404ID`, method: "GET", suffix: "/{{ID404}}", description: `Retrieve a ${type} that does not exist`, test: error(404) });
  const { taxIncludedAmount, ...missingAmount } = rateBody("NAMEAR01", 1, 1);
  const e1 = [
    notFound(rateKit, "AppliedCustomerBillingRate"),
    notFound(onDemandKit, "CustomerBillOnDemand"),
    notFound(specKit, "BillCycleSpecification"),
    notFound(cycleKit, "BillCycle"),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate (missing taxIncludedAmount)",
      method: "POST",
      body: missingAmount,
      description: "A rate without the mandatory taxIncludedAmount is rejected with a TMF Error",
      test: error(400),
    }),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate (unknown billing account)",
      method: "POST",
      body: { ...rateBody("NAMEAR01", 1, 1), billingAccount: { id: "{{ID404}}", "@referredType": "BillingAccount" } },
      description: "A rate on a billing account that does not exist is refused: 422 with a TMF Error",
      test: error(422),
    }),
    item({
      kit: onDemandKit,
      name: "/CustomerBillOnDemand (unknown billing account)",
      method: "POST",
      body: { name: "{{NAMEOD01}}", billingAccount: { id: "{{ID404}}", "@referredType": "BillingAccount" }, "@type": "CustomerBillOnDemand" },
      description: "A bill on demand of a billing account that does not exist is refused: 422 with a TMF Error",
      test: error(422),
    }),
    item({
      kit: cycleKit,
      name: "/BillCycle (unknown billCycleSpecification)",
      method: "POST",
      body: { name: "{{NAMECY01}}", billCycleSpecification: { id: "{{ID404}}" }, "@type": "BillCycle" },
      description: "A bill cycle following a specification that does not exist is refused: 422 with a TMF Error",
      test: error(422),
    }),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate/{{IDAR01}}",
      method: "PATCH",
      suffix: "/{{IDAR01}}",
      body: { name: "renamed" },
      contentType: "application/merge-patch+json",
      description: "Rates are not updated through TMF678: 405",
      test: error(405),
    }),
    item({
      kit: rateKit,
      name: "/AppliedCustomerBillingRate/{{IDAR01}}",
      method: "DELETE",
      suffix: "/{{IDAR01}}",
      description: "Rates are not deleted through TMF678: 405",
      test: error(405),
    }),
    item({
      kit: cycleKit,
      name: "/BillCycle/{{IDCY01}}",
      method: "DELETE",
      suffix: "/{{IDCY01}}",
      description: "Bill cycles are not deleted through TMF678: 405",
      test: error(405),
    }),
    item({
      kit: specKit,
      name: "/BillCycleSpecification",
      method: "POST",
      body: { name: "not here", "@type": "BillCycleSpecification" },
      description: "TMF678 billCycleSpecification is read-only (written through TMF666): 405",
      test: error(405),
    }),
  ];

  return collection({
    kit: rateKit,
    name: "CTK-BillRuns-4.0.0",
    description:
      "TMF678 Customer Bill Management v4 bill runs (appliedCustomerBillingRate, customerBillOnDemand, billCycleSpecification, billCycle resources) " +
      "conformance kit, written in the style of the TM Forum CTK 4.0.0 kits. Pre-request scripts create the prerequisite customer and billing account " +
      "(first request) and the TMF666 billing cycle specification (first BillCycleSpecification request).",
    variables: [
      ["NAMEAR01", "CTK monthly fee", "Name of the first rate"],
      ["NAMEAR02", "CTK usage charge", "Name of the second rate"],
      ["NAMEOD01", "CTK bill on demand", "Name of the bill on demand request"],
      ["NAMEOD02", "CTK bill on demand (nothing to bill)", "Name of the second, rejected, request"],
      ["NAMECS01", "CTK monthly cycle", "Name of the billing cycle specification (created through TMF666)"],
      ["NAMECY01", "CTK July cycle", "Name of the created bill cycle"],
      ["ID404", "0b5c1f6e-7d7a-4f2e-9d43-678000000404", "An id that does not exist"],
      ["CUSTOMERBR01", "", "set by the setup script"],
      ["ACCOUNTBR01", "", "set by the setup script"],
      ["IDCS01", "", "set by the setup script"],
      ["IDAR01", "", "set by the POST test script"],
      ["HREFAR01", "", "set by the POST test script"],
      ["IDAR02", "", "set by the POST test script"],
      ["HREFAR02", "", "set by the POST test script"],
      ["IDOD01", "", "set by the POST test script"],
      ["HREFOD01", "", "set by the POST test script"],
      ["IDCB01", "", "set by the POST /customerBillOnDemand test script (the bill produced)"],
      ["IDOD02", "", "set by the POST test script"],
      ["HREFOD02", "", "set by the POST test script"],
      ["IDCY01", "", "set by the POST test script"],
      ["HREFCY01", "", "set by the POST test script"],
    ],
    folders: [
      ["N1", "Applied customer billing rates: create (extension), filter, retrieve, field selection", n1],
      ["N2", "Bill on demand: done with the bill of the rates, the rates billed, a second request rejected", n2],
      ["N3", "Bill cycle specifications (through TMF666) and bill cycles", n3],
      ["E1", "Errors", e1],
    ],
  });
}
