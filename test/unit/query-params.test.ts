import type { GraphQLInputObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { filterFromQuery, pageFromQuery, sortFromQuery } from "../../src/rest/query-params.js";
import { expectBadInput } from "../fixtures/expect-error.js";
import { tinySchema } from "../fixtures/tiny-schema.js";

// TMF630 query strings → the GraphQL list arguments (filter, offset/limit, sort) of the REST layer.
// The filter language is read from the schema's `<Type>Filter` input type (here the tiny schema's).

const schema = tinySchema();
const filterOf = (type: string) => schema.getType(`${type}Filter`) as GraphQLInputObjectType;
const PAYMENT = filterOf("Payment");
const CUSTOMER = filterOf("Customer");
const ACCOUNT = filterOf("BillingAccount");

describe("filterFromQuery: attribute filters", () => {
  it("is null when the query has no attribute parameter (fields, offset, limit and sort are not filters)", () => {
    expect(filterFromQuery({}, PAYMENT)).toBeNull();
    expect(filterFromQuery({ fields: "name", offset: "10", limit: "5", sort: "-name" }, PAYMENT)).toBeNull();
  });

  it("name=Moon Hooch is equality", () => {
    expect(filterFromQuery({ name: "Moon Hooch" }, PAYMENT)).toEqual({ name: { eq: "Moon Hooch" } });
  });

  it("status=a,b is 'any of' (in)", () => {
    expect(filterFromQuery({ status: "done,pending" }, PAYMENT)).toEqual({ status: { in: ["done", "pending"] } });
  });

  it("name.regex= and name*= are a regular-expression match", () => {
    expect(filterFromQuery({ "name.regex": "^Moon" }, PAYMENT)).toEqual({ name: { regex: "^Moon" } });
    expect(filterFromQuery({ "name*": "^Moon" }, PAYMENT)).toEqual({ name: { regex: "^Moon" } });
    expect(filterFromQuery({ "account.name*": "Main$" }, PAYMENT)).toEqual({ account: { name: { regex: "Main$" } } });
  });

  it("explicit operators: name.ne=, name.in=, name.eq=", () => {
    expect(filterFromQuery({ "name.ne": "x" }, PAYMENT)).toEqual({ name: { ne: "x" } });
    expect(filterFromQuery({ "name.in": "a,b,c" }, PAYMENT)).toEqual({ name: { in: ["a", "b", "c"] } });
    expect(filterFromQuery({ "name.eq": "a,b" }, PAYMENT)).toEqual({ name: { eq: "a,b" } });
  });

  it("id=… and a reference's id: account.id=…", () => {
    expect(filterFromQuery({ id: "p-1" }, PAYMENT)).toEqual({ id: { eq: "p-1" } });
    expect(filterFromQuery({ "account.id": "acc-1" }, PAYMENT)).toEqual({ account: { id: { eq: "acc-1" } } });
    expect(filterFromQuery({ "account.name": "Main,Other" }, PAYMENT)).toEqual({ account: { name: { in: ["Main", "Other"] } } });
  });

  it("Money comparisons: totalAmount.value.gt=10 (.gte, .lt, .lte), the unit alongside; values stay text for the Decimal scalar", () => {
    expect(filterFromQuery({ "totalAmount.value.gt": "10" }, PAYMENT)).toEqual({ totalAmount: { value: { gt: "10" } } });
    expect(filterFromQuery({ "totalAmount.value.gte": "1.50", "totalAmount.value.lte": "99.99", "totalAmount.unit": "EUR" }, PAYMENT)).toEqual({
      totalAmount: { value: { gte: "1.50", lte: "99.99" }, unit: { eq: "EUR" } },
    });
    expect(filterFromQuery({ "totalAmount.value": "5,10" }, PAYMENT)).toEqual({ totalAmount: { value: { in: ["5", "10"] } } });
  });

  it("a date range: paymentDate.gte=…&paymentDate.lt=… both hold", () => {
    expect(filterFromQuery({ "paymentDate.gte": "2024-01-01T00:00:00Z", "paymentDate.lt": "2024-02-01T00:00:00Z" }, PAYMENT)).toEqual({
      paymentDate: { gte: "2024-01-01T00:00:00Z", lt: "2024-02-01T00:00:00Z" },
    });
  });

  it("TMF names: @type=… filters on atType", () => {
    expect(filterFromQuery({ "@type": "Individual" }, CUSTOMER)).toEqual({ atType: { eq: "Individual" } });
  });

  it("conditions on several attributes all apply", () => {
    expect(filterFromQuery({ status: "done", "account.id": "acc-1", "totalAmount.value.gt": "10" }, PAYMENT)).toEqual({
      status: { eq: "done" },
      account: { id: { eq: "acc-1" } },
      totalAmount: { value: { gt: "10" } },
    });
  });

  it("Boolean attributes take true or false, Int attributes integers (one or a comma list)", () => {
    expect(filterFromQuery({ paperless: "true" }, ACCOUNT)).toEqual({ paperless: { eq: true } });
    expect(filterFromQuery({ paperless: "false" }, ACCOUNT)).toEqual({ paperless: { eq: false } });
    expect(filterFromQuery({ billCycleDay: "15" }, ACCOUNT)).toEqual({ billCycleDay: { eq: 15 } });
    expect(filterFromQuery({ billCycleDay: "1,15" }, ACCOUNT)).toEqual({ billCycleDay: { in: [1, 15] } });
    expect(filterFromQuery({ "billCycleDay.lt": "-3" }, ACCOUNT)).toEqual({ billCycleDay: { lt: -3 } });
  });
});

describe("filterFromQuery: refusals (400 BAD_USER_INPUT, never silently ignored)", () => {
  it("an attribute the resource does not have", async () => {
    await expectBadInput(() => filterFromQuery({ colour: "red" }, PAYMENT), "Unknown attribute 'colour' in filter");
  });

  it("an unknown attribute of a structure, or one below a scalar", async () => {
    await expectBadInput(() => filterFromQuery({ "account.colour": "red" }, PAYMENT), "Unknown attribute 'account.colour' in filter");
    await expectBadInput(() => filterFromQuery({ "name.first": "x" }, PAYMENT), "Unknown attribute 'name.first' in filter");
  });

  it("an operator the attribute does not have: an unknown one, or one of another kind (no gt on text)", async () => {
    await expectBadInput(() => filterFromQuery({ "totalAmount.value.like": "1" }, PAYMENT), "Unknown attribute 'totalAmount.value.like' in filter");
    await expectBadInput(() => filterFromQuery({ "name.gt": "a" }, PAYMENT), "Unknown attribute 'name.gt' in filter");
    await expectBadInput(() => filterFromQuery({ "totalAmount.value.gt.x": "1" }, PAYMENT), "Unknown attribute 'totalAmount.value.gt.x' in filter");
  });

  it("an operator without an attribute", async () => {
    await expectBadInput(() => filterFromQuery({ eq: "5" }, PAYMENT), "Unknown attribute 'eq' in filter");
  });

  it("a structure compared as a whole: account=…, totalAmount=… need a nested attribute", async () => {
    await expectBadInput(() => filterFromQuery({ account: "acc-1" }, PAYMENT), "Attribute 'account' needs a nested attribute to filter on (e.g. account.id)");
    await expectBadInput(
      () => filterFromQuery({ totalAmount: "10" }, PAYMENT),
      "Attribute 'totalAmount' needs a nested attribute to filter on (e.g. totalAmount.value)",
    );
  });

  it("an attribute given twice is any of its values (TMF630); a comparison given twice is a 400 saying what may repeat", async () => {
    expect(filterFromQuery({ status: ["done", "pending,failed"] }, PAYMENT)).toEqual({ status: { in: ["done", "pending", "failed"] } });
    expect(filterFromQuery({ "status.eq": ["done", "failed"] }, PAYMENT)).toEqual({ status: { in: ["done", "failed"] } });
    await expectBadInput(
      () => filterFromQuery({ "name.ne": ["a", "b"] }, PAYMENT),
      "'name.ne' is given more than once; only an attribute compared for equality may repeat (any of its values)",
    );
  });

  it("a Boolean that is not true/false, an Int that is not an integer", async () => {
    await expectBadInput(() => filterFromQuery({ paperless: "yes" }, ACCOUNT), "'paperless' must be true or false");
    await expectBadInput(() => filterFromQuery({ billCycleDay: "1.5" }, ACCOUNT), "'billCycleDay' must be an integer");
    await expectBadInput(() => filterFromQuery({ "billCycleDay.gt": "soon" }, ACCOUNT), "'billCycleDay.gt' must be an integer");
    await expectBadInput(() => filterFromQuery({ billCycleDay: "1,x" }, ACCOUNT), "'billCycleDay' must be an integer");
  });
});

describe("pageFromQuery: offset and limit", () => {
  it("defaults to the first 100", () => {
    expect(pageFromQuery({})).toEqual({ offset: 0, limit: 100, cursor: null, before: null });
  });

  it("takes non-negative integers, 0 included (limit=0: just the total count)", () => {
    expect(pageFromQuery({ offset: "20", limit: "5" })).toEqual({ offset: 20, limit: 5, cursor: null, before: null });
    expect(pageFromQuery({ offset: "0", limit: "0" })).toEqual({ offset: 0, limit: 0, cursor: null, before: null });
    expect(pageFromQuery({ limit: "1000" })).toEqual({ offset: 0, limit: 1000, cursor: null, before: null });
  });

  it.each([
    ["offset", "-1"],
    ["offset", "1.5"],
    ["limit", "abc"],
    ["limit", ""],
    ["limit", "1e3"],
    ["limit", " 5"],
    ["offset", "99999999999999999999"],
  ])("refuses %s=%j with a 400", async (name, value) => {
    await expectBadInput(() => pageFromQuery({ [name]: value }), `${name} must be a non-negative integer, got '${value}'`);
  });

  // README (Limits table): "REST `limit` / GraphQL list `limit` | 100 default, 1000 maximum | 400 above".
  it("refuses limit=1001 with a 400, as /graphql does", async () => {
    await expectBadInput(() => pageFromQuery({ limit: "1001" }), "limit must be at most 1000, got 1001");
  });
});

describe("sortFromQuery: sort=-paymentDate,name", () => {
  const SORTABLE = new Set(["id", "name", "paymentDate", "status", "totalAmount", "atType"]);

  it("is null without a sort parameter", () => {
    expect(sortFromQuery({}, SORTABLE)).toBeNull();
  });

  it("'-' is descending, no sign or '+' ascending, in the order given", () => {
    expect(sortFromQuery({ sort: "-paymentDate,name" }, SORTABLE)).toEqual([
      { field: "paymentDate", order: "DESC" },
      { field: "name", order: "ASC" },
    ]);
    expect(sortFromQuery({ sort: "+status" }, SORTABLE)).toEqual([{ field: "status", order: "ASC" }]);
  });

  it("sorts by TMF names (@type) and skips empty items", () => {
    expect(sortFromQuery({ sort: "-@type,,name," }, SORTABLE)).toEqual([
      { field: "atType", order: "DESC" },
      { field: "name", order: "ASC" },
    ]);
  });

  it("joins a repeated sort parameter", () => {
    expect(sortFromQuery({ sort: ["-totalAmount", "id"] }, SORTABLE)).toEqual([
      { field: "totalAmount", order: "DESC" },
      { field: "id", order: "ASC" },
    ]);
  });

  it("refuses an attribute that cannot be sorted on, naming it without its sign", async () => {
    await expectBadInput(() => sortFromQuery({ sort: "-colour" }, SORTABLE), "Cannot sort by 'colour'");
    await expectBadInput(() => sortFromQuery({ sort: "name,account" }, SORTABLE), "Cannot sort by 'account'");
  });
});

describe("pageFromQuery: cursor", () => {
  it("passes the cursor of a Link next URL through, once", async () => {
    expect(pageFromQuery({ cursor: "abc.def", limit: "5" })).toEqual({ offset: 0, limit: 5, cursor: "abc.def", before: null });
    await expectBadInput(() => pageFromQuery({ cursor: ["a.b", "c.d"] }), "'cursor' is given more than once");
  });

  it("passes the position of a Link prev URL (before) through, once, and never with a cursor", async () => {
    expect(pageFromQuery({ before: "abc.def", limit: "5" })).toEqual({ offset: 0, limit: 5, cursor: null, before: "abc.def" });
    await expectBadInput(() => pageFromQuery({ before: ["a.b", "c.d"] }), "'before' is given more than once");
    await expectBadInput(() => pageFromQuery({ cursor: "a.b", before: "c.d" }), "Give 'cursor' or 'before', not both");
  });
});
