import type { Country } from "../../country/country.entity";
import { SOVEREIGN_CODES } from "../../country/country-data";

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
const AMBIGUOUS_CAPITALS = new Set(["Victoria", "Kingston", "Georgetown", "Santiago", "Valletta", "Male", "Palikir", "Saint John's", "Nassau", "Hamilton", "Jamestown", "Avarua"]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const alternation = (surfaces: Iterable<string>) => [...surfaces].sort((a, b) => b.length - a.length).map(escape).join("|");
const bounded = (body: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:the\\s+)?(${body})(?:s)?(?![\\p{L}\\p{N}])`, "gu");
const HYPHEN = /^\s*[-–—]\s*$/;

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
      if (code) hits.push({ code, offset: m.index! + m[0].indexOf(m[1]), surface: m[1] });
    }
    const joined: CountryHit[] = [];
    for (const m of text.matchAll(this.ambiguousPattern)) {
      const start = m.index! + m[0].indexOf(m[1]);
      const end = start + m[1].length;
      const hyphenated = hits.some(
        (h) => (h.offset >= end && HYPHEN.test(text.slice(end, h.offset))) || (h.offset + h.surface.length <= start && HYPHEN.test(text.slice(h.offset + h.surface.length, start))),
      );
      if (hyphenated) joined.push({ code: this.ambiguousCapitals.get(m[1])!, offset: start, surface: m[1] });
    }
    return joined.length ? [...hits, ...joined].sort((a, b) => a.offset - b.offset) : hits;
  }
}
