import {
  getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType,
} from "graphql";
import { badInput } from "../errors.js";
import { graphqlName } from "../tmf/tmf-json.js";

const MAX_DEPTH = 8;

interface SelectionTree {
  [field: string]: SelectionTree | true;
}

const isAttribute = (field: GraphQLField<unknown, unknown>) =>
  !field.extensions?.navigation && field.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined);

/**
 * The selection set for a REST representation of `type`: every TMF attribute (navigation fields
 * excluded) when `fields` is absent, otherwise `id`, `href` and exactly the requested (possibly
 * nested, dot-separated) attributes, as TMF630 `fields=` defines.
 */
export function selectionFor(type: GraphQLObjectType, fields?: string[]): string {
  if (!fields) return print(fullTree(type, 0));
  const tree: SelectionTree = { id: true, href: true };
  for (const path of fields) addPath(tree, type, path.split(".").map(graphqlName), path);
  return print(tree);
}

function fullTree(type: GraphQLObjectType, depth: number): SelectionTree {
  const tree: SelectionTree = {};
  for (const field of Object.values(type.getFields())) {
    if (!isAttribute(field)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) tree[field.name] = true;
    else if (isObjectType(named) && depth < MAX_DEPTH) tree[field.name] = fullTree(named, depth + 1);
  }
  return tree;
}

function addPath(tree: SelectionTree, type: GraphQLObjectType, segments: string[], original: string): void {
  const [head, ...rest] = segments;
  const field = head ? type.getFields()[head] : undefined;
  if (!field || !isAttribute(field)) throw badInput(`Unknown attribute '${original}' in fields`);
  const named = getNamedType(field.type);
  if (isLeafType(named)) {
    if (rest.length) throw badInput(`Unknown attribute '${original}' in fields`);
    tree[field.name] = true;
    return;
  }
  if (!isObjectType(named)) throw badInput(`Unknown attribute '${original}' in fields`);
  if (!rest.length) {
    tree[field.name] = fullTree(named, 1);
    return;
  }
  const sub = tree[field.name];
  const subTree: SelectionTree = sub && sub !== true ? sub : {};
  tree[field.name] = subTree;
  addPath(subTree, named, rest, original);
}

const FIRST = ["id", "href"];
const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);

function print(tree: SelectionTree): string {
  return `{ ${Object.entries(tree)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([name, sub]) => (sub === true ? name : `${name} ${print(sub)}`))
    .join(" ")} }`;
}
