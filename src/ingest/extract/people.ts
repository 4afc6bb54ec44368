import type { CountryDirectory } from "../../country/country-directory";
import { isRegionName } from "../../country/city-gazetteer";
import type { CountryMatcher } from "./country-matcher";
import { findPersonMentions } from "./mentions";
import { compromisePeople, isKnownNonName } from "./people-nlp";
import { countryBefore, isHead, isOpenModifier, roleAfter, roleAround, roleWithComplementBefore } from "./person-roles";
import { isNameTitle, namesOrganisation, nameSpans, spanText, type RawSpan } from "./person-spans";
import { isNameWord, joined, tokenize, type Token } from "./person-tokens";
import { textSentences } from "./sentences";
import {
  GOVERNMENT_HEADS,
  COURTESY_TITLES,
  INVERTED_SPEECH_VERBS,
  NAME_PARTICLES,
  RANK_HEADS,
  RANK_MODIFIERS,
  ROYAL_HEADS,
  NON_PERSON_HEADS,
  ROLE_MODIFIERS,
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
  /** The role is an office of a state's institution ("Foreign Ministry spokesman"). */
  official: boolean;
  evidence: boolean;
}

/** A speech verb right after the name (adverbs allowed between) or right before it. */
function isSpeaker(tokens: readonly Token[], start: number, end: number): boolean {
  for (let k = end; k < end + 3 && k < tokens.length; k++) {
    if (SPEECH_VERBS.has(tokens[k].text)) return true;
    if (!SPEECH_ADVERBS.has(tokens[k].text)) break;
  }
  const before = tokens[start - 1]?.text ?? "";
  return INVERTED_SPEECH_VERBS.has(before) || (before === "to" && tokens[start - 2]?.text.toLowerCase() === "according");
}

/** "Israel Ramírez Cota, who heads …": a relative "who" is said of people only. */
const followedByWho = (tokens: readonly Token[], end: number): boolean =>
  (tokens[end]?.text === "," ? tokens[end + 1] : tokens[end])?.text === "who";

/**
 * "Minister of Industry and Mineral Resources Bandar bin Fahad Al-Shammari": capitalised common
 * nouns that end a title's complement run into the name; the name starts after them.
 */
function cutComplement(text: string, tokens: readonly Token[], span: RawSpan): RawSpan {
  // After a comma the whole run is the name: "Minister of Foreign Trade, Alfredo Parra Machado,".
  if (tokens[span.start - 1]?.text === ",") return span;
  let last = span.start;
  // "Archbishop of Tyre Elie Boutros Abi Nader", "Governor of Texas Ann Reyes": one place after "<Head> of" ends the complement too.
  while (
    span.end - (last + 1) >= 2 &&
    (isOpenModifier(tokens[last]) || ROLE_MODIFIERS.has(tokens[last].text) || (tokens[last - 1]?.text === "of" && isHead(tokens[last - 2]?.text ?? "")))
  )
    last++;
  for (let j = last; j > span.start; j--) if (roleWithComplementBefore(text, tokens, j)) return { ...span, start: j };
  return span;
}

/** Lower-cased word sequences that speak alone elsewhere in the text ("Qian said", "De la Fuente said"). */
function speakingForms(text: string, tokens: readonly Token[], spans: readonly RawSpan[]): string[] {
  return spans
    .filter((s) => isSpeaker(tokens, s.start, s.end))
    .map((s) => spanText(text, tokens, s.start, s.end).toLowerCase())
    .filter((form) => form.length > 2 && !NAME_PARTICLES.has(form));
}

/** A shorter form of the name is the subject of a speech verb elsewhere: the name is a person's. */
function speaksByShortForm(name: string, forms: readonly string[]): boolean {
  const padded = ` ${name.toLowerCase()} `;
  return forms.some((form) => form !== name.toLowerCase() && padded.includes(` ${form} `));
}

/** "President Raisi": an office title right before one word that is no common English word. */
function singleName(tokens: readonly Token[], start: number, role: string | null): boolean {
  const head = tokens[start - 1]?.text ?? "";
  return role !== null && isHead(head) && /^\p{Lu}/u.test(head) && !NON_PERSON_HEADS.has(head) && !isKnownNonName(tokens[start].text);
}

/** "his Bolivian counterpart(,) Name": the country of the demonym, the office of whoever the text spoke of. */
function counterpartOf(tokens: readonly Token[], start: number): string | null {
  let k = start - 1;
  if (tokens[k]?.text === ",") k--;
  if (!/^counterparts?$/i.test(tokens[k]?.text ?? "")) return null;
  return tokens[k - 1]?.country ?? null;
}

const isRankWord = (w: string): boolean => RANK_HEADS.has(w) || RANK_MODIFIERS.has(w);

/** After these a capitalised run is a place as often as not: "maritime security in Khor Abdullah", "fishermen near Ras Hadd". */
const LOCATIVE = /^(?:in|near|across|along|off|into|inside|outside|around|towards?)$/;

/** Where the titles before a name start: titles and ranks ("Rear Admiral", "Sheikh") and courtesy titles ("Dr.", "Prof"). */
function titlesBefore(tokens: readonly Token[], start: number): number {
  let lead = start;
  for (;;) {
    const w = tokens[lead - 1]?.text ?? "";
    if (isNameTitle(w) || COURTESY_TITLES.has(w)) lead--;
    else if (w === "." && COURTESY_TITLES.has(tokens[lead - 2]?.text ?? "") && tokens[lead - 2].end === tokens[lead - 1].start) lead -= 2;
    else if (RANK_MODIFIERS.has(w) && (isRankWord(tokens[lead]?.text ?? "") || tokens[lead]?.text === "Chief")) lead--;
    // "Air Chief Marshal".
    else if (w === "Chief" && tokens[lead]?.text === "Marshal") lead--;
    else return lead;
  }
}

/** The rank written between `lead` and the name ("Rear Admiral", "Air Chief Marshal"), or null. */
function rankText(tokens: readonly Token[], lead: number, start: number): string | null {
  const words = tokens.slice(lead, start).map((t) => t.text);
  const head = words.findLastIndex((w) => RANK_HEADS.has(w));
  if (head < 0) return null;
  let first = head;
  while (first > 0 && (RANK_MODIFIERS.has(words[first - 1]) || (words[first - 1] === "Chief" && words[first] === "Marshal"))) first--;
  return words.slice(first, head + 1).join(" ");
}

function readSpans(text: string, tokens: readonly Token[]): NameSpan[] {
  const raw = nameSpans(text, tokens).map((span) => cutComplement(text, tokens, span));
  const forms = speakingForms(text, tokens, raw);
  return raw.flatMap((span) => {
    const { start, end, titled } = span;
    const words = end - start;
    if (words > 6 || namesOrganisation(text, tokens, span)) return [];
    // Roles stand before a dropped title, rank or courtesy title too: "Deputy Foreign Minister Sheikh Jarrah Al-Sabah",
    // "Army commander General Nabil Haddad", "Minister of Energy Dr. Fatouma Daher".
    const lead = titlesBefore(tokens, start);
    const rank = rankText(tokens, lead, start);
    const counterpart = counterpartOf(tokens, lead);
    const around = roleAround(text, tokens, lead, end);
    const role = around.role ?? rank;
    const country = around.country ?? counterpart;
    // One word is a name only after a title ("Mr Raisi") or a capitalised office ("President Raisi").
    if (words === 1 && !titled && !singleName(tokens, start, role)) return [];
    // "the Sheikh Najjar industrial city": a title and one word after "the" name a place after someone.
    const oneWord = words === 1 || (words === 2 && isNameTitle(tokens[start].text));
    if (oneWord && titled && /^the$/i.test(tokens[Math.min(lead, start) - 1]?.text ?? "")) return [];
    // "Jalan Sultan Ahmad Shah": a royal title inside a longer capitalised run names a street or a building.
    const royal = ROYAL_HEADS.has(tokens[lead - 1]?.text ?? "") ? lead - 1 : -1;
    if (royal > 0 && isNameWord(tokens[royal - 1]) && !tokens[royal - 1].sentenceStart && joined(text, tokens[royal - 1], tokens[royal])) return [];
    // "Fishermen near Ras Hadd said": after a locative preposition the speaker is whoever stands before it.
    const speaker = isSpeaker(tokens, start, end) && !(start === lead && LOCATIVE.test(tokens[start - 1]?.text ?? ""));
    // "the bulk carrier Captain Lorenzo": a rank before one word is a person only when that person speaks or holds an office.
    if (words === 1 && rank && around.role === null && !speaker) return [];
    const name = spanText(text, tokens, start, end);
    const evidence =
      titled || speaker || role !== null || counterpart !== null || followedByWho(tokens, end) || (words > 1 && speaksByShortForm(name, forms));
    return [{ name, start, end, role, country, speaker, counterpart: counterpart !== null, official: around.official, evidence }];
  });
}

/** "Iran's President said": a role and a country written without a name after them. */
function unnamedRoles(text: string, tokens: readonly Token[], spans: readonly NameSpan[]): { role: string; country: string; offset: number }[] {
  const refs: { role: string; country: string; offset: number }[] = [];
  // "Rajiv Kumar Bhardwaj, India's Minister of State": an apposition is that person's role, not a role without a name.
  const afterName = new Set(spans.map((s) => s.end + 1));
  for (let i = 1; i < tokens.length; i++) {
    if (!/^\p{Lu}/u.test(tokens[i].text) || (!tokens[i - 1].country && !/^['’]s?$/.test(tokens[i - 1].text))) continue;
    const country = countryBefore(tokens, i);
    const r = country ? roleAfter(text, tokens, i) : null;
    if (!country || !r || isNameWord(tokens[r.next])) continue;
    if (tokens[country.first - 1]?.text === "," && afterName.has(country.first)) continue;
    refs.push({ role: r.role, country: country.code, offset: tokens[i].start });
    i = r.next - 1;
  }
  return refs;
}

/** What the spans say of one name. */
interface Gathered {
  name: string;
  role: string | null;
  country: string | null;
  speaker: boolean;
  official: boolean;
  /** Shorter forms of the name the text also uses ("Ferreira Santos", "De la Fuente"). */
  forms: string[];
}

/** The head word of a role: "Minister" of "Minister of State", "Secretary" of "Foreign Secretary". */
const roleHead = (role: string): string => role.split(" of ")[0].split(" ").pop()!;

/**
 * A name whose words are a run of a longer name's ("Raisi", "Ferreira Santos", "Dos Santos
 * Neto", "De la Fuente") is that person, referred to by part of the name: merged into it.
 */
function mergeShortForms(byName: Map<string, Gathered>): void {
  const words = (name: string): string => ` ${name.toLowerCase()} `;
  for (const [name, p] of byName) {
    const full = [...byName.values()].find((f) => f.name.length > name.length && words(f.name).includes(words(name)));
    if (!full) continue;
    full.role ??= p.role;
    full.country ??= p.country;
    full.speaker ||= p.speaker;
    full.forms.push(name, ...p.forms);
    byName.delete(name);
  }
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
  const tokens = tokenize(text, tools.matcher.scan(text, { setIn: tools.datelineCountry }));
  const spans = readSpans(text, tokens);
  // Spans no rule explains: ask the NLP library about their sentences only (it is the slow part).
  // "told Al Mayadeen": whoever is told is as often an outlet as a person; the library's guess is not enough there.
  // After "in", "near" or "across" a capitalised run is a place as often as not ("maritime security in Khor Abdullah").
  const pending = spans.filter(
    (s) =>
      !s.evidence &&
      s.end - s.start <= 3 &&
      !/^(?:told|tells|tell)$/.test(tokens[s.start - 1]?.text ?? "") &&
      !LOCATIVE.test(tokens[s.start - 1]?.text ?? ""),
  );
  if (pending.length) {
    const sentences = textSentences(text);
    const inSentence = (offset: number): string => sentences.findLast((x) => x.offset <= offset)?.text ?? text;
    const nlpNames = compromisePeople([...new Set(pending.map((s) => inSentence(tokens[s.start].start)))].join("\n\n"));
    for (const s of pending) s.evidence = nlpNames.has(s.name);
  }

  // "New Jersey", "New Mexico": a region's name is no person's.
  for (const sp of spans) if (sp.evidence && isRegionName(sp.name)) sp.evidence = false;
  const byName = new Map<string, Gathered>();
  const withRoles = spans.filter((x) => x.evidence && x.role);
  for (const s of spans.filter((x) => x.evidence)) {
    // "… Foreign Minister Ana Soto met her Peruvian counterpart, Luis Paz": the same office.
    if (s.counterpart && !s.role) s.role = withRoles.findLast((x) => x.start < s.start && !x.counterpart)?.role ?? null;
    const p = byName.get(s.name) ?? { name: s.name, role: null, country: null, speaker: false, official: false, forms: [] };
    if (!p.role && s.role) p.official = s.official;
    p.role ??= s.role;
    p.country ??= s.country;
    p.speaker ||= s.speaker;
    byName.set(s.name, p);
  }
  mergeShortForms(byName);

  const people = [...byName.values()].map((p) => {
    const found = findPersonMentions(text, p.name);
    const surname = p.name.split(" ").pop()!;
    const aliases = new Set(p.forms);
    if (p.name.includes(" ") && (found?.count ?? 0) > countExact(text, p.name)) aliases.add(surname);
    return { ...p, aliases: [...aliases], firstOffset: found?.firstOffset ?? 0, count: found?.count ?? 1, surface: found?.surface ?? p.name };
  });
  people.sort((a, b) => a.firstOffset - b.firstOffset);

  for (const ref of unnamedRoles(text, tokens, spans)) {
    if (people.some((p) => p.role === ref.role && (p.country === ref.country || p.country === null))) {
      const same = people.find((p) => p.role === ref.role && p.country === null);
      if (same) same.country = ref.country;
      continue;
    }
    const next = people.find((p) => p.role === null && p.country === null && p.speaker && p.firstOffset > ref.offset);
    if (next) Object.assign(next, { role: ref.role, country: ref.country });
  }
  // An office of government, or of a state's institution, held unqualified in a story belongs to the dateline's country.
  for (const p of people) {
    if (!p.country && p.role && tools.datelineCountry && (GOVERNMENT_HEADS.has(roleHead(p.role)) || p.official)) p.country = tools.datelineCountry;
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
