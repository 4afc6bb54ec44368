import type { FeedFilter } from "../article/article-feed";
import type { RelationKind } from "../relation/relation-kind";
import type { ArticleChangeEvent, RelationChangeEvent } from "./change-event";

/** Whether an article change passes an `articleChanged` filter (the same conditions as the `articles` feed). */
export function articleChangeMatches(filter: FeedFilter, event: ArticleChangeEvent): boolean {
  if (filter.countries?.some((code) => !event.countries.includes(code))) return false;
  if (filter.personId && !event.people.includes(filter.personId)) return false;
  if (filter.sourceCode && event.source !== filter.sourceCode) return false;
  if (filter.tag && !event.tags.includes(filter.tag)) return false;
  const published = Date.parse(event.publishedAt);
  if (filter.publishedAfter && !(published > filter.publishedAfter.getTime())) return false;
  if (filter.publishedBefore && !(published < filter.publishedBefore.getTime())) return false;
  return true;
}

/** The conditions of a `relationChanged` subscription, resolved to codes. */
export interface RelationChangeFilter {
  /** Every listed country is at one end (alpha-2 codes). */
  between: string[];
  kinds: RelationKind[];
}

/** Whether a relation change passes a `relationChanged` filter. */
export function relationChangeMatches(filter: RelationChangeFilter, event: RelationChangeEvent): boolean {
  const r = event.relation;
  if (filter.kinds.length && !filter.kinds.includes(r.kind)) return false;
  return filter.between.every((code) => r.subject_country_code === code || r.object_country_code === code);
}
