import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";

/**
 * Whether the client selected a nested field path under the current field (fragments
 * included), so a resolver can skip work nobody asked for.
 */
export function selects(info: GraphQLResolveInfo, path: string[]): boolean {
  const walk = (set: SelectionSetNode | undefined, depth: number): boolean => {
    if (!set) return false;
    for (const sel of set.selections) {
      if (sel.kind === "Field") {
        if (sel.name.value === path[depth] && (depth === path.length - 1 || walk(sel.selectionSet, depth + 1))) return true;
      } else if (sel.kind === "InlineFragment") {
        if (walk(sel.selectionSet, depth)) return true;
      } else {
        const fragment = info.fragments[sel.name.value];
        if (fragment && walk(fragment.selectionSet, depth)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node: FieldNode) => walk(node.selectionSet, 0));
}
