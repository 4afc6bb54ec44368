import { randomUUID } from "node:crypto";
import { comparable, MATCH_WINDOW_HOURS, storiesMatch, type Comparable, type StoryFeatures } from "./story-match";

/**
 * Story clusters are events: a cluster is a *lead* story and the later stories that tell the
 * same event as it (storiesMatch, so all within 36 hours of it). Stories are taken in order of
 * publication (then id): a story follows the earliest lead before it that it matches, and leads
 * when there is none. Every story of a cluster matches its lead, so a cluster cannot chain
 * across weeks the way connected groups of matching stories did on a dense corpus (one
 * "cluster" of 279,997 stories from January to July at 5,000 stories a day). The clusters are a
 * function of the stored stories alone, not of the order they were written in: a batch, one
 * story at a time, and two writers side by side give the same clusters.
 */

/** A story around a change, as stored. */
export interface PoolStory extends StoryFeatures {
  clusterId: string | null;
  /** Whether it leads as stored: the first story of its cluster, or in no cluster. */
  leads: boolean;
}

interface Item extends Comparable {
  stored: PoolStory;
}

const WINDOW_MS = MATCH_WINDOW_HOURS * 3_600_000;

/** Publication order, then id: the order stories are taken in. */
const before = (a: { at: number; id: string }, b: { at: number; id: string }): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What working out the stories of `redo` again gives, and how far the change reaches. */
export interface LeadPlan {
  /** For each story of `redo`: the lead it follows (its own id when it leads). */
  leadOf: Map<string, string>;
  /** Stories outside `redo` whose lead can change with this plan (after a story that now leads, matching it). */
  more: string[];
  /** Clusters whose stored lead no longer leads: every story of them is to be worked out again. */
  reopen: string[];
}

/**
 * Works out the lead of every story in `redo` (written stories, `written`, and others whose lead
 * may have changed), in publication order, from the stories around them (`pool`: every story
 * sharing a country with one of them within the window, as stored). Stories outside `redo` keep
 * their stored part. What this changes can reach further: a story that now leads can take later
 * stories from the lead they follow (`more`), and a stored lead that now follows another
 * releases its cluster (`reopen`); the caller reads around those and plans again until nothing
 * more is reached.
 */
export function planLeads(pool: readonly PoolStory[], redo: ReadonlySet<string>, written: ReadonlySet<string>): LeadPlan {
  const items: Item[] = pool.map((p) => ({ ...comparable(p), stored: p })).sort(before);
  const byCountry = new Map<string, Item[]>();
  for (const s of items) {
    for (const c of s.countries) {
      const list = byCountry.get(c);
      if (list) list.push(s);
      else byCountry.set(c, [s]);
    }
  }
  /** The stories naming `country` from `at` on (each list is in publication order). */
  function* from(country: string, at: number): Generator<Item> {
    const list = byCountry.get(country)!;
    let [lo, hi] = [0, list.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].at < at) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length; i++) yield list[i];
  }

  const leadOf = new Map<string, string>();
  const leads = (s: Item): boolean => (redo.has(s.id) ? leadOf.get(s.id) === s.id : s.stored.leads);
  for (const s of items) {
    if (!redo.has(s.id)) continue;
    let lead: Item | undefined;
    // The earliest lead it matches: the first one in each of its countries' lists, the earliest of those.
    for (const c of s.countries) {
      for (const l of from(c, s.at - WINDOW_MS)) {
        if (before(l, s) >= 0 || (lead && before(l, lead) >= 0)) break;
        if (leads(l) && storiesMatch(l, s)) {
          lead = l;
          break;
        }
      }
    }
    leadOf.set(s.id, lead?.id ?? s.id);
  }

  const more = new Set<string>();
  const reopen = new Set<string>();
  for (const s of items) {
    if (!redo.has(s.id)) continue;
    const nowLeads = leadOf.get(s.id) === s.id;
    // A written story may have moved or changed: as a lead it can take any later story.
    if (written.has(s.id) ? !nowLeads : nowLeads === s.stored.leads) continue;
    if (!nowLeads) {
      if (s.stored.clusterId) reopen.add(s.stored.clusterId);
      continue;
    }
    for (const c of s.countries) {
      for (const u of from(c, s.at)) {
        if (u.at - s.at > WINDOW_MS) break;
        if (before(u, s) > 0 && !redo.has(u.id) && storiesMatch(s, u)) more.add(u.id);
      }
    }
  }
  return { leadOf, more: [...more], reopen: [...reopen] };
}

/** Each worked-out story's cluster afterwards (null: it leads alone), the changes among them, and the clusters to create. */
export interface ClusterPlan {
  assign: Map<string, string | null>;
  /** The stories whose cluster changes, with their cluster before and after. */
  moved: { id: string; from: string | null; to: string | null }[];
  created: string[];
}

/**
 * Gives the groups of `leadOf` their cluster ids, keeping ids stable: a lead whose stored
 * cluster keeps stories not worked out again (`standing`: not in `redoClusters`) keeps its id;
 * any other group takes the id most of its stories had (ties: the smallest id), or a new one;
 * a lead followed by no story is in no cluster.
 */
export function planClusterIds(
  pool: readonly PoolStory[],
  leadOf: ReadonlyMap<string, string>,
  redoClusters: ReadonlySet<string>,
  newId: () => string = randomUUID,
): ClusterPlan {
  const stored = new Map(pool.map((p) => [p.id, p]));
  const groups = new Map<string, string[]>();
  const join = (lead: string, id: string): void => {
    const group = groups.get(lead);
    if (group) group.push(id);
    else groups.set(lead, [id]);
  };
  for (const [id, lead] of leadOf) join(lead, id);
  // A lead that was not worked out again (it leads as stored) is in its group too.
  for (const lead of [...groups.keys()]) if (!leadOf.has(lead)) join(lead, lead);
  const standing = (lead: string): string | null => {
    const s = stored.get(lead);
    return s?.leads && s.clusterId && !redoClusters.has(s.clusterId) ? s.clusterId : null;
  };
  const taken = new Set<string>();
  for (const lead of groups.keys()) if (standing(lead)) taken.add(standing(lead)!);

  const assign = new Map<string, string | null>();
  const created: string[] = [];
  const order = [...groups].sort((x, y) => Number(Boolean(standing(y[0]))) - Number(Boolean(standing(x[0]))) || y[1].length - x[1].length || (x[0] < y[0] ? -1 : 1));
  for (const [lead, members] of order) {
    let id = standing(lead);
    if (!id) {
      if (members.length < 2) {
        for (const m of members) assign.set(m, null);
        continue;
      }
      const votes = new Map<string, number>();
      for (const m of members) {
        const c = stored.get(m)?.clusterId;
        if (c && !taken.has(c)) votes.set(c, (votes.get(c) ?? 0) + 1);
      }
      id = [...votes].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0] ?? null;
      if (!id) created.push((id = newId()));
      taken.add(id);
    }
    for (const m of members) assign.set(m, id);
  }
  const moved = [...assign].flatMap(([id, to]) => {
    const from = stored.get(id)?.clusterId ?? null;
    return from === to ? [] : [{ id, from, to }];
  });
  return { assign, moved, created };
}
