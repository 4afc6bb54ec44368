import type { AppServices } from "../context";
import { notifyArticleWrites, notifyPayloads, type ArticleWrite } from "./publish";

/** What a committed write changed. */
export interface CommittedWrite {
  /** Articles created or updated (described as they are now). */
  articles?: readonly ArticleWrite[];
  /** Events described inside the transaction (a delete: the story as it was). */
  events?: readonly string[];
}

/**
 * The one step after every committed write — ingest, update, delete, or a batch of stories
 * in one transaction: cached pages move on to the new content version, every server's
 * subscribers hear of the change, and the planner's statistics follow the tables' growth.
 */
export async function afterCommit(app: AppServices, write: CommittedWrite): Promise<void> {
  await app.contentVersion.bump();
  try {
    await notifyArticleWrites(app.ds, write.articles ?? []);
    await notifyPayloads(app.ds, write.events ?? []);
  } catch (error) {
    // The write itself has committed: a change feed that misses it must not fail the request.
    app.log.warn({ err: error }, "change feed: could not announce a committed write");
  }
  try {
    await app.statistics.wrote(write.articles?.length ?? 0);
  } catch (error) {
    app.log.warn({ err: error }, "planner statistics: could not refresh them after a write");
  }
}
