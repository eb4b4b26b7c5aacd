import { badInput } from "../errors.js";

/** Longest regular expression a filter takes: PostgreSQL compiles it per statement. */
export const REGEX_MAX_LENGTH = 100;
/**
 * Largest size (in atoms: a character, a class, an escape) a filter's regular expression may reach
 * once its repetitions are expanded. PostgreSQL's engine (Henry Spencer's) compiles `x{n}` as n
 * copies of x's automaton, then optimizes the whole: its time grows much faster than the copies
 * (`(.?){255}` alone is ~0.1 s, three of them ~7 s, while planning the list and again the count).
 * At this size every pattern compiles in a few milliseconds.
 */
export const REGEX_MAX_EXPANSION = 100;
/** Most quantifiers (`*`, `+`, `?`, `{…}`) in a filter's regular expression. */
export const REGEX_MAX_QUANTIFIERS = 20;

/** `{n}`, `{n,}`, `{n,m}`, `*`, `+` or `?`, greedy or not (`?` after it). */
const QUANTIFIER = /^(?:[*+?]|\{(\d+)(?:,(\d*))?\})\??/;
/** Embedded options at the start of an ARE: `(?x)` ignores white space and `#` comments, `(?q)` makes the rest a literal. */
const OPTIONS = /^\(\?([bceimnpqstwx]+)\)/;
/** The opening of a group: capturing, non-capturing, or a lookahead/lookbehind constraint. */
const GROUP_OPENING = /^\((?:\?(?::|=|!|<=|<!))?/;

interface Item {
  size: number;
  /** It is, or holds, a quantifier. */
  quantified: boolean;
  group: boolean;
}

interface Frame {
  size: number;
  quantified: boolean;
  last?: Item;
}

/**
 * A filter's regular expression, bounded: at most REGEX_MAX_LENGTH characters, no back-reference
 * (`\1`…, the one construct that makes PostgreSQL's engine backtrack), no repeated group that holds
 * a quantifier (`(a+)*`), at most REGEX_MAX_QUANTIFIERS quantifiers, and no repetition that expands
 * it beyond REGEX_MAX_EXPANSION atoms. Decided by one linear scan, before any SQL.
 */
export function checkRegex(pattern: string): string {
  if (pattern.length > REGEX_MAX_LENGTH) throw badInput(`A regular expression of a filter is at most ${REGEX_MAX_LENGTH} characters`);
  if (/\\[1-9]/.test(pattern)) throw badInput("A regular expression of a filter cannot hold back-references (\\1…\\9)");
  const refusal = regexRefusal(pattern);
  if (refusal) throw badInput(`A regular expression of a filter ${refusal}`);
  return pattern;
}

/** Why PostgreSQL could take long to compile `pattern` (see checkRegex), or undefined. */
export function regexRefusal(pattern: string): string | undefined {
  let body = pattern;
  if (body.startsWith("***=")) return undefined; // the rest is a literal string
  if (body.startsWith("***:")) body = body.slice(4);
  const options = OPTIONS.exec(body);
  if (options?.[1]?.includes("q")) return undefined;
  const expanded = Boolean(options && options[1]!.lastIndexOf("x") > options[1]!.lastIndexOf("t"));
  if (options) body = body.slice(options[0].length);
  return scan(body, expanded);
}

function scan(body: string, expanded: boolean): string | undefined {
  const stack: Frame[] = [{ size: 0, quantified: false }];
  let quantifiers = 0;
  for (let i = 0; i < body.length; ) {
    const frame = stack[stack.length - 1]!;
    const c = body[i]!;
    if (expanded && /\s/.test(c)) i++;
    else if (expanded && c === "#") i = lineEnd(body, i);
    else if (c === "(") {
      stack.push({ size: 0, quantified: false });
      i += GROUP_OPENING.exec(body.slice(i))![0].length;
    } else if (c === ")" && stack.length > 1) {
      stack.pop();
      const parent = stack[stack.length - 1]!;
      parent.last = { size: frame.size, quantified: frame.quantified, group: true };
      parent.size += frame.size;
      parent.quantified ||= frame.quantified;
      i++;
    } else if (c === "|") {
      frame.last = undefined;
      i++;
    } else {
      const quantifier = QUANTIFIER.exec(body.slice(i));
      if (!quantifier) {
        frame.last = { size: 1, quantified: false, group: false };
        frame.size += 1;
        i = atomEnd(body, i);
        continue;
      }
      if (frame.last?.quantified) return "cannot quantify what holds a quantifier already (nested quantifiers such as (a+)*, ((ab){2}){3} or a{2}{3})";
      if (++quantifiers > REGEX_MAX_QUANTIFIERS) return `holds at most ${REGEX_MAX_QUANTIFIERS} quantifiers (*, +, ?, {n,m})`;
      if (frame.last) repeat(frame, frame.last, copies(quantifier));
      if (expansion(stack) > REGEX_MAX_EXPANSION) return expansionRefusal();
      i += quantifier[0].length;
    }
  }
  return expansion(stack) > REGEX_MAX_EXPANSION ? expansionRefusal() : undefined;
}

/** The size of the pattern so far, repetitions expanded (the open groups' sizes are not yet in their parents'). */
const expansion = (stack: Frame[]) => stack.reduce((total, frame) => total + frame.size, 0);

const expansionRefusal = () =>
  `cannot expand beyond ${REGEX_MAX_EXPANSION} characters through repetitions ({n}, {n,}, {n,m}): PostgreSQL compiles x{n} as n copies of x`;

/** How many copies of its operand a quantifier makes PostgreSQL compile. */
function copies(quantifier: RegExpExecArray): number {
  const [, min, max] = quantifier;
  if (min === undefined) return 1;
  return Math.max(Number(min), max ? Number(max) : 0, 1);
}

function repeat(frame: Frame, item: Item, times: number): void {
  frame.size += item.size * (times - 1);
  item.size *= times;
  item.quantified = true;
  frame.quantified = true;
}

/** Where the atom at `i` ends: a bracket expression, an escape, or one character. */
function atomEnd(body: string, i: number): number {
  if (body[i] === "\\") return i + 2;
  if (body[i] !== "[") return i + 1;
  let j = i + 1;
  if (body[j] === "^") j++;
  if (body[j] === "]") j++; // a literal ] first
  while (j < body.length && body[j] !== "]") {
    const next = body[j + 1];
    if (body[j] === "[" && (next === ":" || next === "." || next === "=")) {
      const close = body.indexOf(`${next}]`, j + 2);
      j = close < 0 ? body.length : close + 2;
    } else j += body[j] === "\\" ? 2 : 1;
  }
  return j + 1;
}

function lineEnd(body: string, i: number): number {
  const end = body.indexOf("\n", i);
  return end < 0 ? body.length : end + 1;
}
