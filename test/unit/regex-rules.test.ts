import { describe, expect, it } from "vitest";
import { checkRegex, regexRefusal } from "../../src/resource/regex-rules.js";
import { expectBadInput } from "../fixtures/expect-error.js";

// The regular expressions a filter takes: what PostgreSQL compiles fast is accepted, what could make
// it compile for seconds (bounded repetitions expanding the automaton, nested quantifiers) is refused.

const NESTED = /^A regular expression of a filter cannot quantify what holds a quantifier already/;
const EXPANSION = /^A regular expression of a filter cannot expand beyond 100 characters through repetitions/;
const QUANTIFIERS = /^A regular expression of a filter holds at most 20 quantifiers/;

const ACCEPTED = [
  "^Acme",
  "[0-9]{3}-[0-9]{4}",
  "foo|bar",
  "a.*b",
  "light$",
  "^(Moon|Sun) [A-Z][a-z]+$",
  "[[:digit:]]{16}",
  "(ab){10}",
  ".{50}(ab){25}",
  "a{2,10}?b",
  "[(]a+[)]*", // parentheses and a quantifier in a bracket are characters
  "[]a]+x*", // ] first in a bracket is a character
  "\\(a+\\)*", // escaped parentheses are characters: a+ then )*
  "[a\\]]+(x)*",
  "***=(.?){255}(.?){255}", // the ARE director: the rest is a literal string
  "(?q)(a+)+", // option q: the rest is a literal string
  "(?i)^acme",
  "(?:ab|cd)e?",
  "a(?=b)c+",
  "{", // not a bound: a character (PostgreSQL decides whether it is valid)
];

const REFUSED: [string, RegExp][] = [
  ["(.?){255}(.?){255}(.?){255}", NESTED], // the reported attack
  ["(.?){255}", NESTED],
  ["(.){101}", EXPANSION],
  ["a{101}", EXPANSION],
  ["a{101,}", EXPANSION],
  ["a{1,101}", EXPANSION],
  ["(ab|cd){51}", EXPANSION],
  [".{50}(ab){25}x", EXPANSION],
  ["((([a-z]{50}[0-9]{51}", EXPANSION], // unbalanced: PostgreSQL would refuse it too, after the scan
  ["***:.{101}", EXPANSION],
  ["(a+)+$", NESTED],
  ["(a*)*", NESTED],
  ["((.?){10}){10}", NESTED],
  ["(x(y?)z)*", NESTED],
  ["(?:a|b+){2}", NESTED],
  ["a{2}{3}", NESTED],
  ["a**", NESTED],
  ["(?x)(a+) {2}", NESTED], // expanded syntax: white space is no atom
  ["(?x)(a+) # comment\n*", NESTED],
  ["a?".repeat(21), QUANTIFIERS],
];

describe("regular expressions of filters", () => {
  it.each(ACCEPTED)("accepts %s", (pattern) => {
    expect(regexRefusal(pattern)).toBeUndefined();
    expect(checkRegex(pattern)).toBe(pattern);
  });

  it.each(REFUSED)("refuses %s", async (pattern, message) => {
    await expectBadInput(() => checkRegex(pattern), message);
  });

  it("keeps the length and back-reference limits", async () => {
    await expectBadInput(() => checkRegex("a".repeat(101)), "A regular expression of a filter is at most 100 characters");
    await expectBadInput(() => checkRegex("(a)\\1"), "A regular expression of a filter cannot hold back-references (\\1…\\9)");
  });

  it("decides in microseconds, whatever the pattern", () => {
    const patterns = ["(.?){255}(.?){255}(.?){255}", "(".repeat(50) + ")".repeat(50), "[".repeat(100), "a?".repeat(50), "(a{0,9}){9}".repeat(9)];
    const started = process.hrtime.bigint();
    for (let round = 0; round < 1000; round++) for (const pattern of patterns) regexRefusal(pattern);
    const perPatternMicros = Number(process.hrtime.bigint() - started) / 1000 / (1000 * patterns.length);
    expect(perPatternMicros).toBeLessThan(50);
  });
});
