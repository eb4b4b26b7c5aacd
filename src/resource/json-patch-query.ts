import { badInput } from "../errors.js";

/**
 * TMF630's JSON Patch Query paths of the form `<JSON Pointer>?<attribute>=<value>&…` (TMF629
 * 5.0.1's example: `/contactMedium/preferred?city=Paris`) as the JSONPath query they mean: the
 * conditions filter the elements of the arrays on the pointer's way — a condition named
 * `<array>.<attribute>` those of that array, an unqualified one those of the last array before the
 * end (the array itself when the pointer ends on it). Which segments are arrays is read from the
 * document. Every path that is not of this form is returned as it is.
 */
export function queryOfPointer(path: string, document: unknown, index: number): string {
  const question = path.indexOf("?");
  if (path.startsWith("$") || !path.startsWith("/") || question < 0) return path;
  const segments = path
    .slice(1, question)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const arrays: boolean[] = [];
  let node = document;
  for (const segment of segments) {
    node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[segment] : undefined;
    arrays.push(Array.isArray(node));
    if (Array.isArray(node)) node = node[0];
  }
  const lastArray = arrays.slice(0, segments.length > 1 && !arrays.at(-1) ? -1 : undefined).lastIndexOf(true);
  const filters = segments.map(() => [] as string[]);
  for (const [key, value] of new URLSearchParams(path.slice(question + 1))) {
    const dot = key.indexOf(".");
    const at = dot > 0 ? segments.findIndex((s, i) => arrays[i] && s === key.slice(0, dot)) : lastArray;
    if (at < 0) throw badInput(`Patch operation ${index}: ${key} in ${path} names no array on the path`);
    filters[at]!.push(condition(dot > 0 ? key.slice(dot + 1) : key, value));
  }
  return `$${segments
    .map((segment, i) => {
      const step = /^[A-Za-z_@][\w@]*$/.test(segment) ? `.${segment}` : `[${literal(segment)}]`;
      return filters[i]!.length ? `${step}[?${filters[i]!.join(" && ")}]` : arrays[i] && i < segments.length - 1 ? `${step}[*]` : step;
    })
    .join("")}`;
}

const literal = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** `@.attribute == value`: the value as text, or as the number or boolean it spells. */
function condition(attribute: string, value: string): string {
  const member = attribute
    .split(".")
    .map((name) => `[${literal(name)}]`)
    .join("");
  const typed = /^-?\d+(\.\d+)?$/.test(value) || value === "true" || value === "false" ? ` || @${member} == ${value}` : "";
  return typed ? `(@${member} == ${literal(value)}${typed})` : `@${member} == ${literal(value)}`;
}
