import { Kind, parse, print, valueFromASTUntyped, type OperationDefinitionNode, type TypeNode } from "graphql";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_TITLE, type ExplorerOptions } from "./options.js";

const EXAMPLES_DIR = path.resolve(import.meta.dirname, "../../../graphql/examples");
const COMMENT_WIDTH = 60;

export interface ExplorerDefaults {
  /** The example operations as one document, each named and with its comments. */
  document: string;
  /** Variables for the examples' operations, as a JSON object: the given values, else placeholders. */
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * The explorer's opening document, read from the example files at start-up: a short how-to, then
 * each example with its comments (re-wrapped to fit the editor). An anonymous operation gets a name
 * from its file name (portal-customers.graphql → PortalCustomers), as a document with several
 * operations needs; an operation written on one long line is pretty-printed. Throws when an example
 * does not parse, so a broken example fails start-up (and the tests).
 */
export function explorerDefaults(
  options: ExplorerOptions = {},
  explorer: "graphiql" | "sandbox" = "graphiql",
  /** Values for the examples' variables (e.g. the demo data's ids); the others get their default or a placeholder. */
  given: Record<string, unknown> = {},
): ExplorerDefaults {
  const dir = options.examplesDir ?? EXAMPLES_DIR;
  const title = options.title ?? DEFAULT_TITLE;
  const parts = (
    explorer === "graphiql"
      ? [
          `# ${title}: examples from graphql/examples/.`,
          "# Run one with ▶ (it asks which) or Ctrl-Enter inside it.",
          "# Headers tab (below): request headers, e.g. Authorization.",
          "# Docs: the book icon on the left.",
        ]
      : [`# ${title}: examples from graphql/examples/.`, "# Request headers, e.g. Authorization: the Headers tab."]
  ).map(wrapComment);
  const variables: Record<string, unknown> = {};
  for (const file of options.examples ?? exampleFiles(dir)) {
    const source = readFileSync(path.join(dir, file), "utf8");
    parts.push("", `# ── ${file} ──`, exampleText(source, file));
    for (const definition of parse(source).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      for (const v of definition.variableDefinitions ?? []) {
        const name = v.variable.name.value;
        variables[name] ??= name in given ? given[name] : v.defaultValue ? valueFromASTUntyped(v.defaultValue) : placeholder(v.type);
      }
    }
  }
  const document = `${parts.join("\n")}\n`;
  const operations = parse(document).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const names = operations.map((o) => o.name?.value);
  if (names.some((n) => !n) || new Set(names).size !== names.length) {
    throw new Error(`explorer: the example operations need distinct names, got ${names.join(", ")}`);
  }
  return { document, variables, headers: { ...(options.defaultHeaders ?? {}) } };
}

/** The examples that open the document, when present: a read, then a write. */
const LEADING_EXAMPLES = ["portal-customers.graphql", "record-payment.graphql"];

/** Every example of the directory (*.graphql): the leading ones, then the others in file name order. */
function exampleFiles(dir: string): string[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith(".graphql"))
    .sort();
  return [...LEADING_EXAMPLES.filter((file) => files.includes(file)), ...files.filter((file) => !LEADING_EXAMPLES.includes(file))];
}

/** One example file: its comments kept (wrapped), anonymous operations named, one-liners printed. */
function exampleText(source: string, file: string): string {
  const baseName = path
    .basename(file, path.extname(file))
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
  const definitions = parse(source).definitions;
  const anonymous = definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION && !d.name).length;
  let unnamed = 0;
  let out = "";
  let last = 0;
  for (const definition of definitions) {
    const { start, end } = definition.loc!;
    out += source.slice(last, start).split("\n").map(wrapComment).join("\n");
    let text = source.slice(start, end);
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      const named: OperationDefinitionNode = definition.name
        ? definition
        : { ...definition, name: { kind: Kind.NAME, value: anonymous > 1 ? `${baseName}${++unnamed}` : baseName } };
      if (!text.includes("\n") && text.length > COMMENT_WIDTH) text = print(named);
      else if (!definition.name) {
        text = text.startsWith("{")
          ? `query ${named.name!.value} ${text}`
          : `${definition.operation} ${named.name!.value}${text.slice(definition.operation.length)}`;
      }
    }
    out += text;
    last = end;
  }
  return (out + source.slice(last).split("\n").map(wrapComment).join("\n")).trim();
}

/** A long `# …` comment line as several, at word boundaries; any other line as it is. */
function wrapComment(line: string): string {
  const match = /^(\s*#\s?)(.*)$/.exec(line);
  if (!match || line.length <= COMMENT_WIDTH) return line;
  const [, prefix = "# ", text = ""] = match;
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && prefix.length + current.length + 1 + word.length > COMMENT_WIDTH) {
      lines.push(prefix + current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(prefix + current);
  return lines.join("\n");
}

function placeholder(type: TypeNode): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return placeholder(type.type);
  if (type.kind === Kind.LIST_TYPE) return [];
  switch (type.name.value) {
    case "Int":
    case "Float":
      return 0;
    case "Boolean":
      return false;
    default:
      return "";
  }
}
