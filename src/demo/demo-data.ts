// The demo data set (DEMO_DATA): three customers, their billing accounts in three currencies, bills,
// unbilled rates, payments, a refund and an authorization — enough for every operation of
// graphql/examples/ and the README tour. Pure data: seed.ts creates each step, in order, through the
// GraphQL mutation `create<kind>`; `ref(step)` stands for the id a step before it was given.

/** Stands for the id of the step named `step`, once it is created. */
export interface DemoRef {
  readonly demoRef: string;
}
export const ref = (step: string): DemoRef => ({ demoRef: step });

export interface DemoStep {
  /** What later steps and the explorer's variables call it. */
  step: string;
  /** The resource type: the step runs the mutation `create<kind>(input: …)`. */
  kind: string;
  input: Record<string, unknown>;
  /** For the creates that take one (payments, refunds, payment tasks). */
  idempotencyKey?: string;
}

const customer = (name: string, engagedPartyId: string, referredType: string) => ({
  name,
  status: "Approved",
  engagedParty: { id: engagedPartyId, name, atReferredType: referredType },
});
const money = (unit: string, value: string) => ({ unit, value });
const card = { id: "pm-visa-4242", name: "Visa ending 4242", atType: "PaymentMethodRef" };

/** Names the explorer's variables look the demo resources up by (explorer-variables.ts). */
export const DEMO_NAMES = {
  /** The TMF629 v5 customer (CustomerV5, ChangeHomePhone: `$id`). */
  v5Customer: "Grace Hopper",
  /** The euro account with unbilled rates and an open authorization (BillNow, Authorize, WatchPayments: `$account`). */
  rateAccount: "Grace home",
  /** The dollar account with a bill to pay (RecordPayment: `$accountId`), and that bill's number (`$billId`). */
  billAccount: "Alan mobile",
  billNo: "DEMO-2026-0001",
} as const;

export const DEMO_STEPS: readonly DemoStep[] = [
  {
    step: "grace",
    kind: "Customer",
    input: {
      ...customer(DEMO_NAMES.v5Customer, "ind-grace-hopper", "Individual"),
      description: "Prefers e-mail; the home phone for anything urgent",
      role: "Subscriber",
      partyRoleSpecification: { id: "prs-subscriber", name: "Subscriber", atReferredType: "PartyRoleSpecification" },
      contactMedium: [
        { mediumType: "email", preferred: true, characteristic: { contactType: "personal", emailAddress: "grace@example.org" } },
        { mediumType: "phone", characteristic: { contactType: "home", phoneNumber: "+1 202 555 0143" } },
        {
          mediumType: "postalAddress",
          characteristic: { contactType: "home", street1: "1 Navy Yard", city: "Arlington", postCode: "22202", country: "US" },
          geographicAddress: { id: "ga-arlington-1", atReferredType: "GeographicAddress" },
        },
      ],
      relatedParty: [{ id: "ind-account-manager-7", name: "Pat Rivera", role: "accountManager", atReferredType: "Individual" }],
      characteristic: [{ name: "segment", valueType: "string", value: "gold" }],
    },
  },
  { step: "alan", kind: "Customer", input: customer("Alan Turing", "ind-alan-turing", "Individual") },
  { step: "engines", kind: "Customer", input: customer("Analytical Engines Ltd", "org-analytical-engines", "Organization") },
  {
    step: "graceHome",
    kind: "BillingAccount",
    input: {
      name: DEMO_NAMES.rateAccount,
      accountType: "consumer",
      state: "active",
      creditLimit: money("EUR", "500"),
      relatedParty: [{ id: ref("grace"), name: "Grace Hopper", role: "customer", atReferredType: "Customer" }],
    },
  },
  {
    step: "alanMobile",
    kind: "BillingAccount",
    input: {
      name: DEMO_NAMES.billAccount,
      accountType: "consumer",
      state: "active",
      creditLimit: money("USD", "300"),
      relatedParty: [{ id: ref("alan"), name: "Alan Turing", role: "customer", atReferredType: "Customer" }],
    },
  },
  {
    // Grace again, as the payer of another customer's account: one party, two roles on two accounts.
    step: "enginesOffice",
    kind: "BillingAccount",
    input: {
      name: "Analytical Engines office",
      accountType: "business",
      state: "active",
      creditLimit: money("GBP", "5000"),
      relatedParty: [
        { id: ref("engines"), name: "Analytical Engines Ltd", role: "customer", atReferredType: "Customer" },
        { id: ref("grace"), name: "Grace Hopper", role: "payer", atReferredType: "Customer" },
      ],
    },
  },
  {
    step: "alanBill",
    kind: "CustomerBill",
    input: {
      billNo: DEMO_NAMES.billNo,
      category: "normal",
      runType: "onCycle",
      billDate: "2026-11-30T00:00:00Z",
      paymentDueDate: "2026-12-31T00:00:00Z",
      billingPeriod: { startDateTime: "2026-11-01T00:00:00Z", endDateTime: "2026-11-30T23:59:59Z" },
      amountDue: money("USD", "250.00"),
      taxExcludedAmount: money("USD", "208.33"),
      taxIncludedAmount: money("USD", "250.00"),
      billingAccount: { id: ref("alanMobile"), name: DEMO_NAMES.billAccount },
    },
  },
  {
    step: "enginesBill",
    kind: "CustomerBill",
    input: {
      billNo: "DEMO-2026-0002",
      category: "normal",
      runType: "onCycle",
      billDate: "2026-11-30T00:00:00Z",
      paymentDueDate: "2026-12-31T00:00:00Z",
      amountDue: money("GBP", "1200.00"),
      taxIncludedAmount: money("GBP", "1200.00"),
      billingAccount: { id: ref("enginesOffice"), name: "Analytical Engines office" },
    },
  },
  ...[
    ["Mobile plan, December", "24.99", "29.99", "recurringCharge"],
    ["Roaming, Lisbon", "6.25", "7.50", "usageCharge"],
    ["Loyalty discount", "-4.17", "-5.00", "discount"],
  ].map(([name, excluded, included, type], i) => ({
    step: `graceRate${i + 1}`,
    kind: "AppliedCustomerBillingRate",
    input: {
      name,
      appliedBillingRateType: type,
      date: "2026-12-01T00:00:00Z",
      taxExcludedAmount: money("EUR", excluded!),
      taxIncludedAmount: money("EUR", included!),
      billingAccount: { id: ref("graceHome"), name: DEMO_NAMES.rateAccount },
    },
  })),
  {
    step: "alanPayment",
    kind: "Payment",
    idempotencyKey: "demo-payment-1",
    input: {
      account: { id: ref("alanMobile"), atReferredType: "BillingAccount" },
      paymentMethod: card,
      totalAmount: money("USD", "50.00"),
      paymentItem: [{ item: { id: ref("alanBill"), atReferredType: "CustomerBill" }, totalAmount: money("USD", "50.00") }],
    },
  },
  {
    step: "enginesPayment",
    kind: "Payment",
    idempotencyKey: "demo-payment-2",
    input: {
      account: { id: ref("enginesOffice"), atReferredType: "BillingAccount" },
      paymentMethod: { id: "pm-transfer-1", name: "Bank transfer", atType: "PaymentMethodRef" },
      totalAmount: money("GBP", "1250.00"),
      paymentItem: [{ item: { id: ref("enginesBill"), atReferredType: "CustomerBill" }, totalAmount: money("GBP", "1200.00") }],
    },
  },
  {
    step: "enginesRefund",
    kind: "Refund",
    idempotencyKey: "demo-refund-1",
    input: {
      name: "Overpayment returned",
      account: { id: ref("enginesOffice"), atReferredType: "BillingAccount" },
      payment: { id: ref("enginesPayment") },
      paymentMethod: { id: "pm-transfer-1", name: "Bank transfer", atType: "PaymentMethodRef" },
      totalAmount: money("GBP", "50.00"),
    },
  },
  {
    step: "graceTopUp",
    kind: "Payment",
    idempotencyKey: "demo-payment-3",
    input: { account: { id: ref("graceHome"), atReferredType: "BillingAccount" }, paymentMethod: card, totalAmount: money("EUR", "10.00") },
  },
  {
    // Left open: the example Pay (`$authorization`) makes its payment.
    step: "graceCheckout",
    kind: "AuthorizePayment",
    idempotencyKey: "demo-authorization-1",
    input: {
      authorizedPayment: {
        account: { id: ref("graceHome") },
        totalAmount: money("EUR", "45.00"),
        paymentMethod: { id: "pm-1", name: "Card", atType: "BankCard" },
      },
    },
  },
];

/**
 * The explorer's variables when the demo data is there: the examples' `$…` (graphql/examples/), a
 * ref for an id the explorer looks up (explorer-variables.ts), a value otherwise. `$key` is an
 * idempotency key of the caller's own: a first Authorize creates an authorization, a repeat returns it.
 */
export const DEMO_EXPLORER_VARIABLES: Readonly<Record<string, unknown>> = {
  accountId: ref("alanMobile"),
  billId: ref("alanBill"),
  account: ref("graceHome"),
  amount: "25.00",
  key: "explorer-checkout-1",
  authorization: ref("graceCheckout"),
  id: ref("grace"),
  phone: "+1 202 555 0199",
};
