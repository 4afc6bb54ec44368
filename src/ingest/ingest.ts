import type { AppServices } from "../context";
import { prepareStory } from "./prepare";
import type { EntityManager } from "typeorm";
import { rewriteStory, writeStory } from "./ingest.service";
import type { IngestOutcome, StoryInput } from "./story";
import { afterCommit } from "../live/after-commit";
import { ChangeType } from "../live/change-event";
import { ingestedStories } from "../common/metrics";
import { AppError } from "../common/errors";

/**
 * The one entry point for taking in a story, used by the API, the CLI and the demo loader:
 * check and analyse (pure), write (one transaction), then move the content version so caches
 * drop pages that could show the old story and tell subscribers (afterCommit).
 */
export function ingestStory(app: AppServices, input: StoryInput): Promise<IngestOutcome> {
  return recordIngest(app, () => writeStory(app.ds, prepare(app, input)));
}

/**
 * Takes in a story again as `edit` makes it from the stored one, inside the write transaction
 * (see rewriteStory): an edit of a stored story (updateArticle).
 */
export function reingestStory(app: AppServices, edit: (m: EntityManager) => Promise<StoryInput>): Promise<IngestOutcome> {
  return recordIngest(app, () => rewriteStory(app.ds, async (m) => prepare(app, await edit(m))));
}

const prepare = (app: AppServices, input: StoryInput) => prepareStory(input, { countries: app.countries, matcher: app.matcher, maxStoryBytes: app.config.maxStoryBytes });

/** Counts an ingest by its result and, once it is committed, tells caches and subscribers. */
async function recordIngest(app: AppServices, write: () => Promise<IngestOutcome>): Promise<IngestOutcome> {
  let outcome: IngestOutcome;
  try {
    outcome = await write();
  } catch (error) {
    ingestedStories.inc({ result: error instanceof AppError ? "rejected" : "failed" });
    throw error;
  }
  ingestedStories.inc({ result: outcome.created ? "created" : "updated" });
  await afterCommit(app, { articles: [{ id: outcome.articleId, type: outcome.created ? ChangeType.CREATED : ChangeType.UPDATED }] });
  return outcome;
}
