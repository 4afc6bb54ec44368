import { isTitleRef, type PreparedStory } from "../prepare";
import { wantedSourceName } from "../write/article-steps";
import { personKey, wantedPersonSlug } from "../write/entity-steps";
import { identityKeys } from "../write/rounds";

/**
 * What a batch touches that another batch written side by side could also touch in a way whose
 * result depends on which commits first. Two batches whose footprints conflict are written in
 * file order (the later waits for the earlier to commit); any others may overlap, because what
 * they write adds up the same in either order (mentions, evidence and weights, aliases, first
 * and last seen) or is settled when the load ends (links by id or slug to a story of the other
 * batch: see resolveAllPendingLinks).
 */
export interface BatchFootprint {
  /** Story identities (id, source and URL, source and text, wanted slug) and normalized headlines. */
  keys: Set<string>;
  /** Whether a story prints a link by title: resolving it (exact or near headline) reads the other batch's stories. */
  titles: boolean;
  /** Per person identity: the name a new row would take and the last role given (the stored person keeps the first name, takes the last role). */
  people: Map<string, { name: string; role: string | null }>;
  /** Per person slug, the identity wanting it (the first to insert gets it plain, the other a suffix). */
  personSlugs: Map<string, string>;
  /** Per source code, the last name given or known (the stored source takes it). */
  sourceNames: Map<string, string>;
}

export function batchFootprint(stories: readonly PreparedStory[]): BatchFootprint {
  const f: BatchFootprint = { keys: new Set(), titles: false, people: new Map(), personSlugs: new Map(), sourceNames: new Map() };
  for (const s of stories) {
    for (const key of identityKeys(s)) f.keys.add(key);
    f.keys.add(`headline:${s.headlineNorm}`);
    if (s.links.some((l) => isTitleRef(l.ref))) f.titles = true;
    const sourceName = wantedSourceName(s);
    if (sourceName !== null) f.sourceNames.set(s.source.code, sourceName);
    for (const p of s.people) {
      const key = personKey(p.key, p.country);
      const seen = f.people.get(key);
      f.people.set(key, { name: seen?.name ?? p.name, role: p.role ?? seen?.role ?? null });
      f.personSlugs.set(wantedPersonSlug(p), key);
    }
  }
  return f;
}

/** Whether the result of writing both batches depends on which commits first. */
export function footprintsConflict(a: BatchFootprint, b: BatchFootprint): boolean {
  if (a.titles || b.titles) return true;
  const [small, large] = a.keys.size <= b.keys.size ? [a, b] : [b, a];
  for (const key of small.keys) if (large.keys.has(key)) return true;
  for (const [key, p] of a.people) {
    const q = b.people.get(key);
    if (q && (q.name !== p.name || (p.role !== null && q.role !== null && p.role !== q.role))) return true;
  }
  for (const [slug, key] of a.personSlugs) {
    const other = b.personSlugs.get(slug);
    if (other !== undefined && other !== key) return true;
  }
  for (const [code, name] of a.sourceNames) {
    const other = b.sourceNames.get(code);
    if (other !== undefined && other !== name) return true;
  }
  return false;
}
