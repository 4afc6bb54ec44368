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
 * ≥ 0.2 when they name a person in common). A cluster is a lead story and the later stories that
 * match it (cluster-plan.ts). Calibrated on hand-written stories (tests/fixtures/cluster-stories.ts):
 * one event told by different agencies shares 0.4-0.8 of its lead words, unrelated events
 * between the same countries on the same day 0.07-0.13.
 */
export function storiesMatch(a: Comparable, b: Comparable): boolean {
  if (Math.abs(a.at - b.at) > MATCH_WINDOW_HOURS * 3_600_000) return false;
  if (a.countries.size === 0 || b.countries.size === 0 || jaccard(a.countries, b.countries) < 0.5) return false;
  const sharePerson = [...a.people].some((p) => b.people.has(p));
  return jaccard(a.terms, b.terms) >= (sharePerson ? 0.2 : 0.3);
}
