import { getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType } from "graphql";
import { badInput } from "../errors.js";
import type { SchemaPlan } from "../resource/schema-plan.js";
import { graphqlName, tmfName } from "../tmf/tmf-json.js";

const MAX_DEPTH = 8;

interface SelectionTree {
  [field: string]: SelectionTree | true;
}

const isAttribute = (field: GraphQLField<unknown, unknown>) =>
  !field.extensions?.navigation && !field.extensions?.graphqlOnly && field.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined);

/**
 * `contract`: the plan of the schema a representation is held to, where the GraphQL type holds
 * more than it (a model served in several API versions): only the attributes its schema defines
 * are selected, at every depth. `href`, which the gateway derives, always is.
 */
function attributesOf(type: GraphQLObjectType, contract: SchemaPlan | undefined) {
  const known = contract?.properties.size ? contract.properties : undefined;
  return Object.values(type.getFields())
    .filter(isAttribute)
    .filter((field) => !known || field.name === "href" || known.has(tmfName(field.name)))
    .map((field) => ({ field, contract: known?.get(tmfName(field.name)) }));
}

/**
 * The selection set for a REST representation of `type`: every TMF attribute (navigation fields
 * excluded; with `contract`, those it defines) when `fields` is absent, otherwise `id`, `href` and
 * exactly the requested (possibly nested, dot-separated) attributes, as TMF630 `fields=` defines.
 */
export function selectionFor(type: GraphQLObjectType, fields?: string[], contract?: SchemaPlan): string {
  if (!fields) return print(fullTree(type, 0, contract));
  const tree: SelectionTree = { id: true, href: true };
  for (const path of fields) addPath(tree, type, path.split(".").map(graphqlName), path, contract);
  return print(tree);
}

function fullTree(type: GraphQLObjectType, depth: number, contract: SchemaPlan | undefined): SelectionTree {
  const tree: SelectionTree = {};
  for (const { field, contract: inner } of attributesOf(type, contract)) {
    const named = getNamedType(field.type);
    if (isLeafType(named)) tree[field.name] = true;
    else if (isObjectType(named) && depth < MAX_DEPTH) tree[field.name] = fullTree(named, depth + 1, inner);
  }
  return tree;
}

function addPath(tree: SelectionTree, type: GraphQLObjectType, segments: string[], original: string, contract: SchemaPlan | undefined): void {
  const [head, ...rest] = segments;
  const found = head ? attributesOf(type, contract).find(({ field }) => field.name === head) : undefined;
  if (!found) throw badInput(`Unknown attribute '${original}' in fields`);
  const { field, contract: inner } = found;
  const named = getNamedType(field.type);
  if (isLeafType(named)) {
    if (rest.length) throw badInput(`Unknown attribute '${original}' in fields`);
    tree[field.name] = true;
    return;
  }
  if (!isObjectType(named)) throw badInput(`Unknown attribute '${original}' in fields`);
  if (!rest.length) {
    tree[field.name] = fullTree(named, 1, inner);
    return;
  }
  const sub = tree[field.name];
  const subTree: SelectionTree = sub && sub !== true ? sub : {};
  tree[field.name] = subTree;
  addPath(subTree, named, rest, original, inner);
}

const FIRST = ["id", "href"];
const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);

function print(tree: SelectionTree): string {
  return `{ ${Object.entries(tree)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([name, sub]) => (sub === true ? name : `${name} ${print(sub)}`))
    .join(" ")} }`;
}
