import fs from "node:fs";
import type { AppServices } from "../context";
import { ingestStory } from "../ingest/ingest";
import { parseWire } from "../ingest/parse/wire";
import { storyFromWire } from "../ingest/wire-story";
import { compareStory, failedScore, type StoryScore } from "./compare";
import type { ExpectedStory } from "./expected";
import { readStoredStory } from "./stored";

/** A file's text; invalid UTF-8 is refused as ingest refuses it. */
const readUtf8 = (file: string): string => new TextDecoder("utf-8", { fatal: true }).decode(fs.readFileSync(file));

/**
 * The source code to ingest a story under: the caller's when the text prints no agency in its
 * dateline, else none, so the dateline's agency is read (and scored) as a wire file's would be.
 */
function sourceOption(text: string, given: string | null | undefined): string | null {
  try {
    return parseWire(text).sourceCode ? null : (given ?? null);
  } catch {
    return given ?? null;
  }
}

/**
 * Ingests each story through the real path (wire parser, prepareStory, writeStory into the
 * app's database) and compares what was stored with what was expected. Stories are written in
 * order into one database, as a user's ingest would write them.
 */
export async function scoreStories(app: AppServices, stories: ExpectedStory[], onStory?: (done: number) => void): Promise<StoryScore[]> {
  const scores: StoryScore[] = [];
  for (const expected of stories) {
    try {
      const text = readUtf8(expected.file);
      const options = { ...expected.ingest, source: sourceOption(text, expected.ingest.source) };
      const outcome = await ingestStory(app, storyFromWire(text, options, app.config.maxStoryBytes));
      scores.push(compareStory(expected, await readStoredStory(app.ds, outcome.articleId)));
    } catch (error) {
      scores.push(failedScore(expected, (error as Error).message));
    }
    onStory?.(scores.length);
  }
  return scores;
}
