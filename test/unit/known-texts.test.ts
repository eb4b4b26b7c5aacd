import { describe, expect, it } from "vitest";
import { KnownTexts } from "../../src/http/known-texts.js";

/** A new string with `text`'s characters (not the same string object, as a request's parsed body holds). */
const copyOf = (text: string) => JSON.parse(JSON.stringify(text)) as string;

describe("KnownTexts", () => {
  it("finds a text by an equal string, and nothing for a text of the same length that differs", () => {
    const known = new KnownTexts<{ n: number }>(10);
    known.set("query { a }", { n: 1 });
    expect(known.get(copyOf("query { a }"))).toEqual({ n: 1 });
    expect(known.get("query { b }")).toBeUndefined();
    expect(known.get("query { ab }")).toBeUndefined();
  });

  it("finds every text of one length, past those it compares one by one", () => {
    const known = new KnownTexts<{ n: number }>(100);
    const texts = Array.from({ length: 20 }, (_, i) => `query { f${String(i).padStart(2, "0")} }`);
    for (const [n, text] of texts.entries()) known.set(text, { n });
    for (const [n, text] of texts.entries()) expect(known.get(copyOf(text))).toEqual({ n });
    expect(known.get("query { f99 }")).toBeUndefined();
  });

  it("forgets the least recently used text beyond its bound, and still finds the others", () => {
    const known = new KnownTexts<{ n: number }>(3);
    for (let n = 0; n < 12; n++) known.set(`q${n % 10}${n >= 10 ? "x" : ""}`, { n });
    // Kept: the last three set (q9, q0x, q1x); the texts of length 2 forgotten one by one.
    expect(known.get("q8")).toBeUndefined();
    expect(known.get(copyOf("q9"))).toEqual({ n: 9 });
    expect(known.get(copyOf("q0x"))).toEqual({ n: 10 });
    expect(known.get(copyOf("q1x"))).toEqual({ n: 11 });
    for (let n = 0; n < 8; n++) expect(known.get(`q${n}`)).toBeUndefined();
  });

  it("keeps finding a text whose value is replaced", () => {
    const known = new KnownTexts<{ n: number }>(3);
    known.set("query { a }", { n: 1 });
    known.set("query { a }", { n: 2 });
    expect(known.get(copyOf("query { a }"))).toEqual({ n: 2 });
  });

  it("finds texts of a crowded length again once some of them are forgotten", () => {
    const known = new KnownTexts<{ n: number }>(12);
    for (let n = 0; n < 12; n++) known.set(`t${String(n).padStart(2, "0")}`, { n });
    // Twelve of length 3 (eight compared, four hashed); four more of another length push out t00…t03.
    for (let n = 0; n < 4; n++) known.set(`other${n}`, { n: 100 + n });
    for (let n = 0; n < 4; n++) expect(known.get(`t0${n}`)).toBeUndefined();
    for (let n = 4; n < 12; n++) expect(known.get(copyOf(`t${String(n).padStart(2, "0")}`))).toEqual({ n });
    known.set("t99", { n: 99 });
    expect(known.get(copyOf("t99"))).toEqual({ n: 99 });
  });
});
