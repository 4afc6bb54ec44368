import type { AppServices } from "../context";
import { reingestStory } from "./ingest";
import type { ArticlePatch } from "./ingest.inputs";
import { storedStory } from "./stored-story";
import { deleteArticleWithEvents } from "../live/publish";
import { afterCommit } from "../live/after-commit";
import { keepDeletedVersion } from "../revision/revision-write";
import { clusterOf, reclusterStories } from "../cluster/cluster-write";

/** Fields whose change replaces the text that people, countries and relations are read from. */
const TEXT_FIELDS = ["body", "dateline"] as const;

/**
 * Edits a stored story: the patched story goes through ingest again, so everything derived
 * stays consistent. When the body (or dateline) changes, the people, countries and relations
 * the patch does not give are worked out again from the new text (the stored ones belonged to
 * the old text); quotes always are. A headline or summary edit keeps them. The stored story is
 * read inside the write transaction with its row locked, so concurrent edits each apply to
 * the story as the one before left it.
 */
export async function updateArticle(app: AppServices, id: string, patch: ArticlePatch): Promise<void> {
  const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined && v !== null));
  await reingestStory(app, async (m) => {
    const story = await storedStory(m, id);
    const newText = TEXT_FIELDS.some((f) => f in changes && JSON.stringify(changes[f]) !== JSON.stringify(story[f]));
    const reread = newText
      ? { people: null, countries: null, relations: null, datelineRegion: "dateline" in changes ? null : story.datelineRegion }
      : {};
    return { ...story, ...reread, ...changes };
  });
}

/**
 * Deletes a story. Foreign keys do the rest: its mentions, quotes, evidence and own links go;
 * links from other stories to it fall back to pending (ON DELETE SET NULL keeps their title);
 * relations left without evidence are removed by the evidence trigger.
 */
export async function deleteArticle(app: AppServices, id: string): Promise<boolean> {
  const events = await app.ds.transaction(async (m) => {
    await keepDeletedVersion(m, id); // its history stays readable by editors
    const cluster = await clusterOf(m, id);
    const events = await deleteArticleWithEvents(m, id);
    // The stories it was clustered with may no longer belong together without it.
    if (cluster) await reclusterStories(m, [], [cluster]);
    return events;
  });
  if (events) await afterCommit(app, { events });
  return events !== null;
}
