import type { RelationKind } from "../relation/relation-kind";

/** A story ready to be written: what ingestArticle, the corpus reader and the demo set produce. */
export interface StoryInput {
  id?: string | null;
  slug?: string | null;
  source: { code: string; name?: string | null };
  dateline?: string | null;
  /**
   * A region or country printed with the dateline's place ("KYIV, Ukraine (AP)"), or the
   * country code stored with it; helps find the dateline's country.
   */
  datelineRegion?: string | null;
  headline: string;
  summary?: string | null;
  body: string[];
  publishedAt: Date;
  language?: string | null;
  url?: string | null;
  tags?: string[] | null;
  people?: { name: string; role?: string | null; country?: string | null }[] | null;
  countries?: string[] | null;
  related?: { id?: string | null; slug?: string | null; title?: string | null; kind?: RelationKind | null }[] | null;
  relations?: { from: string; to: string; kind: RelationKind }[] | null;
  /**
   * True when publishedAt is a stand-in (ingest time, file time) rather than what the story
   * says: a re-ingest then keeps the time stored the first time.
   */
  publishedAtGuessed?: boolean | null;
  /** Warnings from an earlier step (e.g. the wire parser), passed on to the result. */
  warnings?: string[] | null;
}

/** What writing a story did. */
export interface IngestOutcome {
  articleId: string;
  created: boolean;
  resolvedLinks: number;
  pendingLinks: number;
  warnings: string[];
}
