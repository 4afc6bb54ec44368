import type { Country } from "../../country/country.entity";
import { SOVEREIGN_CODES } from "../../country/country-data";
import { cityCountry, isRegionName, regionCountries } from "../../country/city-gazetteer";
import { isNameOrDemonym, isSurnameLike } from "./people-nlp";
import { isRoleWord, NOT_NAME_WORDS } from "./person-vocabulary";
import { SurfaceScanner } from "./surface-scanner";

/** One place a country is named in a text. */
export interface CountryHit {
  code: string;
  offset: number;
  surface: string;
}

/** What the story around a text says that bears on reading it: where the story is set. */
export interface ScanContext {
  /** The dateline's country: "Georgia" in a story from Atlanta is the US state. */
  setIn?: string | null;
}

/**
 * How a surface names its country. Only a name or a capital can also be a person's given name
 * ("Jordan Pike", "Victoria Hale"); a demonym or an official name cannot.
 */
type SurfaceKind = "name" | "capital" | "other";

/** Seats of government that stand for their state as a capital does ("Kremlin spokesman", "the White House said"). */
const SEATS_OF_GOVERNMENT: Record<string, string[]> = {
  RU: ["Kremlin"],
  US: ["White House"],
  GB: ["Downing Street"],
  FR: ["Élysée", "Elysee"],
};

/**
 * Adjectives English forms from a one-word country name besides the dataset's demonym:
 * the name without its plural "s" ("Philippine Defense Secretary"), the name with "-i"
 * ("Nepali", "Omani", "Kazakhstani") and a "-stan" name's stem ("Tajik").
 */
function derivedAdjectives(name: string, demonym: string | null): string[] {
  if (!/^\p{Lu}\p{Ll}+$/u.test(name)) return [];
  // "Djiboutian": where the dataset's demonym is the name itself, English adds "-an" to a final "i".
  if ((demonym === name || !demonym) && name.endsWith("i")) return [name + "an"];
  if (/[^s]s$/.test(name)) return [name.slice(0, -1)];
  const stem = name.replace(/i?stan$/, "");
  const forms = /[bcdfghjklmnpqrtvwxz]$/.test(name) ? [name + "i"] : [];
  // "Tajik", "Uzbek", "Kyrgyz" from "Tajikistan", "Uzbekistan", "Kyrgyzstan" (not "Pak").
  if (stem !== name && stem.length >= 5) forms.push(stem);
  return forms;
}

/** Words after a country's name that make it a geographic feature's name ("Niger Delta", "Jordan River"). */
const FEATURE_AFTER = /^ (?:Delta|River|Valley|Basin|Desert|Plateau|Highlands|Rift)(?![\p{L}])/u;

/**
 * A capital that is also a person's name in English ("Victoria", "Santiago", "Hamilton",
 * "Sofia", "Douglas"): the lexicon of the NLP library knows it as one.
 */
const isPersonName = (capital: string): boolean => !capital.includes(" ") && isSurnameLike(capital) && isNameOrDemonym(capital);

const HYPHEN = /^\s*[-–—]\s*$/;

/**
 * A country's name that is part of another name: a region named after it ("New Mexico", "New
 * Jersey"), or a person's given name ("Jordan Whitaker", "Chad Morrison", "Israel Ramírez"):
 * one word, followed by a capitalised word that is neither a country nor a word of the
 * language (an unknown or a known surname).
 */
function looksLikeOtherName(text: string, offset: number, surface: string, kind: SurfaceKind): boolean {
  const before = /(\p{Lu}[\p{L}\p{M}.]*) $/u.exec(text.slice(Math.max(0, offset - 30), offset));
  if (before && isRegionName(`${before[1]} ${surface}`)) return true;
  if (kind === "name" && FEATURE_AFTER.test(text.slice(offset + surface.length, offset + surface.length + 12))) return true;
  if (kind === "other" || surface.includes(" ") || surface !== surface.replace(/^\p{Ll}/u, "")) return false;
  // "ambassador to Russia Nadia Aït Mouhoub": after a preposition it is the country.
  if (/\b(?:to|of|in|from|with|and|for|by|at|on|between|against|into|than|as|the)\s+$/i.test(text.slice(Math.max(0, offset - 12), offset)))
    return false;
  const after = /^ (\p{Lu}\p{Ll}[\p{L}\p{M}'’-]*)/u.exec(text.slice(offset + surface.length, offset + surface.length + 40));
  return !!after && !NOT_NAME_WORDS.has(after[1]) && !isRoleWord(after[1]) && isSurnameLike(after[1]);
}

/**
 * What may follow a country's word and make it part of another name or of a set phrase:
 * an ocean ("Indian Ocean"), an airline ("Qatar Airways", "Turkish Airlines"), a currency sign
 * or its name ("US$25 billion", "a 480-million-U.S.-dollar loan"), or an English idiom whose adjective names no country ("Dutch
 * disease", "French fries", "Irish whiskey", "Turkish delight").
 */
const NOT_THE_COUNTRY_AFTER =
  /^(?:\$|[- ]dollars?(?![\p{L}])| (?:Ocean|Airlines|Airways)(?![\p{L}])| (?:disease|fries|toast|horn|windows|doors|kiss|polish|dressing|press|leave|whiskey|coffee|stew|setter|auction|courage|uncle|oven|delight|bath|cheese|pastry|roulette|whispers|checkers|summer|ink|flu|wave|hat|hound|cat|rug|carpet|blue|muffins?)(?![\p{L}]))/u;

/** "the US state of Georgia", "the province of Córdoba": a region's name after "state of". */
const REGION_OF = /\b(?:state|province|region|county|district|governorate|prefecture) of (?:the )?$/i;

/** At the start of a sentence or paragraph, where a capital letter says nothing. */
const atSentenceStart = (text: string, offset: number): boolean => /(?:^|[.!?]["”’)]?\s+|\n\s*)$/.test(text.slice(Math.max(0, offset - 4), offset));

/**
 * "Turkey growers …" when the story also speaks of "turkeys": a country's one-word name
 * opening a sentence is the common noun when the text uses that noun in lower case too.
 */
function isCommonNounHere(text: string, offset: number, surface: string): boolean {
  if (surface.includes(" ") || !atSentenceStart(text, offset)) return false;
  return new RegExp(`(?<![\\p{L}])${surface.toLowerCase()}(?:s|es)?(?![\\p{L}])`, "u").test(text);
}

/**
 * Finds countries in English text by name, official name, common aliases, demonym and
 * capital (as metonym: "Tehran-Havana relations"). Built once from the country table;
 * sovereign states win a surface they share with a territory.
 */
export class CountryMatcher {
  private readonly surfaces: SurfaceScanner;
  private readonly ambiguousSurfaces: SurfaceScanner;
  private readonly codeBySurface = new Map<string, { code: string; kind: SurfaceKind }>();
  private readonly ambiguousCapitals = new Map<string, string>();

  constructor(countries: readonly Country[]) {
    const ordered = [...countries].sort((a, b) => Number(SOVEREIGN_CODES.has(b.code)) - Number(SOVEREIGN_CODES.has(a.code)));
    for (const c of ordered) {
      const surfaces: [string | null, SurfaceKind][] = [
        [c.name, "name"],
        ...c.aliases.map((a): [string, SurfaceKind] => [a, "name"]),
        [c.officialName, "other"],
        [c.demonym, "other"],
        ...derivedAdjectives(c.name, c.demonym).map((a): [string, SurfaceKind] => [a, "other"]),
        ...(SEATS_OF_GOVERNMENT[c.code] ?? []).map((a): [string, SurfaceKind] => [a, "other"]),
      ];
      // A territory's capital named like a bigger city elsewhere ("George Town" of the Cayman Islands and of Penang) is that city;
      // a capital that is also a person's name is taken only when hyphenated to another country ("Santiago-Washington").
      const sharedName = !!c.capital && !SOVEREIGN_CODES.has(c.code) && (cityCountry(c.capital) ?? c.code) !== c.code;
      if (c.capital && (isPersonName(c.capital) || sharedName)) {
        if (!this.ambiguousCapitals.has(c.capital)) this.ambiguousCapitals.set(c.capital, c.code);
      } else surfaces.push([c.capital, "capital"]);
      for (const [s, kind] of surfaces) if (s && s.length >= 2 && !this.codeBySurface.has(s)) this.codeBySurface.set(s, { code: c.code, kind });
    }
    this.surfaces = new SurfaceScanner(this.codeBySurface.keys());
    this.ambiguousSurfaces = new SurfaceScanner(this.ambiguousCapitals.keys());
  }

  /** "Morgan Stanley", "Hotel Bogota": a capital's name after a name-like word is the end of another name. */
  private endsAName(text: string, offset: number): boolean {
    const prev = /(\p{Lu}\p{Ll}+) $/u.exec(text.slice(Math.max(0, offset - 30), offset));
    if (!prev || this.codeBySurface.has(prev[1]) || NOT_NAME_WORDS.has(prev[1]) || isRoleWord(prev[1])) return false;
    return !atSentenceStart(text, offset - prev[0].length) && isSurnameLike(prev[1]);
  }

  /**
   * Every country mention in `text`, in order. A country's name that is also a state of the
   * country the story is set in ("Georgia" in a story from Atlanta, "Niger" in one from Lagos)
   * is that state, unless the text names the country in another way too ("Georgian", "Tbilisi").
   */
  scan(text: string, context: ScanContext = {}): CountryHit[] {
    let hits: CountryHit[] = [];
    for (const { offset, surface } of this.surfaces.matches(text)) {
      const found = this.codeBySurface.get(surface);
      if (!found || looksLikeOtherName(text, offset, surface, found.kind)) continue;
      if (NOT_THE_COUNTRY_AFTER.test(text.slice(offset + surface.length, offset + surface.length + 14))) continue;
      if (REGION_OF.test(text.slice(Math.max(0, offset - 30), offset)) && isRegionName(surface)) continue;
      if (found.kind === "capital" && this.endsAName(text, offset)) continue;
      // "Georgetown University": a capital opening an institution's name is no metonym of its state.
      if (found.kind === "capital" && /^ (?:University|College)(?![\p{L}])/u.test(text.slice(offset + surface.length, offset + surface.length + 12))) continue;
      if (found.kind === "name" && isCommonNounHere(text, offset, surface)) continue;
      hits.push({ code: found.code, offset, surface });
    }
    if (context.setIn) {
      const setIn = context.setIn;
      const stateNames = new Set(hits.filter((h) => h.code !== setIn && regionCountries(h.surface).has(setIn)).map((h) => h.surface));
      const otherwiseNamed = (s: string) => hits.some((h) => h.surface !== s && h.code === hits.find((x) => x.surface === s)!.code);
      for (const s of stateNames) if (!otherwiseNamed(s)) hits = hits.filter((h) => h.surface !== s);
    }
    const joined: CountryHit[] = [];
    for (const { offset: start, surface } of this.ambiguousSurfaces.matches(text)) {
      const end = start + surface.length;
      const hyphenated = hits.some(
        (h) =>
          (h.offset >= end && HYPHEN.test(text.slice(end, h.offset))) ||
          (h.offset + h.surface.length <= start && HYPHEN.test(text.slice(h.offset + h.surface.length, start))),
      );
      if (hyphenated) joined.push({ code: this.ambiguousCapitals.get(surface)!, offset: start, surface });
    }
    return joined.length ? [...hits, ...joined].sort((a, b) => a.offset - b.offset) : hits;
  }
}
