import { storyFromJson } from "../corpus-line";
import { prepareStory, type PreparedStory, type PrepareTools } from "../prepare";
import type { StoryInput } from "../story";

/** One input record to prepare: a JSON line's text, a parsed JSON value, a parsed story, or why it cannot be one. */
export type PrepareTask = { text: string } | { value: unknown } | { story: StoryInput } | { error: string };

/** A prepared story, or the reason the record is not one (reported with its file and line). */
export type PrepareResult = { story: PreparedStory } | { error: string };

/** Turns a record into a prepared story: the same storyFromJson and prepareStory as every other route. Pure. */
export function runPrepareTask(task: PrepareTask, tools: PrepareTools): PrepareResult {
  try {
    if ("error" in task) return { error: task.error };
    let input: StoryInput;
    if ("story" in task) input = task.story;
    else if ("value" in task) input = storyFromJson(task.value);
    else {
      let value: unknown;
      try {
        value = JSON.parse(task.text);
      } catch (e) {
        return { error: `not valid JSON (${(e as Error).message})` };
      }
      input = storyFromJson(value);
    }
    return { story: prepareStory(input, tools) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
