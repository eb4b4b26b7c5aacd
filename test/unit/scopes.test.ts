import { describe, expect, it } from "vitest";
import { notCovered } from "../../src/auth/scopes.js";

// What a principal may grant others (a party role's scopes): what it holds, as a credential's
// scopes are matched — `*` covers all, `<api>:*` its API's, a scope itself.
describe("notCovered", () => {
  it("`*` covers every scope, `*` included", () => {
    expect(notCovered(["*"], ["*", "hub:admin", "hub:*", "customer:*", "customer:read"])).toEqual([]);
  });

  it("`<api>:*` covers its API's scopes and itself; not another API's, nor `*`", () => {
    expect(notCovered(["customer:*"], ["customer:read", "customer:write", "customer:*"])).toEqual([]);
    expect(notCovered(["customer:*"], ["payment:read", "*", "customer:read"])).toEqual(["payment:read", "*"]);
  });

  it("holding read and write is not holding `<api>:*`; a scope covers only itself", () => {
    expect(notCovered(["bill:read", "bill:write"], ["bill:*", "bill:read"])).toEqual(["bill:*"]);
    expect(notCovered(["bill:read"], ["bill:write"])).toEqual(["bill:write"]);
  });

  it("hub:admin is covered by itself, `hub:*` or `*`, never by an API's scopes", () => {
    expect(notCovered(["hub:admin"], ["hub:admin"])).toEqual([]);
    expect(notCovered(["hub:*"], ["hub:admin", "hub:*"])).toEqual([]);
    expect(notCovered(["hub:admin"], ["hub:*"])).toEqual(["hub:*"]);
    expect(notCovered(["customer:*", "partyRole:*"], ["hub:admin"])).toEqual(["hub:admin"]);
  });

  it("nothing held covers nothing; nothing wanted needs nothing", () => {
    expect(notCovered([], ["customer:read"])).toEqual(["customer:read"]);
    expect(notCovered([], [])).toEqual([]);
    expect(notCovered(Object.freeze(["customer:read"]), ["customer:read", "customer:write"])).toEqual(["customer:write"]);
  });
});
