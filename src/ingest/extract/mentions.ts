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

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where a named person appears: full name, or surname alone after the first full mention. */
export function findPersonMentions(text: string, name: string): { count: number; firstOffset: number; surface: string } | null {
  const parts = name.split(/\s+/);
  const surname = parts.length > 1 ? parts[parts.length - 1] : null;
  const forms = [name, ...(surname && surname.length > 2 ? [surname] : [])].map(escape);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${forms.join("|")})(?![\\p{L}\\p{N}])`, "gu");
  let count = 0;
  let first: { offset: number; surface: string } | null = null;
  for (const m of text.matchAll(pattern)) {
    count++;
    first ??= { offset: m.index!, surface: m[1] };
  }
  return first ? { count, firstOffset: first.offset, surface: first.surface } : null;
}
