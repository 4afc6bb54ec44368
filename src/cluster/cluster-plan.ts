import { randomUUID } from "node:crypto";

/** A story of the group being re-clustered, with the cluster it is in now. */
export interface ClusterMember {
  id: string;
  clusterId: string | null;
  /** How many stories it stands for (1; a standing cluster taken whole: its size). */
  weight?: number;
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
 * affect (a group closed under matching; a cluster that stands as it is may come as one member
 * weighing its size) and the matching pairs among them, works out the groups (union-find) and
 * keeps cluster ids stable: a group keeps the id most of its stories have (ties: the smallest
 * id), a group of one story has none, and a new group gets a new id.
 */
export function planClusters(members: readonly ClusterMember[], edges: readonly (readonly [string, string])[], newId: () => string = randomUUID): ClusterPlan {
  // Union-find with path compression and union by size: near-linear in stories and edges.
  const parent = new Map(members.map((m) => [m.id, m.id]));
  const size = new Map(members.map((m) => [m.id, 1]));
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let y = x; y !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  for (const [a, b] of edges) {
    if (!parent.has(a) || !parent.has(b)) continue;
    let [x, y] = [find(a), find(b)];
    if (x === y) continue;
    if (size.get(x)! < size.get(y)!) [x, y] = [y, x];
    parent.set(y, x);
    size.set(x, size.get(x)! + size.get(y)!);
  }

  const weight = (m: ClusterMember): number => m.weight ?? 1;
  const total = (group: ClusterMember[]): number => group.reduce((n, m) => n + weight(m), 0);
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
  for (const group of [...groups.values()].sort((x, y) => total(y) - total(x) || (x[0].id < y[0].id ? -1 : 1))) {
    if (total(group) < 2) {
      assign.set(group[0].id, null);
      continue;
    }
    const votes = new Map<string, number>();
    for (const m of group) if (m.clusterId && !taken.has(m.clusterId)) votes.set(m.clusterId, (votes.get(m.clusterId) ?? 0) + weight(m));
    let id = [...votes].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0];
    if (!id) created.push((id = newId()));
    taken.add(id);
    for (const m of group) assign.set(m.id, id);
  }
  return { assign, created, emptied: [...before].filter((id) => !taken.has(id)) };
}
