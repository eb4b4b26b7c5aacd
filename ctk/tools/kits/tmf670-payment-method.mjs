// TMF670 Payment Method v4.0.0: a kit in the style of the others (no certified run here), its
// contract the JSON schemas TM Forum's own CTK ships for it (specs/TMF670-v4.0.0-ctk-schemas, as
// TMFC029's CTK reaches it at /tmf-api/paymentMethod/v4/paymentMethod): status codes, schema validity
// of each response against PaymentMethod.schema.json and the schema of its @type (variable SCHEMAS),
// mandatory attributes, `fields`, filters, PATCH, hub, DELETE then 404; every @type the set has a
// schema for is created from the set's own example. A card is sent masked (the set's examples carry a
// full 16-digit number, which the gateway refuses: E1 checks that).
import { readdirSync, readFileSync } from "node:fs";
import { collection, item, J } from "../postman.mjs";
import { error, list, rememberCreated, single } from "../script-fragments.mjs";

const SET = new URL("../../../specs/TMF670-v4.0.0-ctk-schemas/", import.meta.url);
const API = "/tmf-api/paymentMethod/v4";
const postmanId = "4b0e6c2a-7d1f-4e5a-8c3b-670000000004";
const MASKED = "**** **** **** 4242";

const read = (file) => JSON.parse(readFileSync(new URL(file, SET), "utf8"));
/** A schema of the set as the sandbox's `jsonSchema` assertion reads it: no dialect, no non-standard format. */
const plain = (node) => JSON.parse(JSON.stringify(node, (key, value) => (key === "$schema" || (key === "format" && value === "float") ? undefined : value)));
const SUBTYPES = readdirSync(SET)
  .map((file) => /^PaymentMethod-(\w+)\.schema\.json$/.exec(file)?.[1])
  .filter(Boolean)
  .sort();
const SCHEMAS = Object.fromEntries([
  ["PaymentMethod", plain(read("PaymentMethod.schema.json"))],
  ...SUBTYPES.map((t) => [t, plain(read(`PaymentMethod-${t}.schema.json`))]),
]);
/** The set's example of `type`, a card's number masked. */
const example = (type) => {
  const body = read(`PaymentMethod-${type}.example.json`);
  return "cardNumber" in body ? { ...body, cardNumber: MASKED, ...(body.lastFourDigits ? { lastFourDigits: "4242" } : {}) } : body;
};

const valid = (type, extra = "") => `ctk.checkSchema(instance, 'PaymentMethod');\nctk.checkSchema(instance, ${J(type)});\n${extra}`;
const validEach = `instances.forEach((instance) => ctk.checkSchema(instance, 'PaymentMethod'));\n`;

export function paymentMethodKit() {
  const kit = { resourcePath: `${API}/paymentMethod`, postmanId };
  const hubKit = { resourcePath: `${API}/hub`, postmanId };
  const full = { mandatory: ["id", "href", "name", "@type"], has: ["id", "href", "name", "@type"], includes: ["href", "id", "name"] };
  const card = { ...example("BankCard"), name: "{{NAMEPM}}", token: "tok_ctk_4242", expirationDate: "2031-12-31T00:00:00.000Z" };
  const values = [
    ["href", { hrefOf: "IDPM" }],
    ["id", { var: "IDPM" }],
    ["name", { var: "NAMEPM" }],
    ["@type", "BankCard"],
  ];
  const cardValues = [...values, ["cardNumber", MASKED], ["lastFourDigits", "4242"], ["token", "tok_ctk_4242"], ["status", "Active"]];
  const n1 = [
    item({
      kit,
      name: "/paymentMethod",
      method: "POST",
      description: "Creates a BankCard: masked number, brand, expiry, token",
      body: card,
      test: single(201, full, cardValues.slice(2), valid("BankCard")) + rememberCreated("IDPM", "HREFPM", { checkHref: true }),
    }),
    item({ kit, name: "/paymentMethod", method: "GET", description: "Lists payment methods", test: list(full, "IDPM", values, validEach) }),
    item({
      kit,
      name: "/paymentMethod/{{IDPM}}",
      method: "GET",
      suffix: "/{{IDPM}}",
      description: "Retrieves the created BankCard",
      test: single(200, full, cardValues, valid("BankCard")),
    }),
    item({
      kit,
      name: "/paymentMethod?fields=name",
      method: "GET",
      query: [["fields", "name"]],
      description: "Attribute selection of first level attributes",
      test: list(
        { mandatory: ["id", "href", "name"], has: ["id", "href", "name"] },
        "IDPM",
        values.filter(([p]) => p !== "@type"),
        `instances.forEach((instance) => ctk.checkOmitted(instance, ['brand', 'cardNumber', '@type']));\n`,
      ),
    }),
    item({
      kit,
      name: "/paymentMethod?id={{IDPM}}",
      method: "GET",
      query: [["id", "{{IDPM}}"]],
      description: "Filters on id",
      test: list(full, "IDPM", values, `ctk.checkFilter(instances, 'id', {var: 'IDPM'});\n${validEach}`),
    }),
    item({
      kit,
      name: "/paymentMethod?name={{NAMEPM}}",
      method: "GET",
      query: [["name", "{{NAMEPM}}"]],
      description: "Filters on name",
      test: list(full, "IDPM", values, `ctk.checkFilter(instances, 'name', {var: 'NAMEPM'});\n${validEach}`),
    }),
  ];
  const subtypes = SUBTYPES.filter((type) => type !== "BankCard").map((type) =>
    item({
      kit,
      name: `/paymentMethod (${type})`,
      method: "POST",
      description: `Creates a ${type} from the CTK's own example (PaymentMethod-${type}.example.json)`,
      body: example(type),
      test: single(201, full, [["@type", type]], valid(type)),
    }),
  );
  const n2 = [
    item({
      kit,
      name: "/paymentMethod/{{IDPM}}",
      method: "PATCH",
      suffix: "/{{IDPM}}",
      contentType: "application/merge-patch+json",
      description: "Suspends the card (merge patch)",
      body: { status: "Suspended", statusReason: "Reported lost" },
      test: single(200, full, [...values, ["status", "Suspended"], ["statusReason", "Reported lost"]], valid("BankCard")),
    }),
    item({
      kit: hubKit,
      name: "/hub",
      method: "POST",
      description: "Registers a listener of the API's hub",
      body: { callback: "http://127.0.0.1:9/listener/paymentMethodStatusChangeEvent", query: "eventType=PaymentMethodStatusChangeEvent" },
      test:
        single(201, { mandatory: ["id", "callback"], has: ["id", "callback"] }, [["callback", "http://127.0.0.1:9/listener/paymentMethodStatusChangeEvent"]]) +
        rememberCreated("IDHUPM", "HREFHUPM"),
    }),
    item({
      kit: hubKit,
      name: "/hub/{{IDHUPM}}",
      method: "DELETE",
      suffix: "/{{IDHUPM}}",
      description: "Removes the registration",
      test: `\nctk.status(204);\n`,
    }),
    item({ kit, name: "/paymentMethod/{{IDPM}}", method: "DELETE", suffix: "/{{IDPM}}", description: "Deletes the card", test: `\nctk.status(204);\n` }),
    item({
      kit,
      name: "/paymentMethod/{{IDPM}} (deleted)",
      method: "GET",
      suffix: "/{{IDPM}}",
      description: "The deleted card is not found",
      test: error(404),
    }),
  ];
  const e1 = [
    item({
      kit,
      name: "/paymentMethod (full card number)",
      method: "POST",
      description: "A full card number (the CTK's own BankCard example) is never accepted: 400",
      body: read("PaymentMethod-BankCard.example.json"),
      test: error(400),
    }),
    item({
      kit,
      name: "/paymentMethod (security code)",
      method: "POST",
      description: "A security code is never accepted: 400",
      body: { ...card, cvv: "123" },
      test: error(400),
    }),
    item({ kit, name: "/paymentMethod (without @type)", method: "POST", description: "@type is mandatory: 400", body: { name: "No type" }, test: error(400) }),
    item({
      kit,
      name: "/paymentMethod (BankCard without brand)",
      method: "POST",
      description: "What PaymentMethod-BankCard.schema.json requires is mandatory: 400",
      body: { ...card, brand: undefined },
      test: error(400),
    }),
    item({ kit, name: "/paymentMethod/404ID", method: "GET", suffix: "/{{ID404}}", description: "A payment method that does not exist", test: error(404) }),
  ];
  return collection({
    kit,
    name: "CTK-PaymentMethod-4.0.0",
    description:
      "TMF670 Payment Method v4.0.0 kit: status codes, schema validity against TM Forum's CTK schemas (variable SCHEMAS), mandatory attributes, fields, filters, PATCH, hub, DELETE, card data refusals.",
    variables: [
      ["NAMEPM", "Visa ending 4242", "Name of the created card"],
      ["ID404", "c2df1950-c17c-4576-9c22-e59073a4a86a", "An id that does not exist"],
      ["SCHEMAS", JSON.stringify(SCHEMAS), "JSON schemas of specs/TMF670-v4.0.0-ctk-schemas"],
      ["IDPM", "", "set by the POST test script"],
      ["HREFPM", "", "set by the POST test script"],
      ["IDHUPM", "", "set by the hub POST test script"],
      ["HREFHUPM", "", "set by the hub POST test script"],
    ],
    folders: [
      ["N1", "Create, retrieve, list, one of each @type", [...n1, ...subtypes]],
      ["N2", "Patch, hub, delete", n2],
      ["E1", "Errors", e1],
    ],
  });
}
