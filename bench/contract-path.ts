// What one REST call spends on its TMF contract, in-process and without a database (issue 30, "a
// request goes down the floors once"): the body of a create read as the model's and walked against
// the GraphQL input type, the store's check of the input, and the representation of the answer —
// for TMF629 v5 (a version projected from the model) and v4 (the model). CPU ms per call, one run.
// node --import tsx bench/contract-path.ts [iterations]
import { isInputObjectType, type GraphQLInputObjectType } from "graphql";
import { getSchema } from "../src/schema/schema.js";
import { RESOURCES } from "../src/modules/registry.js";
import { restVersionsOf } from "../src/resource/description.js";
import { contractPlan } from "../src/resource/contract-plan.js";
import { restPlan } from "../src/rest/rest-plan.js";

const V5_BODY = {
  "@type": "Customer",
  name: "Moon Football Club",
  description: "Five-a-side",
  role: "Sponsor",
  status: "Approved",
  engagedParty: { "@type": "PartyRef", id: "500", name: "Happy Travellers", "@referredType": "Organization" },
  contactMedium: [
    { "@type": "EmailContactMedium", preferred: true, contactType: "work", emailAddress: "club@moon.example" },
    { "@type": "PhoneContactMedium", contactType: "home", phoneNumber: "+33 1 23 45 67 89" },
    {
      "@type": "GeographicAddressContactMedium",
      city: "Lyon",
      country: "France",
      street1: "1 rue de la Lune",
      geographicAddress: { "@type": "GeographicAddressRef", id: "ga-9" },
    },
  ],
  relatedParty: [
    {
      "@type": "RelatedPartyOrPartyRole",
      role: "accountManager",
      partyOrPartyRole: { "@type": "PartyRef", id: "ind-7", name: "Pat", "@referredType": "Individual" },
    },
  ],
  characteristic: [{ "@type": "StringCharacteristic", name: "segment", valueType: "string", value: "gold" }],
};
const V4_BODY = {
  name: "Old Guard",
  engagedParty: { id: "ind-1", name: "Alex", "@referredType": "Individual" },
  contactMedium: [
    { mediumType: "email", preferred: true, characteristic: { emailAddress: "alex@old.example", contactType: "personal" } },
    { mediumType: "telephone", characteristic: { phoneNumber: "+44 20 7946 0000" } },
  ],
  relatedParty: [{ id: "ind-2", name: "Sam", role: "spouse", "@referredType": "Individual" }],
};

const iterations = Number(process.argv[2] ?? 5000);
const schema = await getSchema();
const customer = RESOURCES.find((r) => r.name === "Customer")!;
const [v4, v5] = restVersionsOf(customer);
const inputType = (schema.getMutationType()!.getFields().createCustomer!.args[0]!.type as { ofType: unknown }).ofType as GraphQLInputObjectType;
if (!isInputObjectType(inputType)) throw new Error("no CustomerInput");

// As the translator and the store hold them: prepared once.
const plans = new Map(
  [v4, v5].map((rest) => {
    const plan = restPlan(rest!);
    return [rest, { rest: plan, walker: plan.walkerOf(inputType, "Create")!, store: contractPlan(rest!.version!.modelContract, "Customer") }];
  }),
);

function call(rest: typeof v4, body: object): void {
  const plan = plans.get(rest)!;
  const input = plan.rest.input(structuredClone(body), plan.walker, "Create") as Record<string, unknown>;
  plan.store.check("Create", input);
  const answer = { id: "c-1", href: "http://gw/tmf-api/customerManagement/v4/customer/c-1", atType: "Customer", ...input };
  plan.rest.represent(answer);
}

function measure(label: string, rest: typeof v4, body: object): void {
  for (let i = 0; i < 500; i++) call(rest, body);
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) call(rest, body);
  const used = process.cpuUsage(start);
  console.log(`${label}: ${((used.user + used.system) / 1000 / iterations).toFixed(4)} CPU ms/call (${iterations} calls)`);
}

measure("TMF629 v4 POST (body, check, representation)", v4, V4_BODY);
measure("TMF629 v5 POST (body, check, representation)", v5, V5_BODY);
