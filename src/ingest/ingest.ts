import type { AppServices } from "../context";
import { prepareStory } from "./prepare";
import { writeStory } from "./ingest.service";
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
export async function ingestStory(app: AppServices, input: StoryInput): Promise<IngestOutcome> {
  let outcome: IngestOutcome;
  try {
    const story = prepareStory(input, { countries: app.countries, matcher: app.matcher, maxStoryBytes: app.config.maxStoryBytes });
    outcome = await writeStory(app.ds, story);
  } catch (error) {
    ingestedStories.inc({ result: error instanceof AppError ? "rejected" : "failed" });
    throw error;
  }
  ingestedStories.inc({ result: outcome.created ? "created" : "updated" });
  await afterCommit(app, { articles: [{ id: outcome.articleId, type: outcome.created ? ChangeType.CREATED : ChangeType.UPDATED }] });
  return outcome;
}
