import type { CountryDirectory } from "../../country/country-directory";
import { isRegionName } from "../../country/city-gazetteer";
import type { CountryMatcher } from "./country-matcher";
import { findPersonMentions } from "./mentions";
import { compromisePeople, isCommonWord, isKnownNonName } from "./people-nlp";
import { countryBefore, roleAfter, roleAround } from "./person-roles";
import { isNameWord, joined, tokenize, type Token } from "./person-tokens";
import { textSentences } from "./sentences";
import {
  COURTESY_TITLES,
  GOVERNMENT_HEADS,
  NAME_PARTICLES,
  NAME_TITLES,
  NON_PERSON_HEADS,
  SPEECH_ADVERBS,
  SPEECH_VERBS,
} from "./person-vocabulary";

/** A person named in a story, with what the story says about them. */
export interface ExtractedPerson {
  name: string;
  role: string | null;
  /** ISO alpha-2 code of the country the person speaks for, when the text says it. */
  country: string | null;
  /** Other forms the text uses for the person (the surname alone). */
  aliases: string[];
  firstOffset: number;
  count: number;
  surface: string;
}

/** The tools extractPeople needs: the country table and its matcher. */
export interface PeopleTools {
  countries: CountryDirectory;
  matcher: CountryMatcher;
  /** The story's dateline country: an unqualified "Defense Minister X" in a Tokyo story is Japan's. */
  datelineCountry?: string | null;
}

/** A candidate name at tokens [start, end), with the evidence around it. */
interface NameSpan {
  name: string;
  start: number;
  end: number;
  role: string | null;
  country: string | null;
  speaker: boolean;
  /** Named as someone's counterpart: the office is theirs. */
  counterpart: boolean;
  evidence: boolean;
}

/** Maximal runs of name words (particles inside, a title like "Imam" in front). */
function nameSpans(text: string, tokens: readonly Token[]): { start: number; end: number; titled: boolean }[] {
  const spans: { start: number; end: number; titled: boolean }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isNameWord(tokens[i]) || (i > 0 && isNameWord(tokens[i - 1]) && joined(text, tokens[i - 1], tokens[i]))) continue;
    let end = i + 1;
    for (;;) {
      if (isNameWord(tokens[end]) && joined(text, tokens[end - 1], tokens[end])) end++;
      else if (NAME_PARTICLES.has(tokens[end]?.text ?? "") && isNameWord(tokens[end + 1]) && joined(text, tokens[end - 1], tokens[end]))
        end += 2;
      else break;
    }
    let start = i;
    while (start > 0 && NAME_TITLES.has(tokens[start - 1].text) && joined(text, tokens[start - 1], tokens[start])) start--;
    const courtesy = tokens[i - 1]?.text === "." ? tokens[i - 2] : tokens[i - 1]; // "Mr Raisi", "Mr. Raisi"
    const titled = start < i || (courtesy !== undefined && COURTESY_TITLES.has(courtesy.text));
    // A title stays in a one-word name ("Imam Khomeini"); before a full name it is no part of it ("Sheikh Jarrah Al-Sabah").
    if (start < i && end - i >= 2) start = i;
    // "Yesterday Ebrahim Raisi": a common word opening a sentence is not part of the name.
    if (!titled && end - start > 2 && tokens[start].sentenceStart && isCommonWord(tokens[start].text)) start++;
    else if (!titled && end - start === 2 && tokens[start].sentenceStart && isCommonWord(tokens[start].text)) continue;
    spans.push({ start, end, titled });
    i = end - 1;
  }
  return spans;
}

/** A speech verb right after the name (adverbs allowed between) or right before it. */
function isSpeaker(tokens: readonly Token[], start: number, end: number): boolean {
  for (let k = end; k < end + 3 && k < tokens.length; k++) {
    if (SPEECH_VERBS.has(tokens[k].text)) return true;
    if (!SPEECH_ADVERBS.has(tokens[k].text)) break;
  }
  const before = tokens[start - 1]?.text ?? "";
  return SPEECH_VERBS.has(before) || (before === "to" && tokens[start - 2]?.text.toLowerCase() === "according");
}

/** "President Raisi": an office title right before one word that is no common English word. */
function singleName(tokens: readonly Token[], start: number, role: string | null): boolean {
  const head = tokens[start - 1]?.text ?? "";
  return role !== null && /^\p{Lu}/u.test(head) && !NON_PERSON_HEADS.has(head) && !isKnownNonName(tokens[start].text);
}

/** "his Bolivian counterpart(,) Name": the country of the demonym, the office of whoever the text spoke of. */
function counterpartOf(tokens: readonly Token[], start: number): string | null {
  let k = start - 1;
  if (tokens[k]?.text === ",") k--;
  if (!/^counterparts?$/i.test(tokens[k]?.text ?? "")) return null;
  return tokens[k - 1]?.country ?? null;
}

function readSpans(text: string, tokens: readonly Token[]): NameSpan[] {
  return nameSpans(text, tokens).flatMap(({ start, end, titled }) => {
    const words = end - start;
    if (words > 6) return [];
    const counterpart = counterpartOf(tokens, start);
    const around = roleAround(text, tokens, start, end);
    const { role } = around;
    const country = around.country ?? counterpart;
    // One word is a name only after a title ("Mr Raisi") or a capitalised office ("President Raisi").
    if (words === 1 && !titled && !singleName(tokens, start, role)) return [];
    const speaker = isSpeaker(tokens, start, end);
    const name = tokens
      .slice(start, end)
      .map((t) => t.text)
      .join(" ");
    return [
      {
        name,
        start,
        end,
        role,
        country,
        speaker,
        counterpart: counterpart !== null,
        evidence: titled || speaker || role !== null || counterpart !== null,
      },
    ];
  });
}

/** "Iran's President said": a role and a country written without a name after them. */
function unnamedRoles(text: string, tokens: readonly Token[]): { role: string; country: string; offset: number }[] {
  const refs: { role: string; country: string; offset: number }[] = [];
  for (let i = 1; i < tokens.length; i++) {
    if (!/^\p{Lu}/u.test(tokens[i].text) || (!tokens[i - 1].country && !/^['’]s?$/.test(tokens[i - 1].text))) continue;
    const country = countryBefore(tokens, i);
    const r = country ? roleAfter(text, tokens, i) : null;
    if (!country || !r || isNameWord(tokens[r.next])) continue;
    refs.push({ role: r.role, country: country.code, offset: tokens[i].start });
    i = r.next - 1;
  }
  return refs;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const countExact = (text: string, name: string): number =>
  [...text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, "gu"))].length;

/**
 * People named in a story text (paragraphs joined with "\n\n"), in order of first mention.
 * A capitalised run of 2-4 words is a person when the text gives evidence: a role title
 * ("Lebanese Army Chief of Staff Rilo Ivberg"), an apposition ("Alren Caseada, Iran's Foreign
 * Minister,"), a speech verb ("Ebrahim Raisi stated"), a title ("Imam Khomeini"), or the
 * English NLP library (compromise) naming it. Countries, capitals, demonyms, organisations and
 * layout labels never are. A role written without a name before the person is named ("Iran's
 * President said …, Ebrahim Raisi stated") is given to the next speaker without a role.
 */
export function extractPeople(text: string, tools: PeopleTools): ExtractedPerson[] {
  const tokens = tokenize(text, tools.matcher.scan(text));
  const spans = readSpans(text, tokens);
  // Spans no rule explains: ask the NLP library about their sentences only (it is the slow part).
  const pending = spans.filter((s) => !s.evidence && s.end - s.start <= 3);
  if (pending.length) {
    const sentences = textSentences(text);
    const inSentence = (offset: number): string => sentences.findLast((x) => x.offset <= offset)?.text ?? text;
    const nlpNames = compromisePeople([...new Set(pending.map((s) => inSentence(tokens[s.start].start)))].join("\n\n"));
    for (const s of pending) s.evidence = nlpNames.has(s.name);
  }

  // "New Jersey", "New Mexico": a region's name is no person's.
  for (const sp of spans) if (sp.evidence && isRegionName(sp.name)) sp.evidence = false;
  const byName = new Map<string, { name: string; role: string | null; country: string | null; speaker: boolean }>();
  const withRoles = spans.filter((x) => x.evidence && x.role);
  for (const s of spans.filter((x) => x.evidence)) {
    // "… Foreign Minister Ana Soto met her Peruvian counterpart, Luis Paz": the same office.
    if (s.counterpart && !s.role) s.role = withRoles.findLast((x) => x.start < s.start && !x.counterpart)?.role ?? null;
    const p = byName.get(s.name) ?? { name: s.name, role: null, country: null, speaker: false };
    p.role ??= s.role;
    p.country ??= s.country;
    p.speaker ||= s.speaker;
    byName.set(s.name, p);
  }
  // A one-word name ("President Raisi") is the full name ending with it, when there is one.
  for (const [name, p] of byName) {
    if (name.includes(" ")) continue;
    const full = [...byName.values()].find((f) => f.name.includes(" ") && f.name.endsWith(" " + name));
    if (!full) continue;
    full.role ??= p.role;
    full.country ??= p.country;
    byName.delete(name);
  }

  const people = [...byName.values()].map((p) => {
    const found = findPersonMentions(text, p.name);
    const surname = p.name.split(" ").pop()!;
    const aliases = p.name.includes(" ") && (found?.count ?? 0) > countExact(text, p.name) ? [surname] : [];
    return { ...p, aliases, firstOffset: found?.firstOffset ?? 0, count: found?.count ?? 1, surface: found?.surface ?? p.name };
  });
  people.sort((a, b) => a.firstOffset - b.firstOffset);

  for (const ref of unnamedRoles(text, tokens)) {
    if (people.some((p) => p.role === ref.role && (p.country === ref.country || p.country === null))) {
      const same = people.find((p) => p.role === ref.role && p.country === null);
      if (same) same.country = ref.country;
      continue;
    }
    const next = people.find((p) => p.role === null && p.country === null && p.speaker && p.firstOffset > ref.offset);
    if (next) Object.assign(next, { role: ref.role, country: ref.country });
  }
  // An office of government held unqualified in a story belongs to the dateline's country.
  for (const p of people) {
    if (!p.country && p.role && tools.datelineCountry && GOVERNMENT_HEADS.has(p.role.split(" ").pop()!)) p.country = tools.datelineCountry;
  }
  return people.map(({ name, role, country, aliases, firstOffset, count, surface }) => ({
    name,
    role,
    country,
    aliases,
    firstOffset,
    count,
    surface,
  }));
}
