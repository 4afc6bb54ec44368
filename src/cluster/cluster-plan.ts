import { randomUUID } from "node:crypto";

/** A story of the group being re-clustered, with the cluster it is in now. */
export interface ClusterMember {
  id: string;
  clusterId: string | null;
}

/** What re-clustering a closed group of stories changes. */
export interface ClusterPlan {
  /** Each story's cluster afterwards (null: a story no other one matches). */
  assign: Map<string, string | null>;
  /** Clusters that are new. */
  created: string[];
  /** Clusters no story is in any more. */
  emptied: string[];
}

/**
 * Clusters are the connected groups of matching stories. Given every story a change can
 * affect (a group closed under matching) and the matching pairs among them, works out the
 * groups (union-find) and keeps cluster ids stable: a group keeps the id most of its stories
 * have (ties: the smallest id), a group of one has none, and a new group gets a new id.
 */
export function planClusters(members: readonly ClusterMember[], edges: readonly (readonly [string, string])[], newId: () => string = randomUUID): ClusterPlan {
  const parent = new Map(members.map((m) => [m.id, m.id]));
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const [a, b] of edges) if (parent.has(a) && parent.has(b)) parent.set(find(a), find(b));

  const groups = new Map<string, ClusterMember[]>();
  for (const m of members) {
    const root = find(m.id);
    const group = groups.get(root);
    if (group) group.push(m);
    else groups.set(root, [m]);
  }
  const before = new Set(members.flatMap((m) => (m.clusterId ? [m.clusterId] : [])));
  const taken = new Set<string>();
  const assign = new Map<string, string | null>();
  const created: string[] = [];
  // Bigger groups choose first, so a split cluster's id stays with its larger part.
  for (const group of [...groups.values()].sort((x, y) => y.length - x.length || (x[0].id < y[0].id ? -1 : 1))) {
    if (group.length < 2) {
      assign.set(group[0].id, null);
      continue;
    }
    const votes = new Map<string, number>();
    for (const m of group) if (m.clusterId && !taken.has(m.clusterId)) votes.set(m.clusterId, (votes.get(m.clusterId) ?? 0) + 1);
    let id = [...votes].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0];
    if (!id) created.push((id = newId()));
    taken.add(id);
    for (const m of group) assign.set(m.id, id);
  }
  return { assign, created, emptied: [...before].filter((id) => !taken.has(id)) };
}
