import type { PreparedStory } from "../prepare";

/** One story of a round being written; each step fills in what it finds out. */
export interface RoundStory {
  /** Position in the batch: the order a one-story-at-a-time ingest would write in. */
  index: number;
  story: PreparedStory;
  sourceId: string;
  articleId: string;
  /** Whether an article of that id was stored before this round. */
  stored: boolean;
  created: boolean;
  slug: string;
  /** Ids of story.people, in the same order. */
  personIds: string[];
  resolvedLinks: number;
  pendingLinks: number;
}

/** A column of a round as a query parameter array. */
export const column = <T>(round: readonly RoundStory[], pick: (r: RoundStory) => T): T[] => round.map(pick);

/** Rows of every story of a round, each row carrying its story: for one unnest() over the whole round. */
export function rowsOf<T>(round: readonly RoundStory[], rows: (r: RoundStory) => readonly T[]): { owner: RoundStory; row: T }[] {
  return round.flatMap((owner) => rows(owner).map((row) => ({ owner, row })));
}
