import { isCommonWord } from "./people-nlp";
import { isInitial, isNameWord, joined, type Token } from "./person-tokens";
import { ABBREVIATED_TITLES, COURTESY_TITLES, NAME_PARTICLES, NAME_TITLES, ORGANISATION_HEADS, RANK_HEADS } from "./person-vocabulary";

/** Tokens [start, end) that could be a person's name; `titled` when a title stands before it. */
export interface RawSpan {
  start: number;
  end: number;
  titled: boolean;
}

/** "Gov. Oleh Marchenko", "Col. Serhiy Bondarchuk": an abbreviated title or rank and its period right before token i. */
export const abbreviationBefore = (tokens: readonly Token[], i: number): string | null => {
  const dot = tokens[i - 1];
  const abbr = tokens[i - 2];
  if (dot?.text !== "." || !abbr || abbr.end !== dot.start || !(abbr.text in ABBREVIATED_TITLES)) return null;
  return abbr.text;
};

/** Where a name that starts at token i ends: name words, initials ("John F. Kennedy") and runs of particles ("van den", "de la"). */
function nameEnd(text: string, tokens: readonly Token[], i: number): number {
  let end = i + 1;
  for (;;) {
    if (isNameWord(tokens[end]) && joined(text, tokens[end - 1], tokens[end])) {
      end++;
      continue;
    }
    if (isInitial(text, tokens, end) && joined(text, tokens[end - 1], tokens[end]) && isNameWord(tokens[end + 2])) {
      end += 3;
      continue;
    }
    let k = end;
    while (k - end < 2 && NAME_PARTICLES.has(tokens[k]?.text ?? "") && joined(text, tokens[k - 1], tokens[k])) k++;
    if (k > end && isNameWord(tokens[k]) && joined(text, tokens[k - 1], tokens[k])) {
      end = k + 1;
      continue;
    }
    return end;
  }
}

/** Initials opening a name ("K. S. Raghunathan"): the index of the name word after them, or -1. */
function afterInitials(text: string, tokens: readonly Token[], i: number): number {
  let j = i;
  while (isInitial(text, tokens, j)) j += 2;
  return j > i && isNameWord(tokens[j]) ? j : -1;
}

/** A title or a rank written before a name: "Imam", "Sheikh", "Admiral", "Captain". */
export const isNameTitle = (w: string): boolean => NAME_TITLES.has(w) || RANK_HEADS.has(w);

/** Maximal runs of name words (initials and particles inside, a title like "Imam" in front). */
export function nameSpans(text: string, tokens: readonly Token[]): RawSpan[] {
  const spans: RawSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const initials = afterInitials(text, tokens, i);
    const opensName = initials > 0 || (isNameWord(tokens[i]) && !(i > 0 && isNameWord(tokens[i - 1]) && joined(text, tokens[i - 1], tokens[i])));
    if (!opensName) continue;
    const end = nameEnd(text, tokens, initials > 0 ? initials : i);
    let start = i;
    while (start > 0 && isNameTitle(tokens[start - 1].text) && joined(text, tokens[start - 1], tokens[start])) start--;
    const courtesy = tokens[i - 1]?.text === "." ? tokens[i - 2] : tokens[i - 1]; // "Mr Raisi", "Mr. Raisi"
    const titled =
      start < i || (courtesy !== undefined && COURTESY_TITLES.has(courtesy.text)) || abbreviationBefore(tokens, i) !== null;
    // A title stays in a one-word name ("Imam Khomeini"); before a full name it is no part of it ("Sheikh Jarrah Al-Sabah"),
    // and a rank never is ("General Haddad" is Haddad).
    if (start < i && (end - i >= 2 || RANK_HEADS.has(tokens[i - 1].text))) start = i;
    // "Yesterday Ebrahim Raisi": a common word opening a sentence is not part of the name.
    if (!titled && end - start > 2 && tokens[start].sentenceStart && isCommonWord(tokens[start].text)) start++;
    else if (!titled && end - start === 2 && tokens[start].sentenceStart && isCommonWord(tokens[start].text)) {
      i = end - 1;
      continue;
    }
    spans.push({ start, end, titled });
    i = end - 1;
  }
  return spans;
}

/** The text of tokens [start, end) as printed, white space folded ("K. S. Raghunathan", a no-break space as a space). */
export const spanText = (text: string, tokens: readonly Token[], start: number, end: number): string =>
  text.slice(tokens[start].start, tokens[end - 1].end).replace(/\s+/gu, " ");

/**
 * A capitalised run that names an organisation, a building or a place rather than a person:
 * it ends in such a word ("Northgate Capital") or runs on into one ("Simón Bolívar
 * International Bridge", "Sheikh Zayed Grand Mosque"); it stands after "at" with no title
 * ("analysts at Goldman Sachs"); or a relative "which" follows it ("Lockheed Martin, which").
 */
export function namesOrganisation(text: string, tokens: readonly Token[], span: RawSpan): boolean {
  if (ORGANISATION_HEADS.has(tokens[span.end - 1].text)) return true;
  // "Préfecture du Rhône", "Bank of Korea": such a word and a particle open the name.
  if (ORGANISATION_HEADS.has(tokens[span.start].text) && NAME_PARTICLES.has(tokens[span.start + 1]?.text ?? "")) return true;
  for (let k = span.end; k < span.end + 3 && k < tokens.length && joined(text, tokens[k - 1], tokens[k]); k++) {
    if (!/^\p{Lu}/u.test(tokens[k].text)) break;
    if (ORGANISATION_HEADS.has(tokens[k].text)) return true;
  }
  // "analysts at Goldman Sachs", "signed at the Préfecture du Rhône".
  const before = tokens[span.start - 1]?.text === "the" ? span.start - 2 : span.start - 1;
  if (!span.titled && tokens[before]?.text === "at") return true;
  const next = tokens[span.end]?.text === "," ? tokens[span.end + 1] : tokens[span.end];
  return next?.text === "which";
}
