import { describe, expect, it } from "vitest";
import { applyJsonPatch, mergePatchBetween } from "../../src/resource/json-patch.js";
import { expectBadInput } from "../fixtures/expect-error.js";

// RFC 6902 operations and TMF630 JSON Patch Query paths on a document, and the RFC 7386 merge patch
// between two documents: what PATCH with application/json-patch(-query)+json becomes.

const customer = () => ({
  name: "Moon",
  contactMedium: [
    { "@type": "EmailContactMedium", contactType: "work", emailAddress: "a@moon.example" },
    { "@type": "PhoneContactMedium", contactType: "home", phoneNumber: "1" },
    { "@type": "PhoneContactMedium", contactType: "home", phoneNumber: "2" },
  ],
  engagedParty: { id: "o1", name: "Org" },
});

describe("applyJsonPatch", () => {
  it("applies RFC 6902 operations in order to a copy, leaving the document as it was", () => {
    const doc = customer();
    const patched = applyJsonPatch(doc, [
      { op: "replace", path: "/name", value: "Moon FC" },
      { op: "add", path: "/contactMedium/-", value: { "@type": "FaxContactMedium", faxNumber: "3" } },
      { op: "remove", path: "/contactMedium/1" },
      { op: "copy", from: "/engagedParty/name", path: "/description" },
      { op: "test", path: "/description", value: "Org" },
    ], false);
    expect(patched).toEqual({
      name: "Moon FC",
      description: "Org",
      contactMedium: [doc.contactMedium[0], doc.contactMedium[2], { "@type": "FaxContactMedium", faxNumber: "3" }],
      engagedParty: { id: "o1", name: "Org" },
    });
    expect(doc).toEqual(customer());
  });

  it("with query, applies an operation to every node a JSONPath query selects; removes from the last", async () => {
    expect(applyJsonPatch(customer(), [{ op: "replace", path: "$.contactMedium[?@.contactType=='home'].phoneNumber", value: "9" }], true).contactMedium)
      .toEqual([customer().contactMedium[0], { ...customer().contactMedium[1], phoneNumber: "9" }, { ...customer().contactMedium[2], phoneNumber: "9" }]);
    expect(applyJsonPatch(customer(), [{ op: "remove", path: "$.contactMedium[?@.contactType=='home']" }], true).contactMedium).toEqual([customer().contactMedium[0]]);
    expect((applyJsonPatch(customer(), [{ op: "add", path: "$.contactMedium[?@.contactType=='work'].preferred", value: true }], true).contactMedium as unknown[])[0])
      .toEqual({ ...customer().contactMedium[0], preferred: true });
    // Without query (application/json-patch+json), a path is a JSON Pointer: "$…" is not one.
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "replace", path: "$.name", value: "x" }], false), /pointers must start with a slash/);
  });

  it("refuses, as a 400 naming the operation: a failed test, a missing target, a malformed path, a prototype, a regex, too many operations", async () => {
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "test", path: "/name", value: "Sun" }], false), /Patch operation 0 \(test \/name\) cannot be applied/);
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "replace", path: "/nope", value: 1 }], false), /Patch operation 0 \(replace \/nope\)/);
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "replace", path: "$.contactMedium[", value: 1 }], true), /invalid JSONPath query/);
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "remove", path: "$.contactMedium[?@.contactType=='fax']" }], true), /selects nothing/);
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "add", path: "/__proto__/polluted", value: 1 }], false), /reaches a prototype/);
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "remove", path: "$.contactMedium[?match(@.contactType, 'h.*')]" }], true), /match\(\) and search\(\) are not accepted/);
    await expectBadInput(() => applyJsonPatch(customer(), Array(101).fill({ op: "test", path: "/name", value: "Moon" }), false), /at most 100 operations/);
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "replace", path: "", value: [] }], false), /must leave the resource an object/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("mergePatchBetween", () => {
  it("gives changed attributes their value, removed ones null, nested objects as patches of their own, unchanged ones nothing", () => {
    expect(mergePatchBetween(
      { name: "a", status: "x", engagedParty: { id: "o1", name: "Org", role: "r" }, list: [1, 2], same: { k: 1 } },
      { name: "b", engagedParty: { id: "o1", name: "Org 2" }, list: [2], same: { k: 1 }, added: true },
    )).toEqual({ name: "b", status: null, engagedParty: { name: "Org 2", role: null }, list: [2], added: true });
  });
});
