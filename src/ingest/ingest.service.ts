import type { DataSource, EntityManager } from "typeorm";
import type { PreparedStory } from "./prepare";
import type { IngestOutcome } from "./story";
import { splitRounds } from "./write/rounds";
import type { RoundStory } from "./write/round";
import { clearDerived, resolveArticleIds, upsertArticles, upsertSources } from "./write/article-steps";
import { insertMentions, insertRelations, upsertPeople } from "./write/entity-steps";
import { insertLinks, resolveAllPendingLinks, resolvePendingLinksTo } from "./write/link-steps";
import { keepReplacedVersions } from "../revision/revision-write";
import { reclusterStories } from "../cluster/cluster-write";
import { AppError, badInput } from "../common/errors";
import { waitForMerges } from "../person/person-merge.service";

export { TITLE_SIMILARITY } from "./write/article-steps";

type DatabaseError = { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string };

/** Whether an error is a lost race that a retry of the whole transaction settles (deadlock, serialization, unique key). */
function isRetryable(error: unknown): boolean {
  const code = (error as DatabaseError).driverError?.code ?? (error as DatabaseError).code;
  return ["40P01", "40001", "23505"].includes(code ?? "");
}

/** What a story's identity keys (one article per source and text, per source and URL) say when another article holds them. */
const IDENTITY_TAKEN: Record<string, string> = {
  articles_source_hash_key: "Another article from this source has the same headline and text: a story is stored once per source and text (to update that article, give its id or none)",
  articles_source_url_key: "Another article from this source has this URL: a story is stored once per source and URL (to update that article, give its id or none)",
};

/**
 * The clear error for a write that meets another article's identity keys. A story without an id
 * is looked up by them first, so it only meets them when it lost a race, and its retry finds the
 * winner; a story given an id (or an edit) that meets them again names another article.
 */
function identityTaken(error: unknown): AppError | null {
  const constraint = (error as DatabaseError).driverError?.constraint ?? (error as DatabaseError).constraint;
  return constraint && constraint in IDENTITY_TAKEN ? badInput(IDENTITY_TAKEN[constraint]) : null;
}

/** Writes one prepared story in one transaction: writeStories with a batch of one. */
export async function writeStory(ds: DataSource, story: PreparedStory): Promise<IngestOutcome> {
  return (await writeStories(ds, [story]))[0];
}

/**
 * Writes prepared stories in one transaction, with the same result as writing them one by one
 * in order: the articles (insert or update), their sources, people, mentions, quotes,
 * relations with evidence and printed links; then links resolved both ways (their links to
 * stored stories, and pending links elsewhere that name them). Every step is one set-based
 * statement over a round of stories (see write/rounds.ts), so a batch of hundreds costs about
 * what one story costs. A failure anywhere rolls the whole batch back.
 */
export async function writeStories(ds: DataSource, stories: readonly PreparedStory[], options: WriteOptions = {}): Promise<IngestOutcome[]> {
  if (stories.length === 0) return [];
  return inWriteTransaction(ds, async (m) => {
    // A bulk load does not wait for each batch to reach the disk: a crash can lose the last
    // batches whole (never part of one), and running the load again writes them.
    if (options.waitForDisk === false) await m.query(`SET LOCAL synchronous_commit = off`);
    return writeBatch(m, stories);
  });
}

export interface WriteOptions {
  /** Whether COMMIT waits until the batch is on disk (default true; a bulk load says false). */
  waitForDisk?: boolean;
}

/**
 * Writes one story that is worked out inside the write transaction from what is stored (an
 * edit: `story` reads the stored article, locking its row, and patches it). Reading and writing
 * are one transaction, so concurrent edits of one story queue and none is lost to another's
 * stale read; a retry reads again.
 */
export async function rewriteStory(ds: DataSource, story: (m: EntityManager) => Promise<PreparedStory>): Promise<IngestOutcome> {
  return inWriteTransaction(ds, async (m) => (await writeBatch(m, [await story(m)]))[0]);
}

/**
 * Runs a write in a transaction, after any mergePeople under way (waitForMerges). Concurrent
 * writers of the same story or people can still meet in a deadlock or a unique-key race; the
 * whole transaction is then rolled back and tried again.
 */
async function inWriteTransaction<T>(ds: DataSource, write: (m: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(async (m) => {
        await waitForMerges(m);
        return write(m);
      });
    } catch (error) {
      const taken = identityTaken(error);
      if (taken && attempt >= 2) throw taken;
      if (attempt >= 3 || !isRetryable(error)) throw taken ?? error;
    }
  }
}

async function writeBatch(m: EntityManager, stories: readonly PreparedStory[]): Promise<IngestOutcome[]> {
  const sources = await upsertSources(m, stories);
  const items: RoundStory[] = stories.map((story, index) => ({
    index,
    story,
    sourceId: sources.get(story.source.code)!,
    articleId: "",
    stored: false,
    created: false,
    slug: story.slug,
    personIds: [],
    resolvedLinks: 0,
    pendingLinks: 0,
  }));
  for (const round of splitRounds(items)) await writeRound(m, round);
  return items.map((r) => ({ articleId: r.articleId, created: r.created, resolvedLinks: r.resolvedLinks, pendingLinks: r.pendingLinks, warnings: r.story.warnings }));
}

/** One round: stories that share no identity, so each step can take them all at once. */
async function writeRound(m: EntityManager, candidates: RoundStory[]): Promise<void> {
  await resolveArticleIds(m, candidates);
  // Two stories that turn out to re-ingest the same stored article go to separate rounds.
  const ids = new Set<string>();
  const cut = candidates.findIndex((r) => ids.size === ids.add(r.articleId).size);
  const round = cut < 0 ? candidates : candidates.slice(0, cut);
  // Revision history: the stored version each story replaces is kept before it is written over.
  await keepReplacedVersions(m, round.filter((r) => r.stored).map((r) => ({ id: r.articleId, sourceId: r.sourceId, story: r.story })));
  await upsertArticles(m, round);
  await clearDerived(m, round);
  await upsertPeople(m, round);
  await insertMentions(m, round);
  await insertLinks(m, round);
  await resolvePendingLinksTo(m, round);
  // Story clusters: they compare the stories as written, people and countries included.
  await reclusterStories(m, round.map((r) => r.articleId));
  // Country and role relations last: their rows are shared by many stories (a weight to add
  // to), and each writer holds the rows it updated until it commits; written last, a
  // concurrent writer waits on them for as little as can be.
  await insertRelations(m, round);
  if (cut >= 0) await writeRound(m, candidates.slice(cut));
}

/**
 * Resolves every pending link whose target is stored (by id, slug or exact normalized
 * headline) and moves links from a near headline to the exact one. Stories written side by
 * side cannot see each other before they commit; a bulk ingest runs this at the end.
 */
export const resolvePendingLinks = (ds: DataSource): Promise<number> =>
  // One statement over every link: at 1,000,000 stories with two writers, ~380,000 links wait
  // for it, well past the 15 s every other statement is allowed (it cancelled the load's end).
  ds.transaction(async (m) => {
    await m.query(`SET LOCAL statement_timeout = 0`);
    return resolveAllPendingLinks(m);
  });
