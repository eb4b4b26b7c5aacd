import { Kind, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";

/**
 * A measure of selections (depth, aliases…), folded over fields with fragments followed: each
 * fragment is measured once and its result reused at every spread, so the work is linear in the
 * document however often fragments spread each other (an exponential document gets a huge measure,
 * in linear time). `field` measures a field from the measure of its own selections; `combine` joins
 * the measures of sibling selections.
 */
export function selectionMeasure(
  document: DocumentNode,
  field: (node: FieldNode, inner: number) => number,
  combine: (a: number, b: number) => number,
): (set: SelectionSetNode | undefined) => number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const measured = new Map<string, number>();

  const fragment = (name: string): number => {
    let value = measured.get(name);
    if (value === undefined) {
      measured.set(name, 0); // a cycle (reported by NoFragmentCyclesRule) adds nothing
      value = measure(fragments.get(name)?.selectionSet);
      measured.set(name, value);
    }
    return value;
  };

  const measure = (set: SelectionSetNode | undefined): number => {
    if (!set) return 0;
    let value = 0;
    for (const selection of set.selections) {
      const part =
        selection.kind === Kind.FIELD
          ? field(selection, measure(selection.selectionSet))
          : selection.kind === Kind.INLINE_FRAGMENT
            ? measure(selection.selectionSet)
            : fragment(selection.name.value);
      value = combine(value, part);
    }
    return value;
  };
  return measure;
}
