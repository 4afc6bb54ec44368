import type { AppServices } from "../context";
import { ingestStory } from "../ingest/ingest";
import { storyFromJson } from "../ingest/corpus-line";
import { Article } from "../article/article.entity";
import demoStories from "./demo-stories.json";

/** Loads the project's demo stories (oldest first, so printed links resolve as they arrive). */
export async function loadDemoStories(app: AppServices): Promise<number> {
  const stories = (demoStories as unknown[]).map(storyFromJson).sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
  for (const story of stories) await ingestStory(app, story);
  return stories.length;
}

/** Loads the demo stories when the database holds no article yet. */
export async function loadDemoIfEmpty(app: AppServices): Promise<number> {
  const any = await app.ds.getRepository(Article).exists();
  return any ? 0 : loadDemoStories(app);
}
