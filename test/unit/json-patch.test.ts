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
  it("reads TMF630's pointer-with-conditions paths (TMF629 5.0.1's example) as the JSONPath query they mean", async () => {
    const patched = applyJsonPatch(customer(), [{ op: "replace", path: "/contactMedium/phoneNumber?contactType=home", value: "9" }], true);
    expect((patched.contactMedium as { phoneNumber?: string }[]).map((m) => m.phoneNumber)).toEqual([undefined, "9", "9"]);
    const removed = applyJsonPatch(customer(), [{ op: "remove", path: "/contactMedium?contactMedium.phoneNumber=2" }], true);
    expect(removed.contactMedium).toEqual(customer().contactMedium.slice(0, 2));
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "remove", path: "/contactMedium?phoneNumber=7" }], true), /selects nothing$/);
    await expectBadInput(
      () => applyJsonPatch(customer(), [{ op: "remove", path: "/engagedParty?id=o1" }], true),
      "Patch operation 0: id in /engagedParty?id=o1 names no array on the path",
    );
  });

  it("applies RFC 6902 operations in order to a copy, leaving the document as it was", () => {
    const doc = customer();
    const patched = applyJsonPatch(
      doc,
      [
        { op: "replace", path: "/name", value: "Moon FC" },
        { op: "add", path: "/contactMedium/-", value: { "@type": "FaxContactMedium", faxNumber: "3" } },
        { op: "remove", path: "/contactMedium/1" },
        { op: "copy", from: "/engagedParty/name", path: "/description" },
        { op: "test", path: "/description", value: "Org" },
      ],
      false,
    );
    expect(patched).toEqual({
      name: "Moon FC",
      description: "Org",
      contactMedium: [doc.contactMedium[0], doc.contactMedium[2], { "@type": "FaxContactMedium", faxNumber: "3" }],
      engagedParty: { id: "o1", name: "Org" },
    });
    expect(doc).toEqual(customer());
  });

  it("with query, applies an operation to every node a JSONPath query selects; removes from the last", async () => {
    expect(
      applyJsonPatch(customer(), [{ op: "replace", path: "$.contactMedium[?@.contactType=='home'].phoneNumber", value: "9" }], true).contactMedium,
    ).toEqual([customer().contactMedium[0], { ...customer().contactMedium[1], phoneNumber: "9" }, { ...customer().contactMedium[2], phoneNumber: "9" }]);
    expect(applyJsonPatch(customer(), [{ op: "remove", path: "$.contactMedium[?@.contactType=='home']" }], true).contactMedium).toEqual([
      customer().contactMedium[0],
    ]);
    expect(
      (applyJsonPatch(customer(), [{ op: "add", path: "$.contactMedium[?@.contactType=='work'].preferred", value: true }], true).contactMedium as unknown[])[0],
    ).toEqual({ ...customer().contactMedium[0], preferred: true });
    // Without query (application/json-patch+json), a path is a JSON Pointer: "$…" is not one.
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "replace", path: "$.name", value: "x" }], false), /pointers must start with a slash/);
  });

  it("refuses, as a 400 naming the operation: a failed test, a missing target, a malformed path, a prototype, a regex, too many operations", async () => {
    await expectBadInput(
      () => applyJsonPatch(customer(), [{ op: "test", path: "/name", value: "Sun" }], false),
      /Patch operation 0 \(test \/name\) cannot be applied/,
    );
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "replace", path: "/nope", value: 1 }], false), /Patch operation 0 \(replace \/nope\)/);
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "replace", path: "$.contactMedium[", value: 1 }], true), /invalid JSONPath query/);
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "remove", path: "$.contactMedium[?@.contactType=='fax']" }], true), /selects nothing/);
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "add", path: "/__proto__/polluted", value: 1 }], false), /reaches a prototype/);
    await expectBadInput(
      () => applyJsonPatch(customer(), [{ op: "remove", path: "$.contactMedium[?match(@.contactType, 'h.*')]" }], true),
      /match\(\) and search\(\) are not accepted/,
    );
    await expectBadInput(() => applyJsonPatch(customer(), Array(101).fill({ op: "test", path: "/name", value: "Moon" }), false), /at most 100 operations/);
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "replace", path: "", value: [] }], false), /must leave the resource an object/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("applyJsonPatch: bounded work, trees only, no prototype keys", () => {
  const withCharacteristics = (n: number) => ({
    name: "Many",
    characteristic: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, valueType: "string", value: `v${i}` })),
  });

  it("counts every node a query selects against 1,000 operations: the reported 6,000 characteristics × 100 replaces is a 400 at the first operation", async () => {
    const ops = Array.from({ length: 100 }, (_, i) => ({ op: "replace", path: "$.characteristic[*].value", value: `n${i}` }));
    await expectBadInput(
      () => applyJsonPatch(withCharacteristics(6000), ops, true),
      /^Patch operation 0: a patch applies at most 1000 operations, counting one per node each query selects$/,
    );
    // 6 × 150 = 900 operations apply (each node its own copy of the value); 7 × 150 = 1,050 do not.
    const patched = applyJsonPatch(
      withCharacteristics(150),
      ops.slice(0, 6).map((op, i) => ({ ...op, value: { v: i } })),
      true,
    );
    expect((patched.characteristic as { value: unknown }[]).map((c) => c.value)).toEqual(Array(150).fill({ v: 5 }));
    const [first, second] = patched.characteristic as { value: object }[];
    expect(first!.value).not.toBe(second!.value);
    await expectBadInput(() => applyJsonPatch(withCharacteristics(150), ops.slice(0, 7), true), /^Patch operation 6: a patch applies at most 1000 operations/);
  });

  it("counts the resource's values once per query evaluated against 200,000: many filters over a large resource are a 400", async () => {
    // 6,000 characteristics are 24,003 values; a filter is two queries (the path and its @): 48,006 per operation, the fifth passes the bound.
    const ops = Array.from({ length: 10 }, (_, i) => ({ op: "replace", path: `$.characteristic[?@.name=='c${i}'].value`, value: "x" }));
    await expectBadInput(
      () => applyJsonPatch(withCharacteristics(6000), ops, true),
      /^Patch operation 4: the patch would visit or write more than 200000 JSON values/,
    );
    expect((applyJsonPatch(withCharacteristics(6000), ops.slice(0, 4), true).characteristic as { value: string }[]).slice(0, 5).map((c) => c.value)).toEqual([
      "x",
      "x",
      "x",
      "x",
      "v4",
    ]);
  });

  it("refuses JSONPath that could walk more than the resource per query: descendant segments, absolute queries in filters", async () => {
    await expectBadInput(
      () => applyJsonPatch(customer(), [{ op: "remove", path: "$..[?count(@.*.*) > 1]" }], true),
      /^Patch operation 0: descendant segments \(\.\.\) are not accepted in a path$/,
    );
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "remove", path: "$.contactMedium[?count($.contactMedium[*]) > 1]" }], true), /absolute query/);
    // Inside a string literal, ".." and "$" are text.
    expect(
      applyJsonPatch(customer(), [{ op: "replace", path: "$.contactMedium[?@.phoneNumber=='1' || @.note==\"..$\"].phoneNumber", value: "x" }], true)
        .contactMedium,
    ).toEqual([customer().contactMedium[0], { ...customer().contactMedium[1], phoneNumber: "x" }, customer().contactMedium[2]]);
  }, 10_000);

  it("copies by value: an array copied into itself is a tree, and doubling it is bounded", async () => {
    const patched = applyJsonPatch(
      { a: [1, { b: 2 }] },
      [
        { op: "copy", from: "/a", path: "/a/-" },
        { op: "copy", from: "/a/1", path: "/c" },
      ],
      false,
    );
    expect(JSON.stringify(patched)).toBe('{"a":[1,{"b":2},[1,{"b":2}]],"c":{"b":2}}');
    expect(patched.c).not.toBe((patched.a as unknown[])[1]);
    const doubling = Array.from({ length: 100 }, () => ({ op: "copy", from: "/a", path: "/a/-" }));
    await expectBadInput(() => applyJsonPatch({ a: [1] }, doubling, false), /the patch would visit or write more than 200000 JSON values/);
    await expectBadInput(
      () => applyJsonPatch({ a: { b: {} } }, [{ op: "move", from: "/a", path: "/a/b/c" }], false),
      /can't move object to one of its own children/,
    );
    await expectBadInput(
      () => applyJsonPatch({ a: [] }, [{ op: "copy", from: "/nope", path: "/b" }], false),
      /^Patch operation 0 \(copy \/b\) cannot be applied/,
    );
  });

  it("refuses prototype keys in values, pointers and queries, at any depth", async () => {
    await expectBadInput(
      () => applyJsonPatch(customer(), [{ op: "add", path: "/engagedParty/x", value: JSON.parse('{"a":[{"__proto__":{"p":1}}]}') }], false),
      /^Patch operation 0's value cannot hold the key value\.a\[0\]\.__proto__/,
    );
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "add", path: "/engagedParty/constructor", value: 1 }], false), /reaches a prototype/);
    await expectBadInput(
      () => applyJsonPatch(customer(), [{ op: "add", path: "$.engagedParty.prototype", value: 1 }], true),
      /cannot name __proto__, constructor or prototype/,
    );
    await expectBadInput(() => applyJsonPatch(customer(), [{ op: "add", path: "$['engagedParty']['__proto__']", value: 1 }], true), /cannot name __proto__/);
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });
});

describe("mergePatchBetween", () => {
  it("gives changed attributes their value, removed ones null, nested objects as patches of their own, unchanged ones nothing", () => {
    expect(
      mergePatchBetween(
        { name: "a", status: "x", engagedParty: { id: "o1", name: "Org", role: "r" }, list: [1, 2], same: { k: 1 } },
        { name: "b", engagedParty: { id: "o1", name: "Org 2" }, list: [2], same: { k: 1 }, added: true },
      ),
    ).toEqual({ name: "b", status: null, engagedParty: { name: "Org 2", role: null }, list: [2], added: true });
  });

  it("a key __proto__ (as JSON.parse makes an own one) is an own key of the patch, never its prototype", () => {
    const patch = mergePatchBetween({}, JSON.parse('{"__proto__":{"polluted":true}}'));
    expect(Object.getPrototypeOf(patch)).toBe(Object.prototype);
    expect(Object.hasOwn(patch, "__proto__")).toBe(true);
    expect((patch as Record<string, unknown>).polluted).toBeUndefined();
  });
});
