import type { Country } from "../../country/country.entity";
import { SOVEREIGN_CODES } from "../../country/country-data";
import { isRegionName } from "../../country/city-gazetteer";
import { isSurnameLike } from "./people-nlp";
import { isRoleWord, NOT_NAME_WORDS } from "./person-vocabulary";

/** One place a country is named in a text. */
export interface CountryHit {
  code: string;
  offset: number;
  surface: string;
}

/**
 * Capitals that are also given names or common words ("Santiago", "Victoria"): taken only when
 * hyphenated to another country mention, as in "Santiago-Washington cultural exchanges".
 */
const AMBIGUOUS_CAPITALS = new Set([
  "Victoria",
  "Kingston",
  "Georgetown",
  "Santiago",
  "Valletta",
  "Male",
  "Palikir",
  "Saint John's",
  "Nassau",
  "Hamilton",
  "Jamestown",
  "Avarua",
]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const alternation = (surfaces: Iterable<string>) =>
  [...surfaces]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join("|");
const bounded = (body: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:the\\s+)?(${body})(?:s)?(?![\\p{L}\\p{N}])`, "gu");
const HYPHEN = /^\s*[-–—]\s*$/;

/**
 * A country's name that is part of another name: a region named after it ("New Mexico", "New
 * Jersey"), or a person's given name ("Jordan Whitaker", "Chad Morrison", "Israel Ramírez"):
 * one word, followed by a capitalised word that is neither a country nor a word of the
 * language (an unknown or a known surname).
 */
function looksLikeOtherName(text: string, offset: number, surface: string): boolean {
  const before = /(\p{Lu}[\p{L}\p{M}.]*) $/u.exec(text.slice(Math.max(0, offset - 30), offset));
  if (before && isRegionName(`${before[1]} ${surface}`)) return true;
  if (surface.includes(" ") || surface !== surface.replace(/^\p{Ll}/u, "")) return false;
  // "ambassador to Russia Nadia Aït Mouhoub": after a preposition it is the country.
  if (/\b(?:to|of|in|from|with|and|for|by|at|on|between|against|into|than|as|the)\s+$/i.test(text.slice(Math.max(0, offset - 12), offset)))
    return false;
  const after = /^ (\p{Lu}\p{Ll}[\p{L}\p{M}'’-]*)/u.exec(text.slice(offset + surface.length, offset + surface.length + 40));
  return !!after && !NOT_NAME_WORDS.has(after[1]) && !isRoleWord(after[1]) && isSurnameLike(after[1]);
}

/**
 * Finds countries in English text by name, official name, common aliases, demonym and
 * capital (as metonym: "Tehran-Havana relations"). Built once from the country table;
 * sovereign states win a surface they share with a territory.
 */
export class CountryMatcher {
  private readonly pattern: RegExp;
  private readonly ambiguousPattern: RegExp;
  private readonly codeBySurface = new Map<string, string>();
  private readonly ambiguousCapitals = new Map<string, string>();

  constructor(countries: readonly Country[]) {
    const ordered = [...countries].sort((a, b) => Number(SOVEREIGN_CODES.has(b.code)) - Number(SOVEREIGN_CODES.has(a.code)));
    for (const c of ordered) {
      const surfaces = [c.name, c.officialName, ...c.aliases, c.demonym];
      if (c.capital && AMBIGUOUS_CAPITALS.has(c.capital)) {
        if (!this.ambiguousCapitals.has(c.capital)) this.ambiguousCapitals.set(c.capital, c.code);
      } else surfaces.push(c.capital);
      for (const s of surfaces) if (s && s.length >= 2 && !this.codeBySurface.has(s)) this.codeBySurface.set(s, c.code);
    }
    this.pattern = bounded(alternation(this.codeBySurface.keys()));
    this.ambiguousPattern = bounded(alternation(this.ambiguousCapitals.keys()));
  }

  /** Every country mention in `text`, in order. */
  scan(text: string): CountryHit[] {
    const hits: CountryHit[] = [];
    for (const m of text.matchAll(this.pattern)) {
      const code = this.codeBySurface.get(m[1]);
      const offset = m.index! + m[0].indexOf(m[1]);
      if (code && !looksLikeOtherName(text, offset, m[1])) hits.push({ code, offset, surface: m[1] });
    }
    const joined: CountryHit[] = [];
    for (const m of text.matchAll(this.ambiguousPattern)) {
      const start = m.index! + m[0].indexOf(m[1]);
      const end = start + m[1].length;
      const hyphenated = hits.some(
        (h) =>
          (h.offset >= end && HYPHEN.test(text.slice(end, h.offset))) ||
          (h.offset + h.surface.length <= start && HYPHEN.test(text.slice(h.offset + h.surface.length, start))),
      );
      if (hyphenated) joined.push({ code: this.ambiguousCapitals.get(m[1])!, offset: start, surface: m[1] });
    }
    return joined.length ? [...hits, ...joined].sort((a, b) => a.offset - b.offset) : hits;
  }
}
