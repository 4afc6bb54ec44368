import worldCountries from "world-countries";

/** A country as the database stores it. */
export interface CountryRecord {
  code: string;
  alpha3: string;
  name: string;
  officialName: string | null;
  capital: string | null;
  demonym: string | null;
  aliases: string[];
}

/**
 * Names that newsrooms use but the dataset's altSpellings lack. The dataset (world-countries,
 * maintained upstream) stays the source of every country, code, capital and demonym; this
 * only adds usage.
 */
const USAGE_ALIASES: Record<string, string[]> = {
  US: ["US", "U.S.", "USA", "America", "United States of America", "Washington"],
  GB: ["UK", "U.K.", "Britain", "Great Britain"],
  AE: ["UAE", "Emirates"],
  KR: ["ROK", "Korean"],
  KP: ["DPRK"],
  CN: ["PRC"],
  RU: ["Russian Federation"],
  SA: ["KSA"],
  NL: ["Holland"],
  CD: ["DRC"],
  CZ: ["Czech Republic"],
  TR: ["Turkey", "Turkiye"],
  KZ: ["Kazakh"],
  BR: ["Brasilia"],
  CO: ["Bogota"],
  YE: ["Sanaa"],
  IN: ["Bharat"],
  GR: ["Hellas"],
  TH: ["Siam"],
  ET: ["Abyssinia"],
  IR: ["Persia"],
  VA: ["Holy See"],
  PS: ["Palestinian territories"],
};

/**
 * Codes of sovereign states (independent or UN members). Territories share demonyms with
 * them ("American" is also the Northern Mariana Islands' demonym); in news text the state is meant.
 */
export const SOVEREIGN_CODES: ReadonlySet<string> = new Set(worldCountries.filter((c) => c.independent || c.unMember).map((c) => c.cca2));

/**
 * altSpellings in other languages that are English words or names in English text: Iceland's
 * "Island", the Isle of Man's "Mann", Dominica's "Dominique".
 */
const ALIASES_THAT_ARE_ENGLISH_WORDS = new Set(["Island", "Mann", "Dominique"]);

/** altSpellings entries worth matching in English text: Latin script, not a bare ISO code, not an English word. */
function usableAlias(alias: string, code: string): boolean {
  if (alias === code || alias.length < 3 || ALIASES_THAT_ARE_ENGLISH_WORDS.has(alias)) return false;
  if (/[^\u0000-\u024f]/.test(alias)) return false;
  if (alias.includes(",")) return false; // "Iran, Islamic Republic of" is an index form, not prose
  return /^[A-Z]/.test(alias);
}

/** Every ISO 3166-1 country (officially assigned codes) from the world-countries package. */
export function countryRecords(): CountryRecord[] {
  return worldCountries
    .filter((c) => c.status === "officially-assigned" && /^[A-Z]{2}$/.test(c.cca2))
    .map((c) => {
      const name = c.name.common;
      const aliases = new Set<string>();
      for (const alias of c.altSpellings ?? []) if (usableAlias(alias, c.cca2)) aliases.add(alias);
      for (const alias of USAGE_ALIASES[c.cca2] ?? []) aliases.add(alias);
      aliases.delete(name);
      return {
        code: c.cca2,
        alpha3: c.cca3,
        name,
        officialName: c.name.official && c.name.official !== name ? c.name.official : null,
        capital: c.capital?.[0] ?? null,
        demonym: c.demonyms?.eng?.m ?? null,
        aliases: [...aliases],
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}
