/** What two stories are compared on to tell whether they report the same event. */
export interface StoryFeatures {
  id: string;
  publishedAt: Date;
  /** Country codes the story names. */
  countries: readonly string[];
  /** Ids of the people it names. */
  people: readonly string[];
  /** Stemmed words of its lead (headline, summary, first two paragraphs): `articles.cluster_terms`. */
  terms: readonly string[];
}

/** Stories further apart than this are never the same event. */
export const MATCH_WINDOW_HOURS = 36;

const jaccard = (a: ReadonlySet<string>, b: ReadonlySet<string>): number => {
  if (a.size + b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
};

/** Features with their sets built once, for many comparisons. */
export interface Comparable {
  id: string;
  at: number;
  countries: ReadonlySet<string>;
  people: ReadonlySet<string>;
  terms: ReadonlySet<string>;
}
export const comparable = (f: StoryFeatures): Comparable => ({
  id: f.id,
  at: f.publishedAt.getTime(),
  countries: new Set(f.countries),
  people: new Set(f.people),
  terms: new Set(f.terms),
});

/**
 * Whether two stories tell the same event: published within 36 hours of each other, naming
 * mostly the same countries (Jaccard ≥ 0.5), and sharing enough lead words (Jaccard ≥ 0.3, or
 * ≥ 0.2 when they name a person in common). Symmetric, so clusters are the connected groups of
 * matching stories. Calibrated on hand-written stories (tests/fixtures/cluster-stories.ts):
 * one event told by different agencies shares 0.4-0.8 of its lead words, unrelated events
 * between the same countries on the same day 0.07-0.13.
 */
export function storiesMatch(a: Comparable, b: Comparable): boolean {
  if (Math.abs(a.at - b.at) > MATCH_WINDOW_HOURS * 3_600_000) return false;
  if (a.countries.size === 0 || b.countries.size === 0 || jaccard(a.countries, b.countries) < 0.5) return false;
  const sharePerson = [...a.people].some((p) => b.people.has(p));
  return jaccard(a.terms, b.terms) >= (sharePerson ? 0.2 : 0.3);
}

/**
 * The matching pairs that involve at least one of the `changed` stories (written, or in a
 * cluster that has to be worked out again), each compared only with stories naming one of its
 * countries (storiesMatch needs a shared country). Pairs between two unchanged stories are
 * what they were, and the clusters they are in already say so: comparing them again made a
 * batch cost the square of the stories around it (thousands, in a dense corpus).
 */
export function matchingPairs(stories: readonly StoryFeatures[], changed: ReadonlySet<string>): [string, string][] {
  const all = stories.map(comparable);
  const byCountry = new Map<string, Comparable[]>();
  for (const s of all) {
    for (const c of s.countries) {
      const list = byCountry.get(c);
      if (list) list.push(s);
      else byCountry.set(c, [s]);
    }
  }
  const pairs: [string, string][] = [];
  for (const a of all) {
    if (!changed.has(a.id)) continue;
    const compared = new Set<Comparable>([a]);
    for (const c of a.countries) {
      for (const b of byCountry.get(c)!) {
        if (compared.has(b)) continue;
        compared.add(b);
        if (changed.has(b.id) && b.id < a.id) continue; // a pair of two changed stories once, from the smaller id
        if (storiesMatch(a, b)) pairs.push([a.id, b.id]);
      }
    }
  }
  return pairs;
}
