import type { RelationKind } from "../relation/relation-kind";

/** What happened to an article. */
export enum ChangeType {
  CREATED = "CREATED",
  UPDATED = "UPDATED",
  DELETED = "DELETED",
}

/**
 * An article change as it travels between servers (a NOTIFY payload): the article's id and
 * the attributes subscription filters look at, so a filter is decided without a query (and a
 * deleted article can still be matched).
 */
export interface ArticleChangeEvent {
  kind: "article";
  type: ChangeType;
  id: string;
  at: string;
  source: string;
  publishedAt: string;
  tags: string[];
  /** Country codes in order of first mention (the first COUNTRIES_IN_EVENT of them). */
  countries: string[];
  /** Person ids in order of first mention (the first PEOPLE_IN_EVENT of them). */
  people: string[];
}

/** A relation whose weight changed; the row as it is after the change (weight 0: gone). */
export interface RelationChangeEvent {
  kind: "relation";
  at: string;
  relation: {
    id: string;
    kind: RelationKind;
    subject_article_id: string | null;
    subject_person_id: string | null;
    subject_country_code: string | null;
    object_article_id: string | null;
    object_country_code: string | null;
    title: string | null;
    weight: number;
    first_seen_at: string;
    last_seen_at: string;
    changed_at: string;
  };
}

export type ChangeEvent = ArticleChangeEvent | RelationChangeEvent;

/** The PostgreSQL NOTIFY channel every server listens on. */
export const CHANGE_CHANNEL = "newsgraph_changes";

/**
 * Caps that keep a payload under PostgreSQL's 8000-byte NOTIFY limit (at most 100 ids of 36
 * characters, 20 tags cut to 100, 60 country codes: about 6.6 kB): a story naming more people
 * or countries than this is matched on the first ones.
 */
export const PEOPLE_IN_EVENT = 100;
export const TAGS_IN_EVENT = 20;
export const COUNTRIES_IN_EVENT = 60;

/** Parses a NOTIFY payload; null for anything that is not one of our events. */
export function parseChangeEvent(payload: string): ChangeEvent | null {
  try {
    const event = JSON.parse(payload) as ChangeEvent;
    if (event?.kind === "article" && typeof event.id === "string" && event.type in ChangeType) return event;
    if (event?.kind === "relation" && typeof event.relation?.id === "string") return event;
  } catch {
    // not ours
  }
  return null;
}
