import { RelationKind } from "../../relation/relation-kind";
import type { CountryMatcher } from "./country-matcher";
import { blankQuotes, textSentences } from "./sentences";

/** A relation between two countries that one sentence of a story asserts. */
export interface ExtractedRelation {
  kind: RelationKind;
  /** Alpha-2 codes, a < b. */
  a: string;
  b: string;
  sentence: string;
  /** Where the sentence starts in the text. */
  offset: number;
}

/** Words that say which kind of relation two countries have. */
const CUES: readonly [RelationKind, RegExp][] = [
  [RelationKind.STRATEGIC, /\bstrategic(?:ally)?\b/],
  [RelationKind.ECONOMIC, /\b(?:economic|economy|trade|trading|commercial|investments?|business)\b/],
  [RelationKind.DIPLOMATIC, /\b(?:diplomatic|diplomacy|diplomats?|ambassadors?|embass(?:y|ies)|talks|consular)\b/],
  [
    RelationKind.CONFLICT,
    /\b(?:conflicts?|wars?|clash(?:es|ed)?|attacks?|attacked|tensions?|hostile|hostilities|aggression|fighting|escalation)\b/,
  ],
  [RelationKind.SANCTIONS, /\bsanction(?:s|ed|ing)?\b/],
  [RelationKind.CULTURAL, /\b(?:cultural|culture|arts?|artists?|heritage)\b/],
];
/** A negation near the cue: "have no diplomatic relations", "never traded". */
const NEGATION = /\b(?:no|not|never|without|severed|suspended|cut off|broke off)\b/;

/** Two countries named together; `c` is a country marker "§n" (with an optional "the"). */
const C = "(?:the\\s+)?§(\\d+)";
const PAIRS: readonly RegExp[] = [
  new RegExp(`${C}\\s*[-–—/]\\s*${C}`, "g"), // "Iran-Cuba relations", "Tehran-Havana"
  new RegExp(`\\bbetween\\s+${C}\\s+and\\s+${C}`, "g"), // "ties between Iran and Cuba"
  new RegExp(`${C}\\s+and\\s+${C}`, "g"), // "Iran and Cuba agreed …"
  new RegExp(`${C}(?:'s|’s|'|’)?\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:relations|ties|cooperation|partnership|trade)\\s+with\\s+${C}`, "gu"),
];
/** Sanctions said with their direction: "X has imposed sanctions on Y", "Sanctions imposed by X on Y". */
const SANCTIONS: readonly RegExp[] = [
  new RegExp(`${C}\\s+(?:[\\p{L}-]+\\s+){0,3}?sanctions\\s+(?:[\\p{L}-]+\\s+){0,2}?(?:on|against)\\s+${C}`, "gu"),
  new RegExp(`\\bsanctions\\s+(?:imposed|announced|levied)\\s+by\\s+${C}\\s+(?:on|against)\\s+${C}`, "g"),
];
/** How far around a pair a cue may be, in words, within the same clause. */
const WORDS_BEFORE = 4;
const WORDS_AFTER = 6;

/** The clause words around [start, end) of `s`: a few words each side, stopping at , ; : and quotes. */
function cueWindow(s: string, start: number, end: number): string {
  const left = s
    .slice(0, start)
    .split(/[,;:()"“”]/)
    .pop()!
    .trim()
    .split(/\s+/)
    .slice(-WORDS_BEFORE);
  const right = s
    .slice(end)
    .split(/[,;:()"“”]/)[0]
    .trim()
    .split(/\s+/)
    .slice(0, WORDS_AFTER);
  return `${left.join(" ")} ${s.slice(start, end)} ${right.join(" ")}`;
}

/**
 * Country relations a story asserts, one per kind and pair (first evidence kept), from
 * sentence-level rules: two different countries named together — "Iran-Cuba",
 * "Tehran-Havana", "between X and Y", "X and Y", "X's ties with Y" — and a cue word of the
 * kind close by in the same clause (strategic → STRATEGIC, trade → ECONOMIC, talks →
 * DIPLOMATIC, conflict → CONFLICT, cultural → CULTURAL), or sanctions one imposes on the
 * other. Quoted speech is left out and negated cues are skipped: precision over recall.
 */
export function extractCountryRelations(text: string, matcher: CountryMatcher): ExtractedRelation[] {
  const found = new Map<string, ExtractedRelation>();
  const printed = textSentences(text);
  for (const sentence of textSentences(blankQuotes(text))) {
    const hits = matcher.scan(sentence.text);
    if (new Set(hits.map((h) => h.code)).size < 2) continue;
    // Each country mention becomes "§n", so the rules read "§0-§1 relations are strategic".
    let marked = "";
    let at = 0;
    hits.forEach((h, n) => {
      marked += sentence.text.slice(at, h.offset) + `§${n}`;
      at = h.offset + h.surface.length;
    });
    marked = (marked + sentence.text.slice(at)).toLowerCase();
    // The evidence is the printed sentence (quotes included) that holds this one.
    const original = printed.findLast((p) => p.offset <= sentence.offset) ?? sentence;
    const add = (kind: RelationKind, x: number, y: number): void => {
      const [p, q] = [hits[x].code, hits[y].code].sort();
      if (p === q || found.has(`${kind}|${p}|${q}`)) return;
      found.set(`${kind}|${p}|${q}`, { kind, a: p, b: q, sentence: original.text, offset: original.offset });
    };
    for (const rule of SANCTIONS) for (const m of marked.matchAll(rule)) add(RelationKind.SANCTIONS, Number(m[1]), Number(m[2]));
    for (const rule of PAIRS) {
      for (const m of marked.matchAll(rule)) {
        const window = cueWindow(marked, m.index, m.index + m[0].length);
        if (NEGATION.test(window)) continue;
        for (const [kind, cue] of CUES) if (cue.test(window)) add(kind, Number(m[1]), Number(m[2]));
      }
    }
  }
  return [...found.values()];
}
