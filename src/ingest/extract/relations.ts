import { RelationKind } from "../../relation/relation-kind";
import type { CountryHit, CountryMatcher, ScanContext } from "./country-matcher";
import { CUES, IN_A_TITLE, NEGATION, PAIR_ANAPHORA } from "./relation-cues";
import { textSentences } from "./sentences";

/** A relation between two countries that one sentence of a story asserts. */
export interface ExtractedRelation {
  kind: RelationKind;
  /** Alpha-2 codes, a < b. */
  a: string;
  b: string;
  /** Who acts on whom, where the sentence says it ("X imposed sanctions on Y": from X, to Y). */
  from: string | null;
  to: string | null;
  sentence: string;
  /** Where the sentence starts in the text. */
  offset: number;
}

/** Country mentions joined by "and", commas, hyphens or slashes: "Iran and Cuba", "Tehran-Havana", "Pakistani and Afghan". */
interface Group {
  codes: string[];
  start: number;
  end: number;
  /** "between X and Y" or "X-Y": the two are related to each other whatever else the clause says. */
  closed: boolean;
}

/** Clause boundaries: what a relation never reaches across. */
const CLAUSE_BREAK = /[;:()]|,(?!\d)|\s(?:but|while|whereas|although|though|despite|after|before|when)\s/g;
const JOINER = /^\s*(?:,\s*(?:and\s+)?|and\s+(?:the\s+)?|[-–—/]\s*|&\s*)$/i;

/** Groups of coordinated country mentions in a clause, in order. */
function groups(clause: string, hits: readonly CountryHit[]): Group[] {
  const out: Group[] = [];
  for (const h of hits) {
    const last = out[out.length - 1];
    const end = h.offset + h.surface.length;
    if (last && JOINER.test(clause.slice(last.end, h.offset))) {
      if (!last.codes.includes(h.code)) last.codes.push(h.code);
      last.closed ||= /[-–—/]/.test(clause.slice(last.end, h.offset));
      last.end = end;
    } else {
      out.push({ codes: [h.code], start: h.offset, end, closed: /\bbetween\s+(?:the\s+)?$/i.test(clause.slice(0, h.offset)) });
    }
  }
  return out;
}

/** The clauses of a sentence with their offsets in it. */
function clauses(sentence: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let at = 0;
  for (const m of sentence.matchAll(CLAUSE_BREAK)) {
    out.push({ text: sentence.slice(at, m.index), offset: at });
    at = m.index + m[0].length;
  }
  out.push({ text: sentence.slice(at), offset: at });
  return out;
}

/** Lower case that keeps every offset ("İ" would otherwise grow to two code units). */
const lowerSameLength = (s: string): string =>
  s.replace(/\p{Lu}/gu, (c) => {
    const l = c.toLowerCase();
    return l.length === c.length ? l : c;
  });

/** Pairs of distinct codes across two lists. */
const cross = (xs: readonly string[], ys: readonly string[]): [string, string][] =>
  xs.flatMap((x) => ys.filter((y) => y !== x).map((y): [string, string] => [x, y]));
/** Every pair within one list. */
const within = (xs: readonly string[]): [string, string][] => xs.flatMap((x, i) => xs.slice(i + 1).map((y): [string, string] => [x, y]));

/**
 * The pairs a clause relates through a cue at `cue`: a closed group ("between X and Y", "X-Y")
 * relates its members; else what stands before the cue (the subject) relates to what follows
 * it (the object) — "Washington would keep its sanctions on Iran and Cuba" is US–IR and US–CU,
 * "China and India continued to buy Russian oil" is CN–RU and IN–RU; with nothing after the
 * cue, the countries before it relate to each other ("India and Nepal signed a power trade
 * agreement", "Vietnam is Cuba's largest trading partner"). "the two countries" stands for the
 * story's main pair.
 */
function pairsAround(
  clause: string,
  gs: Group[],
  cue: number,
  mainPair: string[] | null,
): { pairs: [string, string][]; directed: boolean } {
  const closed = gs.filter((g) => g.closed && g.codes.length > 1);
  if (closed.length) return { pairs: within(closed[0].codes), directed: false };
  const before = gs.filter((g) => g.end <= cue);
  // "export raw ore through China": a country passed through is no party.
  const after = gs.filter((g) => g.start >= cue && !/\b(?:through|via|across)\s+(?:the\s+)?$/i.test(clause.slice(0, g.start)));
  const found = PAIR_ANAPHORA.exec(clause);
  // "the two countries" stands for the main pair as a subject, after "between", or as the object of a named country.
  const anaphora = found && (found.index < cue || /\bbetween\s+$/.test(clause.slice(0, found.index))) ? found : null;
  const subject = before.length ? before[before.length - 1].codes : [];
  let object = after.length ? after[0].codes : [];
  if (found && mainPair && found.index >= cue && !object.length && subject.length) object = mainPair;
  // "by X": the agent stands after the cue ("sanctions imposed on Iran by the United States").
  const by = after.find((g) => /\bby\s+(?:the\s+)?$/i.test(clause.slice(0, g.start)));
  if (by && !subject.length) {
    return {
      pairs: cross(
        by.codes,
        after.filter((g) => g !== by).flatMap((g) => g.codes),
      ),
      directed: true,
    };
  }
  const objectNew = object.filter((c) => !subject.includes(c));
  if (subject.length && objectNew.length) return { pairs: cross(subject, objectNew), directed: true };
  const beforeCodes = [...new Set(before.flatMap((g) => g.codes))];
  if (beforeCodes.length > 1) return { pairs: within(beforeCodes.slice(-2)), directed: false };
  // "films from Armenia and Kazakhstan": countries something comes from are not related to each other by it.
  if (!subject.length && object.length > 1 && !/\bfrom\s+(?:the\s+)?$/i.test(clause.slice(0, after[0].start))) return { pairs: within(object), directed: false };
  if (anaphora && mainPair) {
    const one = [...new Set([...subject, ...object])];
    if (one.length === 0) return { pairs: within(mainPair), directed: false };
    if (one.length === 1 && mainPair.includes(one[0])) return { pairs: within(mainPair), directed: false };
  }
  return { pairs: [], directed: false };
}

/**
 * The relation one clause asserts: the first kind (in CUES order) with a cue occurrence that
 * relates countries around it; nothing when a negation, threat or wish comes first.
 */
function relateClause(
  clause: string,
  gs: Group[],
  mainPair: string[] | null,
  add: (kind: RelationKind, pairs: [string, string][], directed: boolean) => void,
): void {
  for (const { kind, cue, needs } of CUES) {
    if (needs && !needs.test(clause)) continue;
    for (const m of clause.matchAll(cue)) {
      if (IN_A_TITLE.test(clause.slice(m.index + m[0].length))) continue;
      if (NEGATION.test(clause.slice(0, m.index)) || /\bnot\b/.test(clause.slice(m.index, m.index + 40))) return;
      const { pairs, directed } = pairsAround(clause, gs, m.index, mainPair);
      if (pairs.length) return add(kind, pairs, directed);
    }
  }
}

/**
 * Country relations a story asserts, one per kind and pair (first evidence kept): per clause,
 * a cue word of a kind (trade → ECONOMIC, security agreement → STRATEGIC, expelled diplomats →
 * DIPLOMATIC, clashed → CONFLICT, sanctions → SANCTIONS, cultural → CULTURAL) relates the
 * countries around it (see pairsAround). A negation or threat before the cue in its clause
 * yields nothing. Each relation keeps its sentence and that sentence's offset in the text.
 */
export function extractCountryRelations(text: string, matcher: CountryMatcher, context: ScanContext = {}): ExtractedRelation[] {
  const found = new Map<string, ExtractedRelation>();
  let mainPair: string[] | null = null;
  const counts = new Map<string, number>();
  // Scanned once over the whole text: whether a word is a country can depend on the rest of the story.
  const textHits = matcher.scan(text, context);
  for (const sentence of textSentences(text)) {
    const lower = lowerSameLength(sentence.text);
    const end = sentence.offset + sentence.text.length;
    const sentenceHits = textHits
      .filter((h) => h.offset >= sentence.offset && h.offset + h.surface.length <= end)
      .map((h) => ({ ...h, offset: h.offset - sentence.offset }));
    for (const clause of clauses(lower)) {
      const hits = sentenceHits
        .filter((h) => h.offset >= clause.offset && h.offset + h.surface.length <= clause.offset + clause.text.length)
        .map((h) => ({ ...h, offset: h.offset - clause.offset }));
      relateClause(clause.text, groups(clause.text, hits), mainPair, (kind, pairs, directed) => {
        for (const [x, y] of pairs) {
          const [a, b] = [x, y].sort();
          if (found.has(`${kind}|${a}|${b}`)) continue;
          found.set(`${kind}|${a}|${b}`, {
            kind,
            a,
            b,
            from: directed ? x : null,
            to: directed ? y : null,
            sentence: sentence.text,
            offset: sentence.offset,
          });
        }
      });
    }
    // The story's main pair so far: its two most named countries.
    for (const h of sentenceHits) counts.set(h.code, (counts.get(h.code) ?? 0) + 1);
    const ranked = [...counts].sort((x, y) => y[1] - x[1]);
    mainPair = ranked.length > 1 ? [ranked[0][0], ranked[1][0]] : null;
  }
  return [...found.values()];
}
