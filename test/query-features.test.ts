import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";

// TMF630 query features beyond equality and comparisons: `.ne`, regular-expression match
// (`.regex`, `*=`), a repeated attribute meaning "any of", and RFC 8288 `Link` headers that page
// through a list with every other parameter kept.

const CUSTOMERS = "/tmf-api/customerManagement/v4/customer";
const PEOPLE = [
  { name: "QF Moon Hooch", status: "Approved", party: "Org Moon" },
  { name: "QF Moonlight", status: "Validated", party: "Org Light" },
  { name: "QF Sun Ra", status: "Approved", party: "Person Ra" },
  { name: "QF Moon Dog", status: "Pending", party: "Person Dog" },
];

let server: TestServer;

const names = (body: unknown) => (body as { name: string }[]).map((c) => c.name);
const get = (query: string) => server.request("GET", `${CUSTOMERS}?${query}`);

beforeAll(async () => {
  server = await startTestServer();
  for (const [i, p] of PEOPLE.entries()) {
    const res = await server.request("POST", CUSTOMERS, {
      name: p.name,
      status: p.status,
      engagedParty: { id: `qf-${i}`, name: p.party, "@referredType": "Organization" },
    });
    expect(res.status).toBe(201);
  }
});
afterAll(() => server?.close());

describe("TMF630 filters and paging links", () => {
  it("matches regular expressions on attributes and on references, as .regex and as *=", async () => {
    expect(names((await get("name*=^QF%20Moon&sort=name")).body)).toEqual(["QF Moon Dog", "QF Moon Hooch", "QF Moonlight"]);
    expect(names((await get("name.regex=Hooch%24")).body)).toEqual(["QF Moon Hooch"]);
    expect(names((await get("engagedParty.name*=^Person&sort=name")).body)).toEqual(["QF Moon Dog", "QF Sun Ra"]);
    const graphql = await server.graphql<{ customers: { name: string }[] }>(`{ customers(filter: { name: { regex: "light$" } }) { name } }`);
    expect(graphql.data!.customers.map((c) => c.name)).toEqual(["QF Moonlight"]);
  });

  it("excludes with .ne, and reads a repeated attribute as any of its values", async () => {
    expect(names((await get("name*=^QF&name.ne=QF%20Sun%20Ra&sort=name")).body)).toEqual(["QF Moon Dog", "QF Moon Hooch", "QF Moonlight"]);
    expect(names((await get("name*=^QF&status=Validated&status=Pending&sort=name")).body)).toEqual(["QF Moon Dog", "QF Moonlight"]);
    const twice = await get("name.ne=a&name.ne=b");
    expect(twice.status).toBe(400);
    expect(twice.body.message).toContain("only an attribute compared for equality may repeat");
  });

  it("refuses a bad, a back-referencing or an over-long regular expression with a 400", async () => {
    const bad = await get("name*=(unclosed");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "BAD_USER_INPUT", "@type": "Error" });
    expect(bad.body.message).toMatch(/regular expression/);
    const backReference = await get(`name*=${encodeURIComponent("(a)\\1")}`);
    expect(backReference.status).toBe(400);
    expect(backReference.body.message).toContain("back-references");
    const long = await get(`name*=${"a".repeat(101)}`);
    expect(long.status).toBe(400);
    expect(long.body.message).toContain("at most 100 characters");
  });

  it("links the first, previous, next and last pages, keeping the filter and the sort", async () => {
    const res = await get("name*=^QF&sort=name&limit=1&offset=1");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-total-count")).toBe("4");
    expect(names(res.body)).toEqual(["QF Moon Hooch"]);
    const links = Object.fromEntries(
      res.headers
        .get("link")!
        .split(", ")
        .map((part) => {
          const [, url, rel] = /^<([^>]+)>; rel="(\w+)"$/.exec(part)!;
          return [rel!, new URL(url!)];
        }),
    );
    expect(Object.keys(links).sort()).toEqual(["first", "last", "next", "prev"]);
    for (const [rel, offset] of [
      ["first", "0"],
      ["prev", "0"],
      ["last", "3"],
    ] as const) {
      expect(links[rel]!.pathname).toBe(CUSTOMERS);
      expect(Object.fromEntries(links[rel]!.searchParams)).toEqual({ "name*": "^QF", sort: "name", offset, limit: "1" });
    }
    // The next page by cursor: its cost does not grow with its depth.
    expect(links.next!.pathname).toBe(CUSTOMERS);
    expect(Object.fromEntries(links.next!.searchParams)).toEqual({
      "name*": "^QF",
      sort: "name",
      cursor: expect.stringMatching(/^[\w-]+\.[\w-]+$/),
      limit: "1",
    });
    const next = await server.request("GET", links.next!.pathname + links.next!.search);
    expect(names(next.body)).toEqual(["QF Moonlight"]);

    const lastPage = await get("name*=^QF&sort=name&limit=2&offset=2");
    expect(lastPage.headers.get("link")).not.toContain('rel="next"');
    expect(lastPage.headers.get("link")).toContain('rel="prev"');
  });
});

describe("TMF630 sub-types (@type) are kept and filterable", () => {
  it("filters payments by their payment method's @type, on REST and in GraphQL, and contact media of a customer", async () => {
    const customer = await server.request("POST", CUSTOMERS, {
      name: "QF Typed",
      engagedParty: { id: "qf-t", "@referredType": "Organization" },
      contactMedium: [{ mediumType: "email", "@type": "EmailContactMedium", characteristic: { emailAddress: "t@example.org" } }],
    });
    const account = await server.request("POST", "/tmf-api/accountManagement/v4/billingAccount", {
      name: "QF Typed",
      relatedParty: [{ id: customer.body.id, name: "QF Typed", role: "customer", "@referredType": "Customer" }],
    });
    const PAYMENTS = "/tmf-api/paymentManagement/v4/payment";
    const pay = (type: string, value: number) =>
      server.request("POST", PAYMENTS, {
        account: { id: account.body.id },
        totalAmount: { unit: "EUR", value },
        paymentMethod: { id: `pm-${type}`, name: `${type} method`, "@type": type },
      });
    const card = await pay("BankCard", 10);
    await pay("Cash", 20);
    const cashAndDebit = await pay("BankAccountDebit", 30);
    expect(card.body.paymentMethod["@type"]).toBe("BankCard");

    const onAccount = `${PAYMENTS}?account.id=${account.body.id}`;
    const ids = (body: unknown) => (body as { id: string }[]).map((p) => p.id);
    expect(ids((await server.request("GET", `${onAccount}&paymentMethod.@type=BankCard`)).body)).toEqual([card.body.id]);
    expect(ids((await server.request("GET", `${onAccount}&paymentMethod.@type=BankCard,BankAccountDebit`)).body)).toEqual([card.body.id, cashAndDebit.body.id]);
    expect((await server.request("GET", `${onAccount}&paymentMethod.@type.ne=Cash`)).body).toHaveLength(2);
    const graphql = await server.graphql<{ payments: { id: string }[] }>(
      `query($a: String!) { payments(filter: { account: { id: { eq: $a } }, paymentMethod: { atType: { eq: "BankAccountDebit" } } }) { id } }`,
      { a: account.body.id },
    );
    expect(graphql.data!.payments).toEqual([{ id: cashAndDebit.body.id }]);

    expect(names((await get("contactMedium.@type=EmailContactMedium")).body)).toEqual(["QF Typed"]);
    expect((await get("validFor.@type=X")).status).toBe(400); // a TimePeriod has no sub-type
    // A payment's items live in a table of their own: not a filter of the payments list.
    expect((await server.request("GET", `${onAccount}&paymentItem.@type=X`)).status).toBe(400);
  });
});
