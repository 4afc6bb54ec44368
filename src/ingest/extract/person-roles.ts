import { countryEndingAt, countryStartingAt, isNameWord, isPossessive, joined, type Token } from "./person-tokens";
import { regionCountries } from "../../country/city-gazetteer";
import { isDescriptiveWord, isKnownNonName, isNameOrDemonym } from "./people-nlp";
import { abbreviationBefore } from "./person-spans";
import {
  ABBREVIATED_TITLES,
  NON_PERSON_HEADS,
  NOT_NAME_WORDS,
  ORGANISATION_HEADS,
  PARTY_WORDS,
  ROLE_HEADS,
  ROLE_MODIFIERS,
  SPOKESPERSON_HEADS,
  STATE_INSTITUTIONS,
} from "./person-vocabulary";

/** A role title found in a text: the title, its country when the text says it, and its token range. */
export interface RoleMatch {
  role: string;
  country: string | null;
  first: number;
  next: number;
  /** Said of a state's institution ("Foreign Ministry spokesman", "air force spokesman"): a state's official. */
  official?: boolean;
}

const SMALL_WORDS = new Set(["of", "the", "for", "and", "to", "in"]);
const titleCase = (w: string): string => (SMALL_WORDS.has(w.toLowerCase()) ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1));
const capital = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
export const isHead = (w: string): boolean => ROLE_HEADS.has(w) || (w === w.toLowerCase() && ROLE_HEADS.has(capital(w)));
const isModifier = (w: string): boolean => ROLE_MODIFIERS.has(w) || (w === w.toLowerCase() && ROLE_MODIFIERS.has(capital(w)));
const roleText = (tokens: readonly Token[], first: number, next: number): string =>
  tokens
    .slice(first, next)
    .map((t) => titleCase(t.text))
    .join(" ");

/**
 * A capitalised common word in a title that no list names ("Mining Minister", "Power Minister",
 * "Human Resources Minister"): known to the lexicon, not as a name; no country, no party.
 */
export const isOpenModifier = (t: Token | undefined): boolean =>
  !!t &&
  !t.country &&
  /^\p{Lu}\p{Ll}+$/u.test(t.text) &&
  !PARTY_WORDS.has(t.text) &&
  !NOT_NAME_WORDS.has(t.text) &&
  !isNameOrDemonym(t.text) &&
  (isKnownNonName(t.text) || isKnownNonName(t.text.replace(/s$/, "")) || COMMON_NOUN_ENDING.test(t.text));
/** Endings of English common nouns and adjectives ("Commerce", "Industry", "Logistics", "International"). */
const COMMON_NOUN_ENDING = /(?:ion|ment|ce|ry|ics|ism|ing|ure|ty|ship|ness|ces|al|ure|port)$/;

/** Country written just before token i: "Kazakh Ambassador", "Iran's President", "the United States' Envoy". */
export function countryBefore(tokens: readonly Token[], i: number): { code: string; first: number } | null {
  const poss = isPossessive(tokens[i - 1]) ? 1 : 0;
  return countryEndingAt(tokens, i - 1 - poss);
}

/** A capitalised word of an institution's name, no country: "Foreign Office", "Defense Ministry". */
const isBodyWord = (t: Token): boolean =>
  !t.country && /^\p{Lu}/u.test(t.text) && (NOT_NAME_WORDS.has(t.text) || isModifier(t.text) || isOpenModifier(t) || STATE_INSTITUTIONS.has(t.text));

/** A lower-case word inside a capitalised title, other than its joining words ("Chief of Staff", "Commander in Chief"). */
const isLowerWord = (t: Token): boolean => !/^(?:of|and|in)$/.test(t.text) && /^\p{Ll}/u.test(t.text);

/** Ranks that stay with the head of a spokesperson's title ("Deputy Spokesman"). */
const SPOKESPERSON_RANKS = new Set(["Deputy", "Chief", "Senior", "Principal"]);

/** "former Senegalese president": a role held before, with the country between. */
const FORMER = /^(?:former|Former|late|then)$/;

/** "charge d'affaires" / "Chargé d'Affaires" ending just before token `end`: its first token, or -1. */
function chargeDaffaires(tokens: readonly Token[], end: number): number {
  const t = (i: number) => tokens[end - i]?.text ?? "";
  return /^affaires$/i.test(t(1)) && /^['’]$/.test(t(2)) && /^d$/i.test(t(3)) && /^charg[eé]s?$/i.test(t(4)) ? end - 4 : -1;
}

/** A role title ending just before token `end` ("Army Chief of Staff" before "Rilo Ivberg"). */
export function roleBefore(text: string, tokens: readonly Token[], end: number): RoleMatch | null {
  const charge = chargeDaffaires(tokens, end);
  if (charge >= 0) {
    const country = countryBefore(tokens, charge);
    return { role: "Charge d'Affaires", country: country?.code ?? null, first: country?.first ?? charge, next: end };
  }
  let first = end - 1;
  if (first < 0 || !isHead(tokens[first].text)) return null;
  const lowerHead = /^\p{Ll}/u.test(tokens[first].text);
  let nouns = 0;
  while (first > 0 && joined(text, tokens[first - 1], tokens[first])) {
    const w = tokens[first - 1].text;
    if (isHead(w) || isModifier(w) || isOpenModifier(tokens[first - 1])) first--;
    // "festival director", "port director": one lower-case noun before a lower-case title says what it directs.
    else if (lowerHead && nouns === 0 && !SPOKESPERSON_HEADS.has(capital(tokens[end - 1].text)) && isDescriptiveWord(w, true)) {
      nouns++;
      first--;
    }
    // "Deputy Prime Minister and Foreign Minister": two offices held together.
    else if (w === "and" && first > 1 && /^\p{Lu}/u.test(tokens[first].text) && /^\p{Lu}/u.test(tokens[first - 2].text) && isHead(tokens[first - 2].text))
      first -= 2;
    else if (w === "of" && first > 1 && (isHead(tokens[first - 2].text) || isModifier(tokens[first - 2].text))) first -= 2;
    // "Commander in Chief".
    else if (w === "in" && first > 1 && isHead(tokens[first - 2].text) && /^\p{Lu}/u.test(tokens[first].text)) first -= 2;
    // "Commerce and Industry Minister", "Business and Trade Secretary".
    else if (
      w === "and" &&
      first > 1 &&
      /^\p{Lu}/u.test(tokens[first].text) &&
      (isModifier(tokens[first - 2].text) || isOpenModifier(tokens[first - 2]))
    )
      first -= 2;
    else break;
  }
  const head = tokens[end - 1].text;
  // Whom a spokesperson speaks for may be any body: "Pakistan's Foreign Office spokeswoman".
  if (SPOKESPERSON_HEADS.has(capital(head)))
    while (first > 0 && joined(text, tokens[first - 1], tokens[first]) && isBodyWord(tokens[first - 1])) first--;
  // The country stands before the whole phrase: "Belarusian Foreign Ministry spokesman".
  const country = countryBefore(tokens, first);
  const phraseFirst = first;
  const official = tokens.slice(first, end - 1).some((t) => STATE_INSTITUTIONS.has(capital(t.text)) || STATE_INSTITUTIONS.has(t.text));
  if (SPOKESPERSON_HEADS.has(head.toLowerCase() === head ? capital(head) : "")) {
    // A spokesperson described in lower case says whom they speak for, not an office: "Kremlin
    // spokesman" is a Spokesman; a capitalised "Foreign Ministry Spokesperson" is a formal title.
    first = end - 1;
    if (end - 2 >= phraseFirst && SPOKESPERSON_RANKS.has(capital(tokens[end - 2].text))) first = end - 2;
  } else if (/^\p{Ll}/u.test(head)) {
    // A lower-case title keeps its lower-case words ("opposition leader", "foreign policy chief"); a
    // capitalised word before them names the body ("White House spokesperson"), unless it only opens the sentence.
    while (first < end - 1 && /^\p{Lu}/u.test(tokens[first].text) && !(tokens[first].sentenceStart && /^\p{Ll}/u.test(tokens[first + 1].text))) first++;
  } else if (tokens.slice(first, end).some(isLowerWord)) {
    // A capitalised title after lower-case words: "regional Governor" is a Governor.
    while (first < end - 1 && /^\p{Ll}/u.test(tokens[first].text)) first++;
    if (tokens.slice(first, end).some(isLowerWord)) return null;
  }
  // "Marine Affairs", "Foreign Affairs": such a head is a title only with its "of" ("Minister of Foreign Affairs").
  if (NON_PERSON_HEADS.has(head) && !tokens.slice(first, end).some((t) => t.text === "of")) return null;
  // "Economy Ministry State Secretary": the office is what follows the ministry's name.
  const body = tokens.slice(first, end - 1).findLastIndex((t) => /^(?:Ministry|Department|Office)$/.test(t.text));
  if (body >= 0 && !SPOKESPERSON_HEADS.has(capital(head))) first += body + 1;
  let role = roleText(tokens, first, end);
  let from = country?.first ?? phraseFirst;
  if (country && FORMER.test(tokens[country.first - 1]?.text ?? "")) {
    role = `Former ${role}`;
    from = country.first - 1;
  } else if (!country && FORMER.test(tokens[phraseFirst - 1]?.text ?? "") && phraseFirst === first) {
    role = `Former ${role}`;
  }
  return { role, country: country?.code ?? null, first: from, next: end, official };
}

/**
 * "State Sen. Jordan Ellis", "Kharkiv regional Gov. Oleh Marchenko": the office an abbreviated
 * title stands for; a rank ("Col.") gives none, so the title before it counts ("Air force
 * spokesman Col. Serhiy Bondarchuk").
 */
export function abbreviatedRoleBefore(text: string, tokens: readonly Token[], start: number): RoleMatch | null {
  const abbr = abbreviationBefore(tokens, start);
  if (!abbr) return null;
  const office = ABBREVIATED_TITLES[abbr];
  const at = start - 2;
  if (!office) return roleBefore(text, tokens, at);
  let first = at;
  while (first > 0 && joined(text, tokens[first - 1], tokens[first]) && /^\p{Lu}/u.test(tokens[first - 1].text) && isHead(tokens[first - 1].text))
    first--;
  const words = [...tokens.slice(first, at).map((t) => titleCase(t.text)), office];
  const country = countryBefore(tokens, first);
  return { role: words.join(" "), country: country?.code ?? null, first: country?.first ?? first, next: start };
}

/** Tokens a complement of a title may hold without commas around the name: capitalised words, "and", "the", a bracket. */
const COMPLEMENT_WORD = (t: Token): boolean => /^\p{Lu}/u.test(t.text) || /^(?:and|the|&|,|\(|\)|['’]s?)$/.test(t.text);

/**
 * A title with its complement before a name: "Minister of Industry and Mineral Resources
 * Bandar bin Fahad Al-Shammari", "Nigeria's Minister of State for Petroleum Resources (Gas),
 * Ngozi Eze-Uchenna", "A spokesman for the Taliban government's interior ministry, Mawlawi
 * Abdul Basir Hamdard". The role is the title without its complement ("Minister", "Minister of
 * State", "Spokesman"); between commas the complement may hold lower-case words.
 */
export function roleWithComplementBefore(text: string, tokens: readonly Token[], start: number): RoleMatch | null {
  let k = start - 1;
  const apposition = tokens[k]?.text === ",";
  if (apposition) k--;
  let lower = 0;
  for (let steps = 0; k > 0 && steps < 12; steps++, k--) {
    const t = tokens[k];
    if (text.slice(t.end, tokens[k + 1].start).includes("\n")) return null;
    if (/^(?:of|for|in|to)$/.test(t.text) && isHead(tokens[k - 1].text)) {
      if (k + 1 >= (apposition ? start - 1 : start)) return null;
      const r = roleBefore(text, tokens, k);
      if (!r) return null;
      const ofState = t.text === "of" && tokens[k + 1].text === "State";
      const role = ofState ? `${r.role} of State` : r.role;
      const inner = tokens.slice(k + 1, apposition ? start - 1 : start);
      // "chief executive of the logistics company Anatolia Rail Cargo": a name right after "the" and a lower-case noun is the body's.
      // Only a body named by its own head word ("… People's Committee") may stand there.
      if (lower > 0 && !apposition && inner[0]?.text === "the" && !ORGANISATION_HEADS.has(tokens[start - 1].text)) return null;
      const official = r.official || inner.some((x) => STATE_INSTITUTIONS.has(x.text) || STATE_INSTITUTIONS.has(capital(x.text)));
      return { role, country: r.country, first: r.first, next: start, official };
    }
    // "Vice Chairwoman of the municipal People's Committee", "councillor for transport": up to two lower-case words.
    if (!apposition && !COMPLEMENT_WORD(t) && !((isDescriptiveWord(t.text) || /^\p{Ll}{3,}ing$/u.test(t.text)) && ++lower <= 2)) return null;
    if (/^[.;:!?"“”]$/.test(t.text)) return null;
    // "the ambassador of the Republic of Cuba Alberto Gonzalez, Ebrahim Raisi said": a name inside ends the search.
    const inside = k + 1 < (apposition ? start - 1 : start);
    if (inside && isNameWord(t) && isNameWord(tokens[k + 1]) && joined(text, t, tokens[k + 1]) && !isOpenModifier(tokens[k + 1])) return null;
  }
  return null;
}

/** A role title starting at token `start` ("Ambassador", "Member of Parliament"): its end is `next`. */
export function roleAfter(text: string, tokens: readonly Token[], start: number): RoleMatch | null {
  let next = start;
  let lastHead = -1;
  while (next < tokens.length && (next === start || joined(text, tokens[next - 1], tokens[next]))) {
    const w = tokens[next].text;
    if (w === "of" && next > start && isModifier(tokens[next + 1]?.text ?? "")) next++;
    else if (w === "of" && next > start && isHead(tokens[next + 1]?.text ?? "")) next++;
    else if (isHead(w) || isModifier(w)) {
      if (isHead(w)) lastHead = next + 1;
      next++;
    } else break;
  }
  if (lastHead < 0) return null;
  return { role: roleText(tokens, start, lastHead), country: null, first: start, next: lastHead };
}

/** Words before a title that show it describes someone: "the Tajik ambassador, X", "her counterpart, X". */
const DETERMINER = /^(?:the|a|an|his|her|its|their|our|The|A|An|His|Her|Its|Their|Our|['’]s?)$/;

/**
 * "the Tajik ambassador, Davlatmurod Sharifzoda," / "Pakistan's Foreign Office spokeswoman, Amna
 * Rafiq,": a title, a comma, and the name closed by a comma or the sentence's end.
 */
function appositiveRoleBefore(text: string, tokens: readonly Token[], start: number, end: number): RoleMatch | null {
  if (tokens[start - 1]?.text !== "," || !/^(?:,|\.|\)|;)$/.test(tokens[end]?.text ?? ".")) return null;
  const r = roleBefore(text, tokens, start - 1);
  if (!r || (!r.country && !DETERMINER.test(tokens[r.first - 1]?.text ?? ""))) return null;
  return r;
}

/** "of the Ground Self-Defense Force": a complement naming a state's institution, up to the clause's end. */
function namesStateInstitution(tokens: readonly Token[], from: number): boolean {
  for (let k = from; k < tokens.length && k < from + 8 && !/^[,.;:]$/.test(tokens[k].text); k++) {
    if (tokens[k].text.split("-").some((w) => STATE_INSTITUTIONS.has(w)) || STATE_INSTITUTIONS.has(tokens[k].text)) return true;
  }
  return false;
}

/** "New Mexico", "Bavaria": a state or province of exactly one country, written from token i (one to three words). */
function regionAt(text: string, tokens: readonly Token[], i: number): string | null {
  for (let n = 3; n >= 1; n--) {
    const words = tokens.slice(i, i + n);
    if (words.length < n || !words.every((t) => /^\p{Lu}/u.test(t.text)) || !words.every((t, j) => j === 0 || joined(text, words[j - 1], t))) continue;
    const countries = regionCountries(words.map((t) => t.text).join(" "));
    if (countries.size === 1) return [...countries][0];
  }
  return null;
}

/** A role said around a name, its country, and whether it is an office of a state's institution. */
export interface RoleAround {
  role: string | null;
  country: string | null;
  official: boolean;
}

/**
 * Role and country said around a name at tokens [start, end): "<Demonym> <Role> Name",
 * "<role> of <Country>, Name", "Name, <Country>'s <Role>,", "Name, the <Demonym> <role>",
 * "Name, <role> of <Country>", "<Role> Name of <Country>".
 */
export function roleAround(text: string, tokens: readonly Token[], start: number, end: number): RoleAround {
  let role: string | null = null;
  let country: string | null = null;
  let official = false;
  const before = roleBefore(text, tokens, start);
  if (before) ({ role, country } = before);
  official ||= !!before?.official;

  // "<role> of (the) <Country>(,) Name": "the new ambassador of the Republic of Cuba Alberto Gonzalez".
  if (!role) {
    let k = start - 1;
    if (tokens[k]?.text === ",") k--;
    const c = countryEndingAt(tokens, k);
    if (c) {
      let j = c.first - 1;
      if (tokens[j]?.text.toLowerCase() === "the") j--;
      if (tokens[j]?.text === "of" || tokens[j]?.text === "to") {
        const r = roleBefore(text, tokens, j);
        if (r) ({ role, country } = { role: r.role, country: tokens[j].text === "of" ? c.code : r.country });
      }
    }
  }

  // "Gov. Name", "Minister of Economy and Foreign Trade Name", "the Tajik ambassador, Name,".
  if (!role) {
    const r =
      abbreviatedRoleBefore(text, tokens, start) ??
      roleWithComplementBefore(text, tokens, start) ??
      appositiveRoleBefore(text, tokens, start, end);
    if (r) ({ role, country, official } = { role: r.role, country: r.country, official: !!r.official });
  }

  // "Name, <Country>'s <Role>," / "Name, the <Demonym> <Role>," / "Name, <role> of <Country>,".
  if (tokens[end]?.text === ",") {
    let k = end + 1;
    const indefinite = /^(a|an)$/i.test(tokens[k]?.text ?? "");
    if (/^(the|a|an)$/i.test(tokens[k]?.text ?? "")) k++;
    // "Name, an energy analyst at …", "a transport economist": what someone is, said of a kind of work, is its head.
    if (indefinite) {
      let j = k;
      while (j < k + 3 && tokens[j] && /^\p{Ll}/u.test(tokens[j].text) && !isHead(tokens[j].text) && (isDescriptiveWord(tokens[j].text) || /ing$/.test(tokens[j].text))) j++;
      if (j > k && tokens[j] && isHead(tokens[j].text)) k = j;
    }
    const c = countryStartingAt(tokens, k);
    if (c) {
      const r = roleAfter(text, tokens, c.next + (isPossessive(tokens[c.next]) ? 1 : 0));
      if (r) return { role: role ?? r.role, country: country ?? c.code, official };
    } else {
      const r = roleAfter(text, tokens, k);
      if (r) {
        role ??= r.role;
        if (tokens[r.next]?.text === "of") {
          const object = r.next + (tokens[r.next + 1]?.text === "the" ? 2 : 1);
          country ??= countryStartingAt(tokens, object)?.code ?? null;
          official ||= namesStateInstitution(tokens, object);
        }
      }
    }
  }

  // "<Role> Name of <Country>", "Congresswoman Name of New Mexico" (a state or province of one country).
  if (role && !country && tokens[end]?.text === "of") {
    const object = end + (tokens[end + 1]?.text.toLowerCase() === "the" ? 2 : 1);
    country = countryStartingAt(tokens, object)?.code ?? regionAt(text, tokens, object);
  }
  return { role, country, official };
}
