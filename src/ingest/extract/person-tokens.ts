import type { CountryHit } from "./country-matcher";
import { COURTESY_TITLES, isRoleWord, NAME_TITLES, NOT_NAME_WORDS, RANK_HEADS } from "./person-vocabulary";

/** A word or punctuation mark of a text, with the country it is part of, if any. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Country code when the token is inside a country mention ("Iran", "Republic of Cuba", "Kazakh"). */
  country: string | null;
  /** Index of that country mention in the hit list, -1 when none: tells "Iran Cuba" from "Republic of Cuba". */
  hit: number;
  /** First word of a sentence or paragraph. */
  sentenceStart: boolean;
}

/**
 * Words (with inner hyphens, and apostrophes before a capital as in "O'Brien"), the
 * possessive "'s" / "'" as its own token, and any other non-space character.
 */
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:(?:-|['’](?=\p{Lu}))[\p{L}\p{M}\p{N}]+)*|['’]s(?![\p{L}\p{N}])|\S/gu;
const SENTENCE_END = new Set([".", "!", "?", ":", ";", '"', "“", "”", "(", ")"]);

/** Tokens of `text`, marked with the country hits that cover them. */
export function tokenize(text: string, hits: readonly CountryHit[]): Token[] {
  const tokens: Token[] = [];
  let h = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index;
    const end = start + m[0].length;
    while (h < hits.length && hits[h].offset + hits[h].surface.length <= start) h++;
    // "London-listed", "Lima-based": a place inside a compound adjective is no country of the phrase.
    const inHit = h < hits.length && hits[h].offset < end && !/-\p{Ll}/u.test(m[0]);
    const prev = tokens[tokens.length - 1];
    const sentenceStart = !prev || SENTENCE_END.has(prev.text) || text.slice(prev.end, start).includes("\n");
    tokens.push({ text: m[0], start, end, country: inHit ? hits[h].code : null, hit: inHit ? h : -1, sentenceStart });
  }
  return tokens;
}

/** Only spaces, no-break spaces included (no line break), between two neighbouring tokens. */
export const joined = (text: string, a: Token, b: Token): boolean => /^[ \u00a0]+$/.test(text.slice(a.end, b.start));

/** "K." of "K. S. Raghunathan": one capital letter with its period, then a space. */
export const isInitial = (text: string, tokens: readonly Token[], i: number): boolean =>
  !!tokens[i] &&
  !tokens[i].country &&
  /^\p{Lu}$/u.test(tokens[i].text) &&
  tokens[i + 1]?.text === "." &&
  tokens[i + 1].start === tokens[i].end &&
  !!tokens[i + 2] &&
  joined(text, tokens[i + 1], tokens[i + 2]);

/** Possessive marker token: "'s", "’s", or a bare apostrophe after a plural ("States'"). */
export const isPossessive = (t: Token | undefined): boolean => !!t && /^['’]s?$/.test(t.text);

/** A capitalised word that could be part of a person's name. */
export function isNameWord(t: Token | undefined): boolean {
  if (!t || t.country) return false;
  const w = t.text;
  // "Raisi", "Jean-Pierre", "O'Brien", and Arabic names with their article ("al-Sudani").
  if (!/^(?:(?:al|el|ad|as|ash|at|az|ar|an|ud|abd|bin|ibn)-)?\p{Lu}[\p{L}\p{M}'’-]*$/u.test(w) || !/\p{Ll}/u.test(w)) return false;
  return !NOT_NAME_WORDS.has(w) && !isRoleWord(w) && !NAME_TITLES.has(w) && !COURTESY_TITLES.has(w) && !RANK_HEADS.has(w);
}

/** A token that ends a country mention: the last token of its hit. */
export function countryEndingAt(tokens: readonly Token[], i: number): { code: string; first: number } | null {
  const t = tokens[i];
  if (!t?.country) return null;
  let first = i;
  while (first > 0 && tokens[first - 1].hit === t.hit) first--;
  return { code: t.country, first };
}

/** The country mention starting at token i: its code and the index after it. */
export function countryStartingAt(tokens: readonly Token[], i: number): { code: string; next: number } | null {
  const t = tokens[i];
  if (!t?.country) return null;
  let next = i + 1;
  while (next < tokens.length && tokens[next].hit === t.hit) next++;
  return { code: t.country, next };
}
