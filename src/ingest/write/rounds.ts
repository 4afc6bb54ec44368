import type { PreparedStory } from "../prepare";

/**
 * The keys by which two stories of one batch could touch the same stored article: its given
 * id, the same source and URL, the same source and text, or the same wanted slug.
 */
export function identityKeys(story: PreparedStory): string[] {
  const code = story.source.code;
  const keys = [`hash:${code}|${story.contentHash}`, `slug:${story.slug}`];
  if (story.id) keys.push(`id:${story.id}`);
  if (story.url) keys.push(`url:${code}|${story.url}`);
  return keys;
}

/**
 * Cuts a batch, in order, into rounds in which no two stories share an identity key. A round
 * is written with one statement per step, and set-based statements cannot see their own rows:
 * a story that re-ingests (or takes the slug of) one earlier in the same batch goes into a
 * later round, which sees what the earlier rounds wrote, as the one-story path would.
 */
export function splitRounds<T extends { story: PreparedStory }>(items: readonly T[]): T[][] {
  const rounds: T[][] = [];
  let round: T[] = [];
  let seen = new Set<string>();
  for (const item of items) {
    const keys = identityKeys(item.story);
    if (keys.some((k) => seen.has(k))) {
      rounds.push(round);
      round = [];
      seen = new Set();
    }
    round.push(item);
    for (const k of keys) seen.add(k);
  }
  if (round.length) rounds.push(round);
  return rounds;
}
