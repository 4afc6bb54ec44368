import type { CountryHit } from "./country-matcher";

/** A mention summary for one entity in one text. */
export interface MentionSummary<K> {
  key: K;
  position: number;
  count: number;
  firstOffset: number;
  surface: string;
}

/** Countries in order of first mention with counts; `only` keeps the caller's list and order. */
export function summarizeCountries(hits: readonly CountryHit[], only?: readonly string[]): MentionSummary<string>[] {
  const byCode = new Map<string, MentionSummary<string>>();
  for (const hit of hits) {
    const seen = byCode.get(hit.code);
    if (seen) seen.count++;
    else byCode.set(hit.code, { key: hit.code, position: 0, count: 1, firstOffset: hit.offset, surface: hit.surface });
  }
  const list = only
    ? only.map((code) => byCode.get(code) ?? { key: code, position: 0, count: 1, firstOffset: 0, surface: code })
    : [...byCode.values()];
  return list.map((m, i) => ({ ...m, position: i }));
}

/** A letter or digit (the word characters of a name's boundaries). */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether the code point ending just before `i` is a letter or digit. */
function wordBefore(text: string, i: number): boolean {
  if (i === 0) return false;
  const low = text.charCodeAt(i - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && i >= 2 && text.charCodeAt(i - 2) >= 0xd800 && text.charCodeAt(i - 2) <= 0xdbff ? i - 2 : i - 1;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start)!));
}

/** Whether the code point starting at `i` is a letter or digit. */
const wordAt = (text: string, i: number): boolean => i < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i)!));

/** The first whole-word occurrence of `form` at or after `from` (-1: none). */
function nextWhole(text: string, form: string, from: number): number {
  for (let i = text.indexOf(form, from); i >= 0; i = text.indexOf(form, i + 1)) {
    if (!wordBefore(text, i) && !wordAt(text, i + form.length)) return i;
  }
  return -1;
}

/**
 * Where a named person appears: full name, or surname alone after the first full mention.
 * Whole words only (no letter or digit on either side), counted left to right without
 * overlaps, the full name preferred where both start. Plain string search: a regular
 * expression built per name is compiled anew for every story, which cost more than the rest
 * of the story's extraction.
 */
export function findPersonMentions(text: string, name: string): { count: number; firstOffset: number; surface: string } | null {
  const parts = name.split(/\s+/);
  const surname = parts.length > 1 ? parts[parts.length - 1] : null;
  const forms = [name, ...(surname && surname.length > 2 ? [surname] : [])];
  const next = forms.map((f) => nextWhole(text, f, 0));
  let count = 0;
  let first: { offset: number; surface: string } | null = null;
  for (;;) {
    // The earliest occurrence; at the same place the full name (listed first) wins.
    let pick = -1;
    for (let k = 0; k < forms.length; k++) if (next[k] >= 0 && (pick < 0 || next[k] < next[pick])) pick = k;
    if (pick < 0) break;
    const at = next[pick];
    const end = at + forms[pick].length;
    count++;
    first ??= { offset: at, surface: forms[pick] };
    for (let k = 0; k < forms.length; k++) if (next[k] >= 0 && next[k] < end) next[k] = nextWhole(text, forms[k], end);
  }
  return first ? { count, firstOffset: first.offset, surface: first.surface } : null;
}
