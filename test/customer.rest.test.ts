import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.js";
import { countRows } from "./support/sql-counts.js";

const BASE = "/tmf-api/customerManagement/v4/customer";
const moonHooch = {
  name: "Moon Hooch",
  engagedParty: { id: "org-42", name: "Moon Hooch", "@referredType": "Organization" },
  contactMedium: [{ mediumType: "email", preferred: true, characteristic: { emailAddress: "band@moonhooch.example" } }],
  characteristic: [{ name: "segment", value: { tier: "gold" } }],
};

let server: TestServer;
let created: { id: string; href: string };

beforeAll(async () => {
  server = await startTestServer();
  const res = await server.request("POST", BASE, moonHooch);
  expect(res.status).toBe(201);
  created = res.body;
});
afterAll(() => server?.close());

describe("TMF629 customer over REST", () => {
  it("answers text PostgreSQL cannot store (a NUL character) with a 400, in a body, a patch and a filter", async () => {
    const created = await server.request("POST", BASE, { ...moonHooch, name: "nul \u0000 inside" });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ code: "BAD_USER_INPUT", status: "400" });
    const json = await server.request("POST", BASE, { ...moonHooch, characteristic: [{ name: "x", value: "nul \u0000 in JSON" }] });
    expect(json.status).toBe(400);
    const existing = (await server.request("POST", BASE, { ...moonHooch, name: "Nul test" })).body;
    const patched = await server.request("PATCH", `${BASE}/${existing.id}`, { name: "a\u0000" });
    expect(patched.status).toBe(400);
    expect((await server.request("GET", `${BASE}/${existing.id}`)).body.name).toBe("Nul test");
    const filtered = await server.request("GET", `${BASE}?name=a%00b`);
    expect(filtered.status).toBe(400);
  });

  it("creates with 201, a Location, a server id and an absolute href", async () => {
    const res = await server.request("POST", BASE, { ...moonHooch, name: "Second" });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.href).toBe(`${server.url}${BASE}/${res.body.id}`);
    expect(res.headers.get("location")).toBe(res.body.href);
    expect(res.body["@type"]).toBe("Customer");
    expect(res.body.engagedParty).toEqual(moonHooch.engagedParty);
    expect(res.body.characteristic).toEqual(moonHooch.characteristic);
  });

  it("reads it back by id, in the list, and by name and id filters", async () => {
    const byId = await server.request("GET", `${BASE}/${created.id}`);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ id: created.id, href: created.href, name: "Moon Hooch", "@type": "Customer" });

    const list = await server.request("GET", BASE);
    expect(list.status).toBe(200);
    // In creation order (the default): this file's customers so far; the NUL-named ones were refused.
    expect(list.body.map((c: { name: string }) => c.name)).toEqual(["Moon Hooch", "Nul test", "Second"]);
    expect(list.body[0].id).toBe(created.id);
    const stored = await countRows(server, "customer");
    expect(stored).toBe(3);
    expect(Number(list.headers.get("x-total-count"))).toBe(stored);
    expect(Number(list.headers.get("x-result-count"))).toBe(stored);

    const byName = await server.request("GET", `${BASE}?name=Moon%20Hooch`);
    expect(byName.body.map((c: { id: string }) => c.id)).toEqual([created.id]);
    const byIdFilter = await server.request("GET", `${BASE}?id=${created.id}`);
    expect(byIdFilter.body).toHaveLength(1);
    expect(byIdFilter.body[0].name).toBe("Moon Hooch");
  });

  it("projects fields: id and href always, then exactly the requested attributes", async () => {
    const res = await server.request("GET", `${BASE}?fields=name&id=${created.id}`);
    expect(res.body).toEqual([{ id: created.id, href: created.href, name: "Moon Hooch" }]);
    const nested = await server.request("GET", `${BASE}/${created.id}?fields=engagedParty.id,contactMedium.characteristic.emailAddress`);
    expect(nested.body).toEqual({
      id: created.id,
      href: created.href,
      engagedParty: { id: "org-42" },
      contactMedium: [{ characteristic: { emailAddress: "band@moonhooch.example" } }],
    });
    const onlyHref = await server.request("GET", `${BASE}?fields=href`);
    expect(onlyHref.body).toHaveLength(await countRows(server, "customer"));
    expect(onlyHref.body.length).toBeGreaterThan(0);
    for (const item of onlyHref.body) expect(Object.keys(item).sort()).toEqual(["href", "id"]);
  });

  it("pages with offset/limit and sorts, rejecting malformed paging", async () => {
    // Created in an order that is neither the ascending nor the descending one.
    for (const name of ["Bravo", "Delta", "Alpha", "Charlie"]) expect((await server.request("POST", BASE, { ...moonHooch, name })).status).toBe(201);
    const names = (res: { body: { name: string }[] }) => res.body.map((c) => c.name);
    const only = "name=Alpha,Bravo,Charlie,Delta&fields=name";
    const page = await server.request("GET", `${BASE}?${only}&sort=-name&offset=1&limit=2`);
    expect(names(page)).toEqual(["Charlie", "Bravo"]);
    expect(page.headers.get("x-total-count")).toBe("4");
    expect(page.headers.get("x-result-count")).toBe("2");
    expect(names(await server.request("GET", `${BASE}?${only}&sort=name&offset=1&limit=2`))).toEqual(["Bravo", "Charlie"]);
    expect(names(await server.request("GET", `${BASE}?${only}&sort=-name&offset=3&limit=2`))).toEqual(["Alpha"]);
    // Over all the customers (this file's earlier ones too), the total counted in the table.
    const all = await server.request("GET", `${BASE}?sort=-name&offset=1&limit=2&fields=name`);
    expect(names(all)).toEqual(["Nul test", "Moon Hooch"]);
    expect(Number(all.headers.get("x-total-count"))).toBe(await countRows(server, "customer"));
    for (const bad of ["offset=-1", "limit=abc", "offset=1.5"]) {
      const res = await server.request("GET", `${BASE}?${bad}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ "@type": "Error", status: "400" });
    }
  });

  it("matches any of a comma list and rejects unknown filter attributes", async () => {
    const res = await server.request("GET", `${BASE}?name=Alpha,Bravo&fields=name`);
    expect(res.body.map((c: { name: string }) => c.name).sort()).toEqual(["Alpha", "Bravo"]);
    const unknown = await server.request("GET", `${BASE}?colour=red`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain("colour");
    const badSort = await server.request("GET", `${BASE}?sort=colour`);
    expect(badSort.status).toBe(400);
    const badField = await server.request("GET", `${BASE}?fields=colour`);
    expect(badField.status).toBe(400);
  });

  it("merge-patches with application/merge-patch+json, keeping what the patch does not name", async () => {
    const res = await server.request(
      "PATCH",
      `${BASE}/${created.id}`,
      { statusReason: "moved", engagedParty: { name: "Moon Hooch Ltd" }, characteristic: null },
      { "content-type": "application/merge-patch+json" },
    );
    expect(res.status).toBe(200);
    expect(res.body.statusReason).toBe("moved");
    expect(res.body.engagedParty).toEqual({ ...moonHooch.engagedParty, name: "Moon Hooch Ltd" });
    expect(res.body.characteristic).toBeUndefined();
    expect(res.body.name).toBe("Moon Hooch");
    const again = await server.request("GET", `${BASE}/${created.id}`);
    expect(again.body.statusReason).toBe("moved");
  });

  it("answers bad input with a TMF Error and writes nothing", async () => {
    const before = await countRows(server, "customer");
    const original = (await server.db.pool.query(`SELECT name, "engagedParty" FROM customer WHERE id = $1`, [created.id])).rows;
    expect(original).toHaveLength(1);
    const cases: [unknown, string][] = [
      ['{"name": "broken', "Malformed JSON"],
      [{ engagedParty: { id: "x", "@referredType": "Individual" } }, "name"],
      [{ name: "No party" }, "engagedParty"],
      [{ ...moonHooch, id: "mine" }, "id"],
      [{ ...moonHooch, href: "http://x" }, "href"],
      [{ ...moonHooch, name: 42 }, "name must be string"],
      [{ ...moonHooch, shoeSize: 42 }, "shoeSize"],
      [[moonHooch], "JSON object"],
    ];
    for (const [body, mention] of cases) {
      const res = await server.request("POST", BASE, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ "@type": "Error", status: "400" });
      expect(typeof res.body.code).toBe("string");
      expect(typeof res.body.reason).toBe("string");
      expect(res.body.message).toContain(mention);
    }
    const patchId = await server.request("PATCH", `${BASE}/${created.id}`, { id: "other" });
    expect(patchId.status).toBe(400);
    const removeMandatory = await server.request("PATCH", `${BASE}/${created.id}`, { engagedParty: null });
    expect(removeMandatory.status).toBe(400);
    expect(await countRows(server, "customer")).toBe(before);
    // The refused patches left the customer as it was.
    expect((await server.db.pool.query(`SELECT name, "engagedParty" FROM customer WHERE id = $1`, [created.id])).rows).toEqual(original);
  });

  it("404s unknown ids (well-formed or not) and deletes with 204", async () => {
    expect((await server.request("GET", `${BASE}/c2df1950-c17c-4576-9c22-e59073a4a86a`)).status).toBe(404);
    expect((await server.request("GET", `${BASE}/404ID`)).status).toBe(404);
    expect((await server.request("PATCH", `${BASE}/404ID`, { name: "x" })).status).toBe(404);
    const doomed = (await server.request("POST", BASE, { ...moonHooch, name: "Doomed" })).body;
    expect((await server.request("DELETE", `${BASE}/${doomed.id}`)).status).toBe(204);
    expect((await server.request("GET", `${BASE}/${doomed.id}`)).status).toBe(404);
    expect((await server.request("DELETE", `${BASE}/${doomed.id}`)).status).toBe(404);
  });

  it("builds hrefs from X-Forwarded-Proto/Host", async () => {
    const res = await server.request("GET", `${BASE}/${created.id}?fields=href`, undefined, {
      "x-forwarded-proto": "https",
      "x-forwarded-host": "api.telco.example",
    });
    expect(res.body.href).toBe(`https://api.telco.example${BASE}/${created.id}`);
  });
});
