import type { Country } from "../../country/country.entity";

/** One place a country is named in a text. */
export interface CountryHit {
  code: string;
  offset: number;
  surface: string;
}

/** Capitals that are also common words or names in English news; matched only as part of a country's name. */
const AMBIGUOUS_CAPITALS = new Set(["Victoria", "Kingston", "Georgetown", "Washington D.C.", "Santiago", "Valletta", "Male", "Palikir", "Saint John's", "Nassau", "Hamilton", "Jamestown", "Avarua"]);

/** Short forms only matched when written exactly as given (US, UK, UAE, …). */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Finds countries in English text by name, official name, common aliases, demonym and
 * capital (as metonym: "Tehran-Havana relations"). Built once from the country table.
 */
export class CountryMatcher {
  private readonly pattern: RegExp;
  private readonly codeBySurface = new Map<string, string>();

  constructor(countries: readonly Country[]) {
    for (const c of countries) {
      const surfaces = [c.name, c.officialName, c.demonym, ...c.aliases];
      if (c.capital && !AMBIGUOUS_CAPITALS.has(c.capital)) surfaces.push(c.capital);
      if (c.capital === "Washington D.C.") surfaces.push("Washington D.C.");
      for (const s of surfaces) {
        if (!s || s.length < 2) continue;
        if (!this.codeBySurface.has(s)) this.codeBySurface.set(s, c.code);
        // Possessive and plural demonyms ("Iran's", "Iranians") come from the boundary rule below.
      }
    }
    const alternatives = [...this.codeBySurface.keys()].sort((a, b) => b.length - a.length).map(escape);
    this.pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:the\\s+)?(${alternatives.join("|")})(?:s)?(?![\\p{L}\\p{N}])`, "gu");
  }

  /** Every country mention in `text`, in order. */
  scan(text: string): CountryHit[] {
    const hits: CountryHit[] = [];
    for (const m of text.matchAll(this.pattern)) {
      const surface = m[1];
      const code = this.codeBySurface.get(surface);
      if (code) hits.push({ code, offset: m.index! + m[0].indexOf(surface), surface });
    }
    return hits;
  }
}
